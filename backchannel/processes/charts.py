"""The ecosystem graph of a process, one builder for the dashboard and the
process report: this process in the middle, the processes it is linked with
around it, arrows from a process to the one it relates to."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _

from backchannel.charts import Chart, graph_chart


def ecosystem_chart(
    nodes: Sequence[tuple[str, str]], edges: Sequence[tuple[int, int, str]]
) -> Chart | None:
    """``nodes``: (label, kind: this | internal | external), this process
    first; ``edges``: (source index, target index, relation)."""
    if not edges:
        return None
    return graph_chart(
        _("The ecosystem of processes"),
        nodes,
        edges,
        kind_labels={
            "this": _("This process"),
            "internal": _("Process in this workspace"),
            "external": _("External process"),
        },
        columns=(_("From"), _("Relation"), _("To")),
        note=_("Arrows point from a process to the one it relates to."),
        key="ecosystem",
    )


def dashboard_ecosystem_chart(process: Any, edges: Sequence[Any]) -> Chart | None:
    """The chart from the dashboard's ``EcosystemEdge`` rows (selectors)."""
    nodes: list[tuple[str, str]] = [(str(process.title), "this")]
    index: dict[tuple[str, str], int] = {}
    lines: list[tuple[int, int, str]] = []
    for edge in edges:
        link = edge.link
        if link.process_id != process.pk:
            key, label, kind, outgoing = (
                ("p", str(link.process_id)),
                edge.source,
                "internal",
                False,
            )
        elif link.target_external_id:
            key, label, kind, outgoing = (
                ("x", str(link.target_external_id)),
                edge.target,
                "external",
                True,
            )
        else:
            key, label, kind, outgoing = (
                ("p", str(link.target_process_id)),
                edge.target,
                "internal",
                True,
            )
        if key not in index:
            index[key] = len(nodes)
            nodes.append((label, kind))
        other = index[key]
        lines.append(
            (0, other, edge.relation) if outgoing else (other, 0, edge.relation)
        )
    return ecosystem_chart(nodes, lines)
