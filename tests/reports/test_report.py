"""The process report from the demo: every section, non-attributed, small cells
suppressed in HTML and PDF alike, a PDF with no metadata whose pages are not
blank, and refusal when the identification gate finds a participant."""

from __future__ import annotations

import io

import numpy as np
import pypdfium2
import pytest

from backchannel.accounts.models import User
from backchannel.core.audit import AuditEvent
from backchannel.core.errors import PermissionDenied
from backchannel.core.pdf import document_metadata
from backchannel.evaluation.trust import trust_trends
from backchannel.ideas.models import IdeaStatus
from backchannel.ideas.selectors import process_ground_for
from backchannel.participants.models import Seat
from backchannel.processes.access import ProcessAccess, access_process_by_id
from backchannel.processes.services import objective_update
from backchannel.reports.builder import report_text
from backchannel.reports.services import ReportRefused, process_report, report_access
from tests.world import World

SECTIONS = [
    "report-overview",
    "report-phases",
    "report-composition",
    "report-airtime",
    "report-ideas",
    "report-trust",
    "report-network",
    "report-objective-status",
    "report-outcomes",
    "report-risks",
    "report-ecosystem",
    "report-transfers",
]
CHARTS = [
    "indicators",
    "composition",
    "airtime",
    "convergence",
    "ecosystem",
    "trust",
    "density",
    "objective-status",
    "transfers",
]


def pdf_text(data: bytes) -> str:
    document = pypdfium2.PdfDocument(data)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def page_pixels(data: bytes, index: int) -> np.ndarray:
    document = pypdfium2.PdfDocument(data)
    try:
        image = document[index].render(scale=1).to_pil().convert("L")
        return np.asarray(image, dtype=np.float64)
    finally:
        document.close()


# ``demo``: the session's demo snapshot, copied per test (tests/conftest.py).


def _facilitator_access(demo: object) -> object:
    user = User.objects.get(username="demo-facilitator")
    return report_access(user, demo.process.pk)  # type: ignore[attr-defined]


def test_the_demo_report_has_every_section_non_attributed_and_suppressed(
    demo: object,
) -> None:
    access = _facilitator_access(demo)
    html = process_report(access, fmt="html").content.decode()
    pdf = process_report(access, fmt="pdf").content
    text = pdf_text(pdf)

    for section in SECTIONS:
        assert f'id="{section}"' in html, section
    for chart in CHARTS:
        assert f'id="chart-{chart}"' in html, chart
    assert html.count("<svg") >= len(CHARTS)
    for heading in (
        "Overview",
        "Phases, objectives and indicators",
        "Composition",
        "Airtime and seats",
        "Trial balloons: convergence",
        "Trust",
        "Ecosystem",
    ):
        assert heading in text, heading

    # Non-attributed: nobody's name, alias or pseudonym appears anywhere.
    seats = Seat.objects.filter(process=demo.process).select_related("person")  # type: ignore[attr-defined]
    for seat in seats:
        for word in [str(seat.person.name), str(seat.pseudonym)]:
            assert word not in html, word
            assert word not in text.replace("\n", " "), word

    # The demo has ideas whose latest version has a side under 3 responses ...
    suppressed = [
        ground
        for ground in process_ground_for(ProcessAccess.operator(demo.process))  # type: ignore[attr-defined]
        if ground.idea.status != IdeaStatus.DRAFT
        and ground.latest
        and any(cell.suppressed for cell in ground.latest.cells)
    ]
    assert suppressed
    # ... which the HTML and the PDF show as "fewer than 3", with no count.
    assert '<span class="suppressed">fewer than 3</span>' in html
    title = str(suppressed[0].idea.title)
    row = html[html.index(f'<th scope="row"><bdi>{title}</bdi></th>') :].split("</tr>")[
        0
    ]
    assert "fewer than 3" in row
    assert "fewer than 3" in text

    # Trust: the demo has a round where a side had fewer than 3 respondents.
    trends = trust_trends(demo.process)  # type: ignore[attr-defined]
    assert any(side.suppressed for r in trends.rounds for side in r.sides)
    trust = html[html.index('id="report-trust"') :]
    trust = trust[: trust.index("</section>")]
    assert '<span class="suppressed">fewer than 3</span>' in trust
    assert "Trust" in text and "respondents" in text


