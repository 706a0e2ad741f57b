"""The demo shows every rule of the record and an airtime warning."""

from __future__ import annotations

from backchannel.accounts.models import User
from backchannel.demo import DemoInfo
from backchannel.meetings.models import Meeting
from backchannel.processes.access import access_process_by_id
from backchannel.records.labels import labels_now
from backchannel.records.models import Note, NoteVersion, RecordClosure
from backchannel.records.selectors import (
    meeting_airtime_summary,
    process_airtime_summary,
    record_read,
)


def _meetings(process: object) -> dict[str, Meeting]:
    return {str(m.title): m for m in Meeting.objects.filter(process=process)}


def _label(note: Note) -> str:
    return labels_now(note.meeting)(str(note.attribution))


def test_the_demo_records_notes_under_every_rule(demo: DemoInfo) -> None:
    info = demo
    meetings = _meetings(info.process)
    labels = {_label(n) for n in Note.objects.filter(rule="chatham_house")}
    assert "a participant from Varnia" in labels
    assert "a participant from Ostrel" in labels
    assert "a participant" in labels
    # Ostrel had one participant at the working group: no side named there.
    group = meetings["Working group on sharing principles"]
    group_labels = {_label(n) for n in Note.objects.filter(meeting=group)}
    assert "a participant from Ostrel" not in group_labels
    assert "a participant" in group_labels
    assert Note.objects.filter(rule="on_record", speaker__isnull=False).exists()
    assert not Note.objects.filter(rule="chatham_house", speaker__isnull=False).exists()
    # Off-record segments are markers only.
    assert not Note.objects.filter(segment__record_rule="off_record").exists()


def test_the_demo_has_one_closed_record_with_a_later_version(demo: DemoInfo) -> None:
    closed = RecordClosure.objects.get()
    assert str(closed.meeting.title) == "Exploratory round II: the flow data"
    version = NoteVersion.objects.get()
    assert version.note.meeting_id == closed.meeting_id
    assert version.number == 1 and version.note.version == 2
    assert "irrigation off-take" in str(version.note.text)
    assert "irrigation off-take" not in str(version.text)


def test_the_demo_airtime_warns_about_one_meeting_only(demo: DemoInfo) -> None:
    info = demo
    access = access_process_by_id(
        User.objects.get(username="demo-facilitator"), info.process.pk
    )
    warned = {
        title
        for title, meeting in _meetings(info.process).items()
        if meeting_airtime_summary(access, meeting).warnings
    }
    assert warned == {"Exploratory round II: the flow data"}
    assert process_airtime_summary(access, info.process).warnings == []


def test_the_demo_participant_reads_the_record_of_a_meeting_they_attended(
    demo: DemoInfo,
) -> None:
    info = demo
    sabina = User.objects.get(username="demo-participant")
    access = access_process_by_id(sabina, info.process.pk)
    record = record_read(access, _meetings(info.process)["Exploratory round I"])
    assert record.attributions  # Sabina Orlet attended
    assert [len(s.notes) for s in record.segments] == [1, 3, 0]
    assert not record.segments[2].keeps_notes
