"""The report as one document: sections of paragraphs, facts, tables and
figures, written once (``reports.compose``) and drawn by two thin renderers,
the page (``reports/_document.html``) and the PDF (``reports.render``). A
section added to the document appears in both.

Every text is final here: translated, numbers and dates written the reader's
way (``core.l10n``); a renderer only lays it out. A cell reading the
suppression label ("fewer than 3") is marked as such by both.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from backchannel.charts import Chart


@dataclass(frozen=True)
class Paragraph:
    """``style``: "" (body), "strong" (with its ``detail`` after it), "help"
    and "note" (explanations), "muted" (nothing to show), "warning"."""

    text: str
    style: str = ""
    detail: str = ""
    kind: ClassVar[str] = "paragraph"


@dataclass(frozen=True)
class Subheading:
    """A heading inside a section; ``detail`` follows it, lighter."""

    text: str
    id: str
    detail: str = ""
    kind: ClassVar[str] = "subheading"


@dataclass(frozen=True)
class Facts:
    """Labelled values (the overview): a definition list on the page, a
    two-column table in the PDF."""

    items: list[tuple[str, str]]
    kind: ClassVar[str] = "facts"


@dataclass(frozen=True)
class Table:
    """``numeric``: the columns aligned as figures; ``row_headers``: the first
    cell of a row names it; ``labelled_by``: the id of the heading that names
    the table (its scrollable region on the page)."""

    columns: list[str]
    rows: list[list[str]]
    labelled_by: str
    numeric: frozenset[int] = frozenset()
    row_headers: bool = False
    kind: ClassVar[str] = "table"


@dataclass(frozen=True)
class Figure:
    chart: Chart
    id: str
    kind: ClassVar[str] = "figure"


Block = Paragraph | Subheading | Facts | Table | Figure


@dataclass
class Section:
    id: str
    title: str
    blocks: list[Block] = field(default_factory=list)

    @property
    def title_id(self) -> str:
        return f"{self.id}-title"


@dataclass
class Document:
    title: str
    note: str
    suppressed: str  # the label of a suppressed count, as cells read it
    sections: list[Section]

    def section(self, section_id: str) -> Section:
        return next(s for s in self.sections if s.id == section_id)
