"""The report is written once: one document (``reports.compose``) that the page
and the PDF both render. Every section, heading, table header and cell of the
document is in both, and a section added to the document appears in both."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.utils import translation

from backchannel.processes.access import access_process_by_id
from backchannel.reports import render
from backchannel.reports.builder import build_report
from backchannel.reports.document import Paragraph, Section, Table
from tests.reports.test_report import pdf_text
from tests.world import World


def _report(world: World):
    access = access_process_by_id(world.users["convener"], world.process.pk)
    return build_report(access)


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text))


@pytest.mark.parametrize("language", ["en", "fr"])
def test_page_and_pdf_show_the_same_document(world: World, language: str) -> None:
    with translation.override(language):
        report = _report(world)
        document = render.report_document(report)
        html = render.render_html_document(report)
        pdf = pdf_text(render.render_pdf_document(report))
    page_words = _words(unescape(re.sub(r"<[^>]+>", " ", html)))
    pdf_words = _words(pdf)
    assert document.sections
    for section in document.sections:
        assert f'id="{section.id}"' in html
        assert section.title in unescape(html)
        expected = _words(section.title)
        for block in section.blocks:
            if isinstance(block, Table):
                for line in [block.columns, *block.rows]:
                    for cell in line:
                        expected |= _words(cell)
            elif isinstance(block, Paragraph):
                expected |= _words(block.text)
        assert expected <= page_words, (section.id, expected - page_words)
        assert expected <= pdf_words, (section.id, expected - pdf_words)


def test_a_section_added_once_appears_in_both(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    compose = render.compose

    def with_more(report, charts):
        document = compose(report, charts)
        document.sections.append(
            Section(
                "report-lessons",
                "Lessons learned",
                [
                    Paragraph("Quarterly reviews kept the sides engaged.", "help"),
                    Table(
                        ["Lesson", "Weight"],
                        [["Cadence", "0.75"]],
                        "report-lessons-title",
                    ),
                ],
            )
        )
        return document

    monkeypatch.setattr(render, "compose", with_more)
    report = _report(world)
    html = render.render_html_document(report)
    pdf = pdf_text(render.render_pdf_document(report))
    assert (
        'id="report-lessons"' in html
        and '<h2 id="report-lessons-title">Lessons learned</h2>' in html
    )
    assert "Quarterly reviews kept the sides engaged." in html
    assert '<th scope="col"><bdi>Weight</bdi></th>' in html
    for text in (
        "Lessons learned",
        "Quarterly reviews kept the sides",
        "Cadence",
        "0.75",
    ):
        assert text in pdf, text


def test_numbers_and_dates_read_the_readers_way_in_both(world: World) -> None:
    with translation.override("fr"):
        report = _report(world)
        document = render.report_document(report)
        html = render.render_html_document(report)
    cells = [
        cell
        for section in document.sections
        for block in section.blocks
        if isinstance(block, Table)
        for row in block.rows
        for cell in row
    ]
    # shares and scores with a decimal comma or a spaced percent sign; no ISO date
    assert not any(re.fullmatch(r"\d+\.\d+", c) for c in cells), cells
    assert not any(re.search(r"\b\d{4}-\d{2}-\d{2}\b", c) for c in cells), cells
    assert 'lang="fr"' in html
