"""The record and airtime through the API: refusals name the field and the rule,
outputs never carry a speaker where none may be shown, reads are audited."""

from __future__ import annotations

import datetime as dt

from backchannel.core.audit import audit_actor
from backchannel.core.models import AuditEvent
from backchannel.meetings.services import meeting_create
from backchannel.records.models import Note
from backchannel.records.services import note_record
from tests.api.conftest import Api
from tests.records.factories import chatham, on_record
from tests.world import ALL_ROLES, VIEWING_ROLES

RECORDERS = {"org_convener", "convener", "facilitator", "rapporteur"}


def _notes_url(segment: object) -> str:
    return f"/api/segments/{segment.pk}/notes"  # type: ignore[attr-defined]


def test_a_speaker_in_a_chatham_house_segment_is_refused_with_a_422_naming_the_field(
    api: Api,
) -> None:
    w = api.world
    before = Note.objects.count()
    reply = api.call(
        "rapporteur",
        "POST",
        _notes_url(chatham(w)),
        {"text": "Gauges.", "speaker_id": w.seats["participant"].pk},
    )
    assert reply.status == 422
    assert list(reply.errors) == ["speaker_id"]
    assert "Chatham House Rule" in reply.errors["speaker_id"][0]
    assert "may not name a speaker" in reply.body["detail"]
    assert Note.objects.count() == before


def test_a_speaker_from_elsewhere_and_a_label_from_the_client_are_refused(
    api: Api,
) -> None:
    w = api.world
    url = _notes_url(on_record(w))
    reply = api.call(
        "rapporteur", "POST", url, {"text": "Hi.", "speaker_id": api.rival_ids["seat"]}
    )
    assert reply.status == 422 and list(reply.errors) == ["speaker_id"]
    reply = api.call(
        "rapporteur", "POST", url, {"text": "Hi.", "attribution": "Person Participant"}
    )
    assert reply.status == 422 and list(reply.errors) == ["attribution"]


def test_an_off_record_segment_refuses_notes(api: Api) -> None:
    w = api.world
    meeting = meeting_create(
        access=w.access(),
        title="Dinner",
        date=dt.date(2026, 2, 11),
        segments=[{"title": "Dinner talk", "record_rule": "off_record"}],
    )
    reply = api.call(
        "rapporteur",
        "POST",
        _notes_url(meeting.segments.get()),
        {"text": "They agreed over dessert."},
    )
    assert reply.status == 422 and list(reply.errors) == ["segment"]
    assert "off the record" in reply.errors["segment"][0]
    record = api.get("participant", f"/api/meetings/{meeting.pk}/record").body
    assert record["segments"][0]["keeps_notes"] is False
    assert record["segments"][0]["notes"] == []


def test_no_output_carries_a_speaker_for_chatham_house_notes_or_absent_readers(
    api: Api,
) -> None:
    w = api.world
    note_record(
        access=w.access("rapporteur"),
        segment=on_record(w),
        text="Welcome, all.",
        speaker=w.seats["participant"],
    )
    # Of the seated, only the participant attended the world's meeting.
    sees = RECORDERS | {"participant"}
    for role in sorted(VIEWING_ROLES):
        record = api.get(role, f"/api/meetings/{w.meeting.pk}/record").body
        opening, options = record["segments"]
        assert record["attributions_shown"] == (role in sees), role
        assert options["record_rule"] == "chatham_house"
        assert options["notes"] and all("speaker" not in n for n in options["notes"])
        spoken = opening["notes"][0]
        assert ("speaker" in spoken) == (role in sees), role
        if role in sees:
            assert spoken["speaker"]["name"] == "Person Participant"
        listed = api.get(role, _notes_url(on_record(w))).body
        assert ("speaker" in listed[0]) == (role in sees), role


def test_edits_after_closing_are_versions_listed_latest_first(api: Api) -> None:
    w = api.world
    created = api.call(
        "rapporteur",
        "POST",
        _notes_url(chatham(w)),
        {"text": "First wording.", "side_id": w.process.sides.first().pk},
    ).body
    assert created["attribution"] == "a participant"  # nobody from North attended
    closed = api.call(
        "facilitator", "POST", f"/api/meetings/{w.meeting.pk}/record/close"
    )
    assert closed.status == 201 and closed.body["closed"] is True
    again = api.call("rapporteur", "POST", f"/api/meetings/{w.meeting.pk}/record/close")
    assert again.status == 422 and "already" in again.body["detail"]
    for text in ("Second wording.", "Third wording."):
        reply = api.call(
            "rapporteur", "PATCH", f"/api/notes/{created['id']}", {"text": text}
        )
        assert reply.status == 200
    assert reply.body["version"] == 3 and reply.body["attribution"] == "a participant"
    history = api.get("observer", f"/api/notes/{created['id']}/versions").body
    assert history["note"]["text"] == "Third wording."
    assert [(v["number"], v["text"]) for v in history["versions"]] == [
        (2, "Second wording."),
        (1, "First wording."),
    ]


def test_every_api_read_of_notes_is_audited(api: Api) -> None:
    w = api.world
    note = Note.objects.filter(segment=chatham(w)).first()
    for path, target in (
        (f"/api/meetings/{w.meeting.pk}/record", w.meeting.pk),
        (_notes_url(chatham(w)), chatham(w).pk),
        (f"/api/notes/{note.pk}/versions", note.pk),
    ):
        before = AuditEvent.objects.count()
        assert api.get("interpreter", path).status == 200
        event = AuditEvent.objects.get(seq=before + 1)
        assert (event.verb, audit_actor(event).label, event.target_id) == (
            "notes.read",
            "interpreter",
            str(target),
        )


def test_airtime_shares_show_gender_and_capacity_to_those_who_keep_the_record(
    api: Api,
) -> None:
    w = api.world
    north = w.process.sides.order_by("position").first()
    reply = api.call(
        "facilitator",
        "POST",
        f"/api/meetings/{w.meeting.pk}/airtime",
        {"seconds": 400, "side_id": north.pk, "gender": "woman", "capacity": "expert"},
    )
    assert reply.status == 201 and reply.body["gender"] == "woman"
    for role in ALL_ROLES:
        for path in (
            f"/api/meetings/{w.meeting.pk}/airtime",
            f"/api/processes/{w.process.pk}/airtime",
        ):
            got = api.get(role, path)
            if role not in VIEWING_ROLES:
                assert got.status == 404
                continue
            # One North participant: withheld from those not keeping the record.
            small = role not in RECORDERS
            assert got.body["suppressed"] is small
            assert got.body["total_seconds"] == (None if small else 400)
            assert ("genders" in got.body) == (role in RECORDERS), (role, path)
            assert ("capacities" in got.body) == (role in RECORDERS)
            assert [s["label"] for s in got.body["sides"]] == ["North", "South"]


def test_airtime_input_names_the_field_to_fix(api: Api) -> None:
    w = api.world
    url = f"/api/meetings/{w.meeting.pk}/airtime"
    for body, field in (
        ({"seconds": 0}, "seconds"),
        ({"seconds": 30, "gender": "robot"}, "gender"),
        ({"seconds": 30, "side_id": api.rival_ids["side"]}, "side_id"),
        ({"seconds": 30, "segment_id": api.rival_ids["segment"]}, "segment_id"),
    ):
        reply = api.call("rapporteur", "POST", url, body)
        assert reply.status == 422, body
        assert list(reply.errors) == [field], body
