"""Template helpers of the web UI: labels and numbers."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from backchannel.core import web
from backchannel.core.markdown import render_markdown

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


@register.filter
def number(value: float | None) -> str:
    """2.0 → "2", 2.5 → "2.5", None → "–"."""
    if value is None:
        return "–"
    return f"{value:g}"


@register.filter
def percent(share: float | None) -> str:
    return "–" if share is None else f"{round(share * 100)}%"


@register.filter
def percent_int(share: float | None) -> int:
    return 0 if share is None else round(share * 100)
