"""Outputs read as documents: their Markdown rendered and sanitised."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from backchannel.core.markdown import render_highlighted
from backchannel.core.templatetags.backchannel_ui import markdown_filter

register = template.Library()
# The same filter as every other page's (``{% load backchannel_ui %}``).
register.filter("markdown", markdown_filter)


@register.simple_tag
def highlighted_markdown(pieces: Any) -> SafeString:
    """The gate's text rendered, with each finding in a ``<mark>``."""
    return render_highlighted(pieces)


@register.simple_tag
def finding_rows(report: Any, language: str = "") -> list[dict[str, str]]:
    """The gate page's rows: one per span, its kind and suggested redaction in
    ``language`` (the output's), never whose span it is."""
    from backchannel.core.findings import kind_word, per_span, suggestion_in

    return [
        {
            "id": f.id,
            "text": f.text,
            "kind": kind_word(f.kind, language or None),
            "suggestion": suggestion_in(f.suggestion, language or None),
        }
        for f in per_span(getattr(report, "findings", ()))
    ]
