"""Numbers and dates written the reader's way, for code outside templates
(charts, PDFs, exports shown to people). Templates use Django's own
``|date`` and ``{% localize %}``; machine-readable exports (CSV, JSON) keep
ISO 8601 and plain numbers.

Everything here follows the active language (``translation.override``)."""

from __future__ import annotations

import datetime as dt

from django.utils import formats
from django.utils.translation import gettext as _


def number(value: float) -> str:
    """0.25 → "0,25" in French; 2.0 → "2"."""
    # Imported here: this module loads when Django sets up (meetings' ready()),
    # and the charts package brings matplotlib, a second of every command's
    # start-up.
    from backchannel.charts.figures import tidy

    return formats.number_format(tidy(value))


def percent(share: float) -> str:
    """A share as a whole percentage the reader's way: 0.25 → "25%" ("25 %" in
    French, where the sign is spaced)."""
    return _("%(value)s%%") % {"value": number(round(share * 100))}


def day(value: dt.date | None) -> str:
    """The active language's DATE_FORMAT: "15 janvier 2027", "Jan. 15, 2027"."""
    if value is None:
        return ""
    return formats.date_format(value, "DATE_FORMAT")


def month(value: dt.date) -> str:
    """A short month and year for chart ticks: "janv. 2027", "Jan 2027"."""
    return formats.date_format(value, "M Y")
