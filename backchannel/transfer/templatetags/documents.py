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
