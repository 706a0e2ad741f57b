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
