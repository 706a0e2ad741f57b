"""Who reads what of the record, and that every read is in the audit log."""

from __future__ import annotations

from backchannel.core.audit import audit_actor
from backchannel.core.models import AuditEvent
from backchannel.processes.access import ProcessAccess
from backchannel.records.selectors import (
    note_history_read,
    note_read,
    record_read,
    segment_notes_read,
)
from backchannel.records.services import note_record, note_update, record_close
from tests.records.factories import chatham, on_record
from tests.world import SEAT_ROLES, World


def _setup(world: World) -> tuple[object, object]:
    access = world.access("rapporteur")
    spoken = note_record(
        access=access,
        segment=on_record(world),
        text="Welcome to the first round.",
        speaker=world.seats["participant"],
    )
    frank = note_record(
        access=access, segment=chatham(world), text="Gauges should be shared."
    )
    return spoken, frank


def test_every_seated_role_reads_the_record_but_only_attendees_see_speakers(
    world: World,
) -> None:
    _setup(world)
    # Only the participant's seat is in the world's meeting's attendance.
    for role in ["org_convener", *SEAT_ROLES]:
        record = record_read(world.access(role), world.meeting)
        opening, options = record.segments
        assert [n.text for n in opening.notes] == ["Welcome to the first round."]
        assert [n.text for n in options.notes] == ["Gauges should be shared."]
        sees = role in {"org_convener", "convener", "facilitator", "rapporteur"} | {
            "participant"
        }
        assert record.attributions == sees, role
        assert (opening.notes[0].speaker is not None) == sees, role
        assert options.notes[0].speaker is None


def test_every_read_of_notes_writes_an_audit_entry_with_ids_only(
    world: World,
) -> None:
    spoken, frank = _setup(world)
    access = world.access("observer")
    before = AuditEvent.objects.count()
    record_read(access, world.meeting)
    segment_notes_read(access, chatham(world))
    note_read(access, frank)
    note_history_read(access, spoken)
    record_read(ProcessAccess.operator(world.meeting.process), world.meeting)
    reads = list(AuditEvent.objects.filter(seq__gt=before).order_by("seq"))
    assert [e.verb for e in reads] == ["notes.read"] * 5
    assert [(e.target_type, e.target_id) for e in reads] == [
        ("Meeting", str(world.meeting.pk)),
        ("Segment", str(chatham(world).pk)),
        ("Note", str(frank.pk)),
        ("Note", str(spoken.pk)),
        ("Meeting", str(world.meeting.pk)),
    ]
    assert [audit_actor(e).label for e in reads] == ["observer"] * 4 + ["system"]
    assert {e.process_id for e in reads} == {world.process.pk}
    for event in reads:
        row = " ".join(str(v) for v in event.__dict__.values())
        assert "Gauges" not in row and "Welcome" not in row


def test_the_history_shows_earlier_versions_with_the_same_attribution_rules(
    world: World,
) -> None:
    spoken, _ = _setup(world)
    access = world.access("rapporteur")
    record_close(access=access, meeting=world.meeting)
    note_update(access=access, note=spoken, text="Welcome, everyone.")
    current, versions = note_history_read(world.access("participant"), spoken)
    assert current.text == "Welcome, everyone." and current.note.version == 2
    assert [(v.number, v.text) for v in versions] == [
        (1, "Welcome to the first round.")
    ]
    assert versions[0].speaker == world.seats["participant"]
    _, versions = note_history_read(world.access("observer"), spoken)
    assert versions[0].speaker is None


def test_the_operators_record_names_nobody(world: World) -> None:
    _setup(world)
    record = record_read(ProcessAccess.operator(world.meeting.process), world.meeting)
    assert not record.attributions
    assert all(n.speaker is None for s in record.segments for n in s.notes)


def test_speaker_codes_reach_the_managers_only(world: World) -> None:
    """README, "People registry": everyone other than the managers sees the
    roster "without codes"; the record's on-record speaker follows the same
    rule (selectors, API and the web page)."""
    from django.test import Client

    from backchannel.accounts.services import api_token_create

    _setup(world)
    code = str(world.seats["participant"].pseudonym)
    for role in ["org_convener", *SEAT_ROLES]:
        access = world.access(role)
        opening = record_read(access, world.meeting).segments[0]
        speaker = opening.notes[0].speaker
        if speaker is None:
            continue
        shown = opening.notes[0].speaker_code
        assert (shown == code) == access.can_manage, role
        assert shown in ("", code), role
        token = api_token_create(user=world.users[role], label="t")[1]
        body = (
            Client()
            .get(
                f"/api/meetings/{world.meeting.pk}/record",
                HTTP_AUTHORIZATION=f"Bearer {token}",
            )
            .content.decode()
        )
        assert (code in body) == access.can_manage, role
        client = Client()
        client.force_login(world.users[role])
        page = client.get(f"/meetings/{world.meeting.pk}/record/").content.decode()
        assert str(world.seats["participant"].person.name) in page, role
        assert (code in page) == access.can_manage, role
