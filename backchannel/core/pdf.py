"""PDF documents that leave no trail: one place to start every PDF the workspace writes.

A PDF travels further than the workspace: to mediators, to home governments, to the press.
Whatever is in its document information dictionary travels with it, so a PDF made here
carries no author, creator, producer, subject or keywords, and a fixed creation date
(the epoch fpdf2 itself uses for reproducible output) instead of the moment it was made.

Text is set in DejaVu Sans, the Unicode font matplotlib ships (so no system font is
needed on a fresh machine), with HarfBuzz shaping so that Arabic joins and runs right to
left. Django is not imported: the CLI and the report builder use this as they are.

Reading a TrueType font (its character map and every glyph's width) takes fpdf2 longer
than laying out a whole report, so each font file is read once per process: a document
gets a copy of the parsed font that shares the read-only tables, with its own subset,
and is written out from a fresh handle on the file (fpdf2's subsetting rewrites the font
it is given).

>>> data = render_pdf(new_pdf())
>>> data[:5]
b'%PDF-'
>>> document_metadata(data)
{}
"""

from __future__ import annotations

import copy
import re
import threading
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from fontTools import ttLib  # type: ignore[import-untyped]
from fpdf import FPDF
from fpdf.fonts import SubsetMap, TTFFont

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
    for style in _FONT_FILES:
        _add_font(pdf, style)
    pdf.set_font(FONT_FAMILY, size=font_size)
    pdf.set_text_shaping(True)
    return pdf


def render_pdf(pdf: FPDF) -> bytes:
    """The finished document as bytes (adds a blank page to an empty document)."""
    if pdf.page == 0:
        pdf.add_page()
    shared = {id(parsed.ttfont) for parsed in _parsed.values()}
    for font in pdf.fonts.values():
        if isinstance(font, TTFFont) and id(font.ttfont) in shared:
            # subsetting rewrites the font in place: never the one shared
            font.ttfont = ttLib.TTFont(font.ttffile, recalcTimestamp=False, lazy=True)
    return bytes(pdf.output())


_parsed: dict[str, TTFFont] = {}
_parsing = threading.Lock()


def _parsed_font(style: str) -> TTFFont:
    """The font of ``style`` as fpdf2 reads it, read once per process."""
    with _parsing:
        if style not in _parsed:
            reader = FPDF()
            reader.add_font(
                FONT_FAMILY, style, str(font_directory() / _FONT_FILES[style])
            )
            font = next(iter(reader.fonts.values()))
            assert isinstance(font, TTFFont)  # noqa: S101 - a TrueType file
            font.ttfont.getGlyphOrder()  # loaded now, not by two threads at once
            _parsed[style] = font
        return _parsed[style]


def _add_font(pdf: FPDF, style: str) -> None:
    """``pdf.add_font`` for one of our fonts, without reading the file again:
    fpdf2's own copy (made for its recorder) shares the parsed tables and
    copies the per-document state; the copy gets this document's number and
    an empty subset."""
    font = copy.deepcopy(_parsed_font(style))
    font.i = len(pdf.fonts) + 1
    font.subset = SubsetMap(font)
    font.missing_glyphs = []
    font.biggest_size_pt = 0
    pdf.fonts[f"{FONT_FAMILY.lower()}{style}"] = font


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


#: Text that HarfBuzz must shape: combining marks, right-to-left and joining
#: scripts (Hebrew, Arabic, Syriac, Indic, Thai…), CJK and beyond. Latin,
#: Greek and Cyrillic set glyph by glyph read the same, and shaping them
#: (bidi, HarfBuzz on every word measured) is most of a report's layout time.
_COMPLEX = re.compile(
    "[\u0300-\u036f\u0483-\u0489\u0590-\u1dff\u20d0-\u20ff\u2c00-\uffef"
    "\U00010000-\U0010ffff]"
)


def needs_shaping(*texts: str) -> bool:
    """Whether any of ``texts`` needs text shaping to be set right.

    >>> needs_shaping("Trust per side", "Доверие")
    False
    >>> needs_shaping("Trust", "الثقة")
    True
    """
    return any(_COMPLEX.search(text) for text in texts)


def shape_for(pdf: FPDF, *texts: str, rtl: bool = False) -> None:
    """Shaping on for what is written next if it needs it, off otherwise;
    ``rtl``: a right-to-left document, whose paragraphs read right to left
    whatever their first letter ("Exploration (وقائي ...)")."""
    if needs_shaping(*texts):
        pdf.set_text_shaping(True, direction="rtl" if rtl else None)
    else:
        pdf.set_text_shaping(False)


def style_for(style: str, text: str) -> str:
    """``style``, without italic when the italic font lacks a letter of
    ``text``: DejaVu Sans Oblique has no Arabic, which would come out as
    empty boxes; the upright font has it.

    >>> style_for("I", "Fewer than 3"), style_for("I", "أقل من 3")
    ('I', '')
    """
    if "I" not in style:
        return style
    covered = _parsed_font("".join(sorted(style))).cmap
    if all(ord(char) in covered for char in text if not char.isspace()):
        return style
    return style.replace("I", "")
