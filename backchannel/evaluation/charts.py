"""The evaluation's trend charts (trust per side, cross-side density), one
builder for the evaluation page and the process report: words translated in
the active language, numbers and months the reader's way
(:mod:`backchannel.core.l10n`), drawn by :mod:`backchannel.charts`. A
suppressed value is a gap in its line, never a value."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.utils.translation import gettext as _

from backchannel.charts import Chart, line_chart
from backchannel.core import l10n


def trust_chart(
    dates: Sequence[dt.date], series: Sequence[tuple[str, Sequence[float | None]]]
) -> Chart | None:
    """``series``: (side, its mean per round or None when fewer than three answered)."""
    if not dates:
        return None
    return line_chart(
        _("Trust across rounds, by side"),
        _("Trust round (month held)"),
        _("Mean trust score (1 to 5)"),
        [l10n.month(d) for d in dates],
        dict(series),
        y_range=(1, 5),
        number=l10n.number,
        note=_("No point for a side in a round: fewer than 3 of its people answered."),
        key="trust",
    )


def density_chart(
    dates: Sequence[dt.date], values: Sequence[float | None]
) -> Chart | None:
    if not dates:
        return None
    return line_chart(
        _("Cross-side relationships"),
        _("Trust round (month held)"),
        _("Cross-side density (share of pairs, 0 to 1)"),
        [l10n.month(d) for d in dates],
        {_("Density"): list(values)},
        y_range=(0, None),
        number=l10n.number,
        note=_(
            "Density: the share of possible pairs across sides that reported a "
            "contact. No point for a round: too few participants reported."
        ),
        key="density",
    )
