"""Markdown documents rendered for reading: CommonMark by ``markdown-it-py``,
then sanitised against an allow-list by ``nh3`` (ammonia).

Raw HTML in the source is never passed through (``html: False``), images are
dropped (an ``<img>`` pointing elsewhere would report that the page was read,
and from where), links keep only http(s) and mailto and open with
``rel="noopener noreferrer"``; no inline style survives (the CSP refuses
it anyway). ``highlighted`` cuts a gate report's text into pieces and
``render_highlighted`` keeps the identification gate's ``<mark>`` highlights on
the rendered text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
    "ul", "ol", "li", "em", "strong", "del", "s", "code", "pre", "a",
    "table", "thead", "tbody", "tr", "th", "td", "mark",
}  # fmt: skip
ATTRIBUTES = {
    "a": {"href", "title"},
    "ol": {"start"},
    "mark": {"class", "id", "title"},
}
SCHEMES = {"http", "https", "mailto"}

# Private-use characters carry the gate's highlights through the parser.
OPEN, MID, CLOSE = "\ue000", "\ue001", "\ue002"
SENTINELS = re.compile(f"[{OPEN}{MID}{CLOSE}]")
MARK_OPEN = re.compile(f"{OPEN}(\\d+){MID}")

_parser = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable(
    ["table", "strikethrough"]
)


def _image_as_text(self: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
    """An image is shown as its description: nothing is fetched from elsewhere."""
    return html.escape(tokens[idx].content)


_parser.add_render_rule("image", _image_as_text)


def _clean(rendered: str) -> str:
    return nh3.clean(
        rendered,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=SCHEMES,
        link_rel="noopener noreferrer",
    )


def render_markdown(text: str) -> SafeString:
    """``text`` (Markdown) as sanitised HTML, safe to put in a page."""
    source = SENTINELS.sub("", str(text or ""))
    return mark_safe(_clean(_parser.render(source)))  # noqa: S308 - sanitised by nh3


INLINE_TAGS = {"em", "strong", "del", "s", "code", "a", "br"}


def render_markdown_inline(text: str) -> SafeString:
    """One line of Markdown (a condition, a red line) as sanitised inline HTML:
    emphasis, code and links, no paragraph or list around it."""
    source = SENTINELS.sub("", str(text or ""))
    rendered = _parser.renderInline(source)
    return mark_safe(  # noqa: S308 - sanitised by nh3
        nh3.clean(
            rendered,
            tags=INLINE_TAGS,
            attributes={"a": ATTRIBUTES["a"]},
            url_schemes=SCHEMES,
            link_rel="noopener noreferrer",
        )
    )


def markdown_text(text: str) -> str:
    """Markdown as the plain text a reader sees, on one line: no ``**``, ``#``
    or ``[…](…)`` left, for places that hold text only (a choice's label, an
    excerpt). Escape it like any text when putting it in a page."""
    source = SENTINELS.sub("", str(text or ""))
    # Every tag dropped, its text kept (still HTML-escaped), then unescaped.
    stripped = nh3.clean(_parser.render(source), tags=set())
    return " ".join(html.unescape(stripped).split())


@dataclass
class Piece:
    text: str
    finding: Any = None  # a gate Finding, or None for plain text


def highlighted(report: Any) -> list[Piece]:
    """The report's text cut into plain pieces and findings, for ``<mark>``."""
    pieces: list[Piece] = []
    pos = 0
    for f in sorted(report.findings, key=lambda f: (f.start, -f.end)):
        if f.start < pos:
            continue  # overlapping finding: the first one is highlighted
        if f.start > pos:
            pieces.append(Piece(report.text[pos : f.start]))
        pieces.append(Piece(report.text[f.start : f.end], f))
        pos = f.end
    if pos < len(report.text):
        pieces.append(Piece(report.text[pos:]))
    return pieces


def render_highlighted(pieces: Iterable[Any]) -> SafeString:
    """The gate's text, cut into pieces (``piece.text``, ``piece.finding``),
    rendered as Markdown with each finding in
    ``<mark class="finding finding--KIND" id="finding-ID">``."""
    findings: list[Any] = []
    parts: list[str] = []
    for piece in pieces:
        text = SENTINELS.sub("", str(piece.text))
        if piece.finding is None:
            parts.append(text)
        else:
            parts.append(f"{OPEN}{len(findings)}{MID}{text}{CLOSE}")
            findings.append(piece.finding)
    rendered = _parser.render("".join(parts))

    def opening(match: re.Match[str]) -> str:
        finding = findings[int(match.group(1))]
        kind = html.escape(str(finding.kind), quote=True)
        ident = html.escape(str(finding.id), quote=True)
        return f'<mark class="finding finding--{kind}" id="finding-{ident}" title="{kind}">'

    rendered = MARK_OPEN.sub(opening, rendered).replace(CLOSE, "</mark>")
    # nh3 also closes a highlight that Markdown cut across two elements.
    return mark_safe(_clean(rendered))  # noqa: S308 - sanitised by nh3
