"""PDF documents that leave no trail: one place to start every PDF the workspace writes.

A PDF travels further than the workspace: to mediators, to home governments, to the press.
Whatever is in its document information dictionary travels with it, so a PDF made here
carries no author, creator, producer, subject or keywords, and a fixed creation date
(the epoch fpdf2 itself uses for reproducible output) instead of the moment it was made.

Text is set in DejaVu Sans, the Unicode font matplotlib ships (so no system font is
needed on a fresh machine), with HarfBuzz shaping so that Arabic joins and runs right to
left. Django is not imported: the CLI and the report builder use this as they are.

>>> data = render_pdf(new_pdf())
>>> data[:5]
b'%PDF-'
>>> document_metadata(data)
{}
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from fpdf import FPDF

#: fpdf2's own "reproducible output" date: says nothing about when a document was made.
NEUTRAL_DATE = datetime(1969, 12, 31, 19, 0, 0, tzinfo=UTC)

FONT_FAMILY = "DejaVu"
_FONT_FILES = {
    "": "DejaVuSans.ttf",
    "B": "DejaVuSans-Bold.ttf",
    "I": "DejaVuSans-Oblique.ttf",
    "BI": "DejaVuSans-BoldOblique.ttf",
}


@cache
def font_directory() -> Path:
    """Where matplotlib keeps its bundled TrueType fonts (DejaVu, with its licence)."""
    import matplotlib  # heavy: loaded when a PDF is drawn

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


def new_pdf(*, lang: str = "en", font_size: float = 11) -> FPDF:
    """An A4 document with Unicode fonts, shaping on, and no identifying metadata."""
    pdf = FPDF(format="A4")
    pdf.creation_date = NEUTRAL_DATE
    pdf.set_producer("")
    pdf.set_lang(lang)
    pdf.set_margins(18, 18, 18)
    pdf.set_auto_page_break(True, margin=18)
    for style, name in _FONT_FILES.items():
        pdf.add_font(FONT_FAMILY, style, str(font_directory() / name))
    pdf.set_font(FONT_FAMILY, size=font_size)
    pdf.set_text_shaping(True)
    return pdf


def render_pdf(pdf: FPDF) -> bytes:
    """The finished document as bytes (adds a blank page to an empty document)."""
    if pdf.page == 0:
        pdf.add_page()
    return bytes(pdf.output())


def document_metadata(data: bytes) -> dict[str, str]:
    """The non-empty entries of a PDF's information dictionary (for checks and tests).

    The creation date is reported only when it differs from :data:`NEUTRAL_DATE`.
    """
    import pypdfium2  # heavy: loaded when a PDF is read back

    document = pypdfium2.PdfDocument(data)
    try:
        found = {
            key: value for key, value in document.get_metadata_dict().items() if value
        }
    finally:
        document.close()
    neutral = "D:19691231190000Z"
    for key in ("CreationDate", "ModDate"):
        if found.get(key, "").replace("'", "").startswith(neutral.rstrip("Z")):
            del found[key]
    return found