def test_the_pdf_has_no_metadata_and_pages_that_are_not_blank(demo: object) -> None:
    data = process_report(_facilitator_access(demo), fmt="pdf").content
    assert data.startswith(b"%PDF-")
    assert document_metadata(data) == {}
    document = pypdfium2.PdfDocument(data)
    pages = len(document)
    document.close()
    assert pages >= 3
    for index in (0, pages // 2):
        pixels = page_pixels(data, index)
        ink = float((pixels < 200).mean())
        assert pixels.std() > 10, index
        assert 0.01 < ink < 0.9, (index, ink)


def test_a_side_with_two_respondents_reads_fewer_than_3(world: World) -> None:
    """The world has a single participant on North: its composition cells are
    suppressed in the HTML and the PDF."""
    access = world.access("facilitator")
    html = process_report(access, fmt="html").content.decode()
    text = pdf_text(process_report(access, fmt="pdf").content)
    composition = html[html.index('id="report-composition"') :]
    composition = composition[: composition.index("</section>")]
    assert "fewer than 3" in composition
    # The expert capacity has one participant: not shown as 1.
    assert ">1<" not in composition
    assert "fewer than 3" in text


def test_a_roster_name_in_an_objective_stops_the_report(world: World) -> None:
    access = world.access("facilitator")
    name = str(world.people["participant"].name)
    objective_update(
        access=access,
        objective=world.objective,
        text=f"Ask {name} to brief the ministry on gauge data.",
    )
    with pytest.raises(ReportRefused) as refused:
        process_report(access, fmt="pdf")
    messages = refused.value.errors["report"]
    assert any(name in m and "brief the ministry" in m for m in messages)
    # The same text reaches the report when the gate is not asked: proof that
    # the refusal comes from the gate, not from the text being left out.
    from backchannel.reports.builder import build_report

    assert name in report_text(build_report(access))
    for fmt in ("html", None):
        with pytest.raises(ReportRefused):
            process_report(access, fmt=fmt)


def test_only_managers_get_the_report_and_each_one_is_audited(world: World) -> None:
    for role in ("org_convener", "convener", "facilitator"):
        access = report_access(world.users[role], world.process.pk)
        process_report(access, fmt=None)
    assert AuditEvent.objects.filter(verb="report.create").count() == 3
    for role in ("rapporteur", "participant", "observer", "interpreter"):
        with pytest.raises(PermissionDenied):
            report_access(world.users[role], world.process.pk)
    viewer = access_process_by_id(world.users["participant"], world.process.pk)
    with pytest.raises(PermissionDenied):
        process_report(viewer, fmt="html")


def test_a_process_without_anything_still_reports(world: World) -> None:
    access = access_process_by_id(world.users["org_convener"], world.other_process.pk)
    data = process_report(access, fmt="pdf").content
    assert "Border Trade Track Two" in pdf_text(data)
    assert io.BytesIO(data).getbuffer().nbytes > 1000


def test_pdf_table_headers_never_break_inside_a_word(demo: object) -> None:
    # "Governme nt", "Quasi-offic ial": every word of every composition
    # header comes out of the PDF whole, in English and in French.
    from django.utils import translation

    from backchannel.participants.models import Capacity, Gender

    for language in ("en", "fr"):
        with translation.override(language):
            data = process_report(_facilitator_access(demo), fmt="pdf").content
            words = set(pdf_text(data).split())
            headers = [str(c.label) for c in (*Capacity, *Gender)]
        for header in headers:
            for word in header.split():
                assert word in words, (language, header, word)


def test_the_html_composition_is_three_narrow_tables(demo: object) -> None:
    html = process_report(_facilitator_access(demo), fmt="html").content.decode()
    section = html[html.index('id="report-composition"') :]
    section = section[: section.index("</section>")]
    assert section.count('<table class="report__table"') == 3
    assert "By capacity" in section and "By gender" in section and "By level" in section
