"""Shared by the record and airtime commands: finding objects by id, printing."""

from __future__ import annotations

import string

from django.core.management.base import CommandError

from backchannel.meetings.models import Meeting
from backchannel.processes.models import Process
from backchannel.records.selectors import AirtimeSummary, MeetingRecord, ShareLine
from backchannel.records.shares import duration


def _wanted(reference: str, what: str) -> str:
    wanted = reference.strip().lower().replace("-", "")
    if len(wanted) < 6 or any(c not in string.hexdigits for c in wanted):
        raise CommandError(
            f"{reference!r} is not a {what} id: give the id (e.g. 3f2c9a6e-…) or at "
            "least its first 6 characters."
        )
    return wanted


def _meeting_ids(wanted: str) -> list[object]:
    ids = Meeting.objects.filter(
        process__data_key__destroyed_on__isnull=True
    ).values_list("pk", flat=True)
    return [pk for pk in ids if pk.hex.startswith(wanted)]


def _process_ids(wanted: str) -> list[object]:
    ids = Process.objects.filter(data_key__destroyed_on__isnull=True).values_list(
        "pk", flat=True
    )
    return [pk for pk in ids if pk.hex.startswith(wanted)]


def _one(matches: list[object], reference: str, what: str) -> object:
    if not matches:
        raise CommandError(
            f"No {what} has the id {reference!r}: copy the id from the address of "
            f"its page."
        )
    if len(matches) > 1:
        raise CommandError(
            f"{reference!r} starts the ids of {len(matches)} {what}s: give more of "
            "the id."
        )
    return matches[0]


def resolve_meeting(reference: str) -> Meeting:
    pk = _one(_meeting_ids(_wanted(reference, "meeting")), reference, "meeting")
    return Meeting.objects.select_related("process").get(pk=pk)


def resolve_meeting_or_process(reference: str) -> Meeting | Process:
    wanted = _wanted(reference, "meeting or process")
    meetings, processes = _meeting_ids(wanted), _process_ids(wanted)
    pk = _one([*meetings, *processes], reference, "meeting or process")
    if meetings:
        return Meeting.objects.select_related("process").get(pk=pk)
    return Process.objects.get(pk=pk)


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
            f"## {number}. {segment.title} ({segment.get_record_rule_display()})",
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
