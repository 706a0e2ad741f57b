"""The convergence chart of an idea's page: the cross-side score of each
version (and the same counting "acceptable if …"), drawn by
:mod:`backchannel.charts` in the reader's language and number format."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from backchannel.charts import Chart, line_chart
from backchannel.core import l10n
from backchannel.ideas.selectors import IdeaGround


@dataclass(frozen=True)
class Convergence:
    chart: Chart
    sentence: str  # how the score moved, in plain words ("" when unknown)


def _directions() -> dict[str, str]:
    return {
        "converging": _("the sides are converging"),
        "diverging": _("the sides are moving apart"),
        "steady": _("no real change"),
    }


def convergence_chart(ground: IdeaGround) -> Convergence | None:
    """None until a version has a score the reader may see."""
    versions = ground.versions
    if not any(view.score is not None for view in versions):
        return None
    hidden = [v.version.number for v in versions if v.score is None and not v.visible]
    thin = [v.version.number for v in versions if v.score is None and v.visible]
    notes = []
    if hidden:
        notes.append(
            _("No point for version %(versions)s: its results are not shared yet.")
            % {"versions": ", ".join(str(n) for n in hidden)}
        )
    if thin:
        notes.append(
            _("No point for version %(versions)s: a side gave fewer than 3 responses.")
            % {"versions": ", ".join(str(n) for n in thin)}
        )
    chart = line_chart(
        _("Cross-side score by version"),
        _("Version of the idea"),
        _("Cross-side score (0 to 1)"),
        [_("v%(number)d") % {"number": v.version.number} for v in versions],
        {
            _("Score (only “acceptable” counts)"): [v.score for v in versions],
            _("Counting “acceptable if …” too"): [
                None if v.score is None else v.lenient_score for v in versions
            ],
        },
        y_range=(0, 1),
        number=l10n.number,
        note=" ".join(notes),
        key="convergence",
    )
    trend = ground.trend
    sentence = ""
    if trend["direction"] in _directions():
        sentence = _(
            "From version %(first)d to version %(last)d the score moved by "
            "%(change)s: %(direction)s."
        ) % {
            "first": versions[trend["first"]].version.number,
            "last": versions[trend["last"]].version.number,
            "change": l10n.number(trend["change"]),
            "direction": _directions()[trend["direction"]],
        }
    return Convergence(chart, sentence)
