"""Shared by the record and airtime commands: finding objects by id, printing."""

from __future__ import annotations

from backchannel.core.cli import resolve_one_of
from backchannel.meetings.models import Meeting
from backchannel.processes.models import Process
from backchannel.records.selectors import AirtimeSummary, MeetingRecord, ShareLine
from backchannel.records.shares import duration


def resolve_meeting_or_process(reference: str) -> Meeting | Process:
    """A meeting or a process by its id, or a unique start of it."""
    found: Meeting | Process = resolve_one_of(
        [Meeting.objects.select_related("process"), Process.objects.all()],
        reference,
        "meeting or process",
    )
    return found


# -- printing


def record_markdown(record: MeetingRecord) -> str:
    meeting = record.meeting
    lines = [
        f"# Record: {meeting.title}",
        "",
        f"{meeting.date:%d %B %Y} · {meeting.process.title}",
        "",
        f"Record closed on {record.closed_on:%d %B %Y}."
        if record.closed_on
        else "Record open: notes may still change.",
        "Non-attributed: no speaker is named. Off-record segments keep no notes.",
    ]
    for number, part in enumerate(record.segments, start=1):
        segment = part.segment
        lines += [
            "",
            f"## {number}. {segment.label} ({segment.get_record_rule_display()})",
            "",
        ]
        if not part.keeps_notes:
            lines.append("_Off the record: no notes are kept (agenda marker only)._")
            continue
        if not part.notes:
            lines.append("_No notes._")
        for item in part.notes:
            text = item.text.replace("\n", "\n  ")
            said = f" — {item.attribution}" if item.attribution else ""
            lines.append(f"- {text}{said}")
    return "\n".join(lines) + "\n"


def _row(cells: list[str], widths: list[int]) -> str:
    first, *rest = cells
    out = first.ljust(widths[0])
    for cell, width in zip(rest, widths[1:], strict=True):
        out += "  " + cell.rjust(width)
    return out.rstrip()


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{round(value * 100)}%"


def _table(title: str, lines: list[ShareLine]) -> list[str]:
    rows = [[title, "Airtime", "Share", "Seats", "Seat share", ""]]
    for line in lines:
        r = line.row
        rows.append(
            [
                line.label,
                duration(r.seconds),
                _pct(r.airtime_share),
                str(r.seats),
                _pct(r.seat_share),
                "! well below" if r.below else "",
            ]
        )
    widths = [max(len(row[i]) for row in rows) for i in range(6)]
    return [_row(row, widths) for row in rows]


def airtime_text(heading: str, summary: AirtimeSummary) -> str:
    basis = "participants present" if summary.seat_basis == "attendance" else "seats"
    out = [heading, f"Seat shares: {basis}."]
    if not summary.total_seconds:
        out.append("No airtime recorded.")
        return "\n".join(out) + "\n"
    out.append(
        f"{duration(summary.total_seconds)} recorded, "
        f"{duration(summary.unsided_seconds)} with no side."
    )
    for title, lines in (
        ("Side", summary.sides),
        ("Gender", summary.genders),
        ("Capacity", summary.capacities),
    ):
        if lines:
            out += ["", *_table(title, lines)]
    if summary.warnings:
        out += ["", "Warnings:", *(f"- {w}" for w in summary.warnings)]
    return "\n".join(out) + "\n"
