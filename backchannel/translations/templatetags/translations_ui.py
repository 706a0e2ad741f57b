from __future__ import annotations

from django import template

from backchannel.core.languages import language_name

register = template.Library()


@register.filter
def language_label(code: str) -> str:
    """'ar' → 'Arabic (ar)' in the interface's language."""
    if not code:
        return ""
    name = language_name(code)
    return code if name == code else f"{name} ({code})"
