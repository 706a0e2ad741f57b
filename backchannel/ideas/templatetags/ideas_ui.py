"""The "Ideas" panel of the process dashboard."""

from __future__ import annotations

from typing import Any

from django import template

from backchannel.ideas.models import Idea, IdeaStatus

register = template.Library()

PANEL_IDEAS = 4


@register.inclusion_tag("ideas/_ideas_panel.html")
def ideas_panel(access: Any) -> dict[str, Any]:
    """The latest ideas the actor may see (no scores: those live on the Ideas tab)."""
    ideas = Idea.objects.filter(process=access.process)
    if not access.can_manage:
        ideas = ideas.exclude(status=IdeaStatus.DRAFT)
    # One query: the panel must not weigh on the dashboard.
    rows = list(ideas.order_by("-created_on", "-id"))
    return {"process": access.process, "ideas": rows[:PANEL_IDEAS], "count": len(rows)}
