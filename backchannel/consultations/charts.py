"""The opinion map of a consultation's results, drawn by the chart layer
(``backchannel.charts``) like every other chart: a title, axes, a marker and
colour per group, a text alternative and the groups as a table."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from backchannel.charts import Chart, scatter_chart
from backchannel.core.l10n import number


def _group_name(group: dict[str, Any]) -> str:
    return _("Group %(label)s") % {"label": group["label"]}


def opinion_chart(data: dict[str, Any], key: str = "opinion-map") -> Chart | None:
    """The stored results' ``map`` (sampled PCA points ``[x, y, group]``) as a
    scatter chart, or None before any participant is on the map."""
    points = data.get("map", {}).get("points", [])
    if not points:
        return None
    groups = data.get("groups", [])
    series = {
        _group_name(g): [(x, y) for x, y, gid in points if gid == g["id"]]
        for g in groups
    }
    total = int(data.get("in_map", len(points)))
    description = " ".join(
        [
            _("Each dot is a participant; dots close together voted alike."),
            ngettext("%(counter)s participant", "%(counter)s participants", total)
            % {"counter": number(total)},
            ngettext("in %(counter)s group:", "in %(counter)s groups:", len(groups))
            % {"counter": number(len(groups))},
            "; ".join(
                _("group %(label)s, %(size)s")
                % {"label": g["label"], "size": number(g["size"])}
                for g in groups
            )
            + ".",
        ]
    )
    note = ""
    if data.get("map", {}).get("sampled"):
        note = _("Showing %(shown)s of %(total)s participants, sampled at random.") % {
            "shown": number(len(points)),
            "total": number(total),
        }
    return scatter_chart(
        _("Opinion map"),
        _("First axis of the votes (principal component, no unit)"),
        _("Second axis of the votes (principal component, no unit)"),
        series,
        sizes={_group_name(g): int(g["size"]) for g in groups},
        columns=(
            _("Opinion group"),
            _("Participants"),
            _("Centre on the first axis"),
            _("Centre on the second axis"),
        ),
        description=description,
        note=note,
        number=number,
        key=key,
    )
