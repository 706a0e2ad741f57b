"""The report's PDF in a right-to-left language: every letter has a glyph
(italic included), tables start on the right; and fonts read once per process
write the same document as fonts read for it."""

from __future__ import annotations

import logging

import pypdfium2
import pytest
from django.utils import translation

from backchannel.accounts.models import User
from backchannel.reports.builder import build_report
from backchannel.reports.render import render_pdf_document
from backchannel.reports.services import report_access


def _report(demo: object) -> object:
    user = User.objects.get(username="demo-facilitator")
    return build_report(report_access(user, demo.process.pk))  # type: ignore[attr-defined]


def _line_around(data: bytes, needle: str) -> tuple[tuple[float, float], str, str]:
    """Where ``needle`` sits on the first page (its left and right edges),
    and the letters on its line left of it and right of it."""
    document = pypdfium2.PdfDocument(data)
    try:
        textpage = document[0].get_textpage()
        searcher = textpage.search(needle)
        found = searcher.get_next()
        assert found, needle
        start, count = found
        left, bottom, _r, top = textpage.get_charbox(start)
        right = textpage.get_charbox(start + count - 1)[2]
        before, after = [], []
        for index in range(textpage.count_chars()):
            char = textpage.get_text_range(index, 1)
            x0, y0, x1, y1 = textpage.get_charbox(index)
            if not char.strip() or not bottom <= (y0 + y1) / 2 <= top:
                continue
            if x1 <= left:
                before.append(char)
            elif x0 >= right:
                after.append(char)
        return (left, right), "".join(before), "".join(after)
    finally:
        document.close()


def _arabic(text: str) -> bool:
    return any("\u0600" <= char <= "\u06ff" or "\ufb50" <= char for char in text)


@pytest.mark.parametrize("language", ["ar", "fr", "ru"])
def test_no_letter_of_the_report_lacks_a_glyph(
    demo: object, language: str, caplog: pytest.LogCaptureFixture
) -> None:
    # fpdf2 says at output which characters a font could not draw: Arabic set
    # in DejaVu Sans Oblique (italic notes) came out as nothing.
    report = _report(demo)
    with caplog.at_level(logging.WARNING, logger="fpdf"):
        with translation.override(language):
            data = render_pdf_document(report)  # type: ignore[arg-type]
    assert data.startswith(b"%PDF-")
    missing = [r.getMessage() for r in caplog.records if "missing" in r.getMessage()]
    assert missing == []


def test_an_arabic_table_starts_on_the_right(demo: object) -> None:
    # The overview's first table: item, then value ("Varnia, Ostrel" for the
    # sides). In Arabic the item column is on the right, read first.
    report = _report(demo)
    with translation.override("ar"):
        data = render_pdf_document(report)  # type: ignore[arg-type]
    _edges, before, after = _line_around(data, "Varnia, Ostrel")
    assert _arabic(after) and not _arabic(before), (before, after)
    with translation.override("en"):
        data = render_pdf_document(report)  # type: ignore[arg-type]
    _edges, before, after = _line_around(data, "Varnia, Ostrel")
    assert "Sides" in before and not after.strip(), (before, after)
