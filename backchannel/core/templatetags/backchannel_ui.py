"""Template helpers of the web UI: labels and numbers."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString

from backchannel.core import l10n, web
from backchannel.core.markdown import (
    markdown_text,
    render_markdown,
    render_markdown_inline,
)

register = template.Library()


@register.simple_tag
def error_summary(*forms: Any) -> list[web.ErrorLink]:
    """``{% error_summary form formset as errors %}``: see core.web.error_summary."""
    return web.error_summary(*forms)


@register.filter(name="markdown")
def markdown_filter(text: Any) -> SafeString:
    """User text written in Markdown (a process's context, a note, an idea,
    an output) as sanitised HTML: ``backchannel.core.markdown``, the one
    renderer of every page."""
    return render_markdown(str(text or ""))


@register.filter(name="markdown_inline")
def markdown_inline_filter(text: Any) -> SafeString:
    """One line of user Markdown (a condition, a red line) as sanitised inline
    HTML: emphasis, code and links, without a paragraph around it."""
    return render_markdown_inline(str(text or ""))


@register.filter
def markdown_inline_join(items: Any, separator: str = "; ") -> SafeString:
    """Several one-line Markdown texts rendered inline, joined on one line."""
    return SafeString(
        conditional_escape(separator).join(
            render_markdown_inline(str(item)) for item in items or ()
        )
    )


@register.filter(name="markdown_text")
def markdown_text_filter(text: Any) -> str:
    """User Markdown as plain text on one line (no markup characters), for an
    excerpt; Django escapes it like any other text."""
    return markdown_text(str(text or ""))


@register.filter
def number(value: float | None) -> str:
    """A figure for people, in the reader's language: 2.0 → "2", 2.5 → "2.5"
    ("2,5" in French), None → "–". Never for SVG coordinates or attributes
    (the chart layer writes those) nor machine-readable exports."""
    if value is None:
        return "–"
    return l10n.number(float(value))


@register.filter
def percent(share: float | None) -> str:
    return "–" if share is None else f"{round(share * 100)}%"


@register.filter
def percent_int(share: float | None) -> int:
    return 0 if share is None else round(share * 100)
