"""Readable diffs between versions of a joint text, rendered as HTML on the server.

Words are compared, not characters: a drafter reads "<del>shall</del>
<ins>should</ins>", not a scatter of letters. Every piece of text is escaped
before it is wrapped, so the result is safe to insert into a page.
"""

from __future__ import annotations

import difflib
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

_TOKENS = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)

Status = Literal["unchanged", "changed", "added", "removed"]


class SectionLike(Protocol):
    key: uuid.UUID
    heading: str
    body: str


def _tokens(text: str) -> list[str]:
    return _TOKENS.findall(text or "")


def diff_html(old: str, new: str) -> SafeString:
    """``new`` with the words removed from ``old`` in <del> and added in <ins>.

    >>> str(diff_html("The parties shall share data.", "The parties should share <all> data."))
    'The parties <del>shall</del><ins>should</ins> share <ins>&lt;all&gt; </ins>data.'
    """
    a, b = _tokens(str(old)), _tokens(str(new))
    out: list[str] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.append(escape("".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            out.append(f"<del>{escape(''.join(a[i1:i2]))}</del>")
        if op in ("insert", "replace"):
            out.append(f"<ins>{escape(''.join(b[j1:j2]))}</ins>")
    return mark_safe("".join(out))  # noqa: S308  every piece escaped above


@dataclass(frozen=True)
class SectionDiff:
    key: uuid.UUID
    status: Status
    heading: SafeString
    body: SafeString


def section_diffs(
    old: Sequence[SectionLike], new: Sequence[SectionLike]
) -> list[SectionDiff]:
    """Sections of two versions paired by key: in the new order, then the removed."""
    before = {s.key: s for s in old}
    after_keys = {s.key for s in new}
    out: list[SectionDiff] = []
    for section in new:
        prior = before.get(section.key)
        if prior is None:
            out.append(
                SectionDiff(
                    section.key,
                    "added",
                    diff_html("", str(section.heading)),
                    diff_html("", str(section.body)),
                )
            )
            continue
        same = str(prior.heading) == str(section.heading) and str(prior.body) == str(
            section.body
        )
        out.append(
            SectionDiff(
                section.key,
                "unchanged" if same else "changed",
                diff_html(str(prior.heading), str(section.heading)),
                diff_html(str(prior.body), str(section.body)),
            )
        )
    for section in old:
        if section.key not in after_keys:
            out.append(
                SectionDiff(
                    section.key,
                    "removed",
                    diff_html(str(section.heading), ""),
                    diff_html(str(section.body), ""),
                )
            )
    return out
