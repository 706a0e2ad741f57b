"""A count of people as a report shows it: the number, or "fewer than 3".

Used by the report's builder and by its evaluation sections (``reports.evaluation``),
which the builder includes: here so that neither imports the other for it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from backchannel.reports.cells import MIN_CELL


def suppressed_label() -> str:
    return _("fewer than %(n)d") % {"n": MIN_CELL}


@dataclass
class Cell:
    """A count of people, or None when suppressed."""

    label: str
    count: int | None

    @property
    def suppressed(self) -> bool:
        return self.count is None

    @property
    def text(self) -> str:
        return suppressed_label() if self.count is None else str(self.count)
