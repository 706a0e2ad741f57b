"""The transfers timeline of the process report: dates, channels, kinds and
counts, in the page and the PDF, and nothing that identifies a carrier or a
recipient."""

from __future__ import annotations

import datetime as dt

from backchannel.participants.models import Seat
from backchannel.reports.builder import build_report, report_text, transfers_section
from backchannel.reports.render import report_charts
from backchannel.reports.services import process_report
from backchannel.transfer.models import Transfer
from tests.reports.test_report import _facilitator_access, pdf_text
from tests.world import World


def test_the_demo_report_shows_transfers_by_month_and_channel(
    demo: object,
) -> None:
    process = demo.process  # type: ignore[attr-defined]
    ledger = list(Transfer.objects.filter(process=process))
    assert len(ledger) >= 3
    access = _facilitator_access(demo)
    html = process_report(access, fmt="html").content.decode()
    text = pdf_text(process_report(access, fmt="pdf").content)
    flat = text.replace("\n", " ")

    section = html[html.index('id="report-transfers"') :]
    section = section[: section.index("</section>")]
    assert 'id="chart-transfers"' in section and "<svg" in section
    # Months are written the reader's way ("Mar 2026"), on the page and in the PDF.
    for month in {t.transferred_on.strftime("%b %Y") for t in ledger}:
        assert month in section and month in flat
    for t in ledger:
        assert t.get_channel_display() in section
    assert "Transfers over time" in text

    moved = transfers_section(process)
    assert moved.total == len(ledger)
    assert sum(m.total for m in moved.months) == len(ledger)
    assert sum(c.count for c in moved.by_classification) == len(ledger)
    report = build_report(access)
    chart = report_charts(report)["transfers"]
    assert chart.title == "Transfers by month and channel"

    # Nothing carrier- or recipient-identifying: not in the page, the PDF or
    # the text handed to the gate.
    carriers = Seat.objects.filter(
        pk__in=[t.carrier_id for t in ledger if t.carrier_id]
    ).select_related("person")
    assert carriers
    gated = report_text(report)
    for t in ledger:
        for word in [str(t.recipient), str(t.note)]:
            if word:
                assert word not in html and word not in flat and word not in gated
    for seat in carriers:
        for word in [str(seat.person.name), str(seat.pseudonym), str(seat.pk)]:
            assert word not in section and word not in flat and word not in gated


def test_empty_months_between_transfers_count_zero(world: World) -> None:
    from backchannel.transfer.services import output_release, transfer_create
    from tests.transfer.factories import make_output

    access = world.access()
    assert transfers_section(world.process).total == 0
    output = make_output(access)
    output_release(access=access, output=output)
    for day, channel in [
        (dt.date(2026, 1, 10), "memo"),
        (dt.date(2026, 3, 5), "meeting"),
        (dt.date(2026, 3, 20), "memo"),
    ]:
        transfer_create(
            access=access,
            output=output,
            recipient="Desk officers",
            channel=channel,
            transferred_on=day,
        )
    moved = transfers_section(world.process)
    assert moved.channels == ["Memo", "Meeting"]
    assert [(m.month, m.total, m.by_channel) for m in moved.months] == [
        ("2026-01", 1, [1, 0]),
        ("2026-02", 0, [0, 0]),
        ("2026-03", 2, [1, 1]),
    ]
    assert [(c.label, c.count) for c in moved.by_kind] == [("Memo to mediators", 3)]
