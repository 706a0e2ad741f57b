"""Template helpers of the record pages, and the airtime panel of the dashboard."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

from backchannel.processes.access import ProcessAccess
from backchannel.records.selectors import AirtimeSummary, process_airtime_summary
from backchannel.records.shares import duration as _duration

register = template.Library()


@register.filter
def duration(seconds: int | None) -> str:
    return _duration(int(seconds or 0))


@register.filter
def share_groups(summary: AirtimeSummary) -> list[tuple[str, list[Any]]]:
    """The tables to show: by side, then (for those who keep the record) by
    gender and capacity when any time was noted with them."""
    groups: list[tuple[str, list[Any]]] = [(_("Side"), summary.sides)]
    for title, lines in (
        (_("Gender"), summary.genders),
        (_("Capacity"), summary.capacities),
    ):
        if lines and any(line.row.seconds for line in lines):
            groups.append((title, lines))
    return groups


@register.inclusion_tag("records/_airtime_panel.html")
def airtime_panel(access: ProcessAccess) -> dict[str, Any]:
    """Airtime by side across the process, for its dashboard (sides only)."""
    return {
        "process": access.process,
        "airtime": process_airtime_summary(access, access.process, sides_only=True),
    }
