"""Every PDF starts from ``core.pdf.new_pdf``: Unicode text, no identifying metadata."""

from __future__ import annotations

import pypdfium2
import pytest

from backchannel.core.pdf import document_metadata, new_pdf, render_pdf

pytestmark = pytest.mark.no_db_difference


def test_a_new_pdf_carries_no_author_producer_or_date() -> None:
    pdf = new_pdf()
    pdf.add_page()
    pdf.multi_cell(0, 8, text="Memo to the mediation support unit")
    data = render_pdf(pdf)
    assert document_metadata(data) == {}
    assert b"fpdf" not in data.lower()


def test_document_metadata_reports_what_a_careless_pdf_would_carry() -> None:
    pdf = new_pdf()
    pdf.set_author("Deputy Minister")
    pdf.set_creator("Word")
    data = render_pdf(pdf)
    assert document_metadata(data) == {"Author": "Deputy Minister", "Creator": "Word"}


def test_non_latin_text_is_written_with_real_glyphs() -> None:
    pdf = new_pdf(lang="ar")
    pdf.add_page()
    pdf.multi_cell(0, 8, text="Dialogue حوار диалог")
    document = pypdfium2.PdfDocument(render_pdf(pdf))
    text = document[0].get_textpage().get_text_range()
    document.close()
    assert "Dialogue" in text
    assert "диалог" in text


def test_fonts_read_once_write_the_same_document_as_fonts_read_for_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # new_pdf copies fonts parsed once per process; a document whose fonts
    # fpdf2 reads from their files itself must come out byte for byte alike.
    from fpdf import FPDF

    from backchannel.core import pdf as core_pdf

    def write(pdf: FPDF) -> bytes:
        pdf.add_page()
        pdf.set_font(core_pdf.FONT_FAMILY, "", 11)
        pdf.multi_cell(
            0, 8, text="Trust across rounds: доверие", new_x="LMARGIN", new_y="NEXT"
        )
        pdf.set_font(core_pdf.FONT_FAMILY, "B", 11)
        pdf.multi_cell(0, 8, text="Kessa Basin Dialogue", new_x="LMARGIN", new_y="NEXT")
        return render_pdf(pdf)

    first = write(new_pdf())
    # and the parsed fonts survive a document: a second one is alike too
    assert write(new_pdf()) == first

    def read_for_it(pdf: FPDF, style: str) -> None:
        path = core_pdf.font_directory() / core_pdf._FONT_FILES[style]
        pdf.add_font(core_pdf.FONT_FAMILY, style, str(path))

    monkeypatch.setattr(core_pdf, "_add_font", read_for_it)
    assert write(new_pdf()) == first


def test_italic_gives_way_where_the_italic_font_has_no_letter() -> None:
    from backchannel.core.pdf import needs_shaping, style_for

    assert style_for("I", "fewer than 3") == "I"
    assert style_for("BI", "меньше 3") == "BI"
    assert style_for("I", "أقل من 3") == ""
    assert style_for("BI", "أقل من 3") == "B"
    assert not needs_shaping("Varnia, Ostrel", "Доверие 0,25")
    assert needs_shaping("Varnia", "حوار")
