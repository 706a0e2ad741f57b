"""The evaluation sections' charts.

Apart from :mod:`backchannel.reports.evaluation` (the figures), so building a
report's figures does not load matplotlib; :mod:`backchannel.reports.render`
calls these.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from backchannel import charts
from backchannel.charts import Chart
from backchannel.core import l10n
from backchannel.evaluation.charts import density_chart, trust_chart
from backchannel.reports.evaluation import EvaluationSection


def evaluation_charts(section: EvaluationSection) -> dict[str, Chart]:
    out: dict[str, Chart] = {}
    trust = trust_chart(
        [r.held_on for r in section.trust],
        [
            (side, [r.sides[i].mean for r in section.trust])
            for i, side in enumerate(section.sides)
        ],
    )
    if trust is not None:
        out["trust"] = trust
    density = density_chart(
        [r.held_on for r in section.density], [r.density for r in section.density]
    )
    if density is not None:
        out["density"] = density
    if section.objectives:
        out["objective_status"] = charts.bar_chart(
            _("Objectives by status"),
            _("Status"),
            _("Objectives (count)"),
            [label for label, _count in section.status_counts],
            {_("Objectives"): [count for _label, count in section.status_counts]},
            number=l10n.number,
            integer_axis=True,
            key="objective-status",
        )
    return out
