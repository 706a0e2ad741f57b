"""What the record and airtime pages show, and to whom."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse

from backchannel.core.models import AuditEvent
from backchannel.records.services import airtime_record, note_record
from tests.records.factories import chatham, on_record
from tests.web.conftest import WebWorld, as_role
from tests.world import VIEWING_ROLES

RECORDERS = {"org_convener", "convener", "facilitator", "rapporteur"}


def _html(client: Client, web: WebWorld, role: str, name: str, *args: object) -> str:
    as_role(client, web.world, role)
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200, (name, role)
    return response.content.decode()


def _fill(web: WebWorld) -> None:
    world = web.world
    access = world.access("rapporteur")
    note_record(
        access=access,
        segment=on_record(world),
        text="The convener welcomed everyone.",
        speaker=world.seats["participant"],
    )
    note_record(
        access=access,
        segment=chatham(world),
        text="Joint gauges were proposed.",
        side=world.process.sides.order_by("position").first(),
    )


def test_the_record_page_shows_rules_notes_and_speakers_to_attendees_only(
    client: Client, web: WebWorld
) -> None:
    _fill(web)
    for role in VIEWING_ROLES:
        html = _html(client, web, role, "records:meeting-record", web.ours.meeting)
        assert "On the record" in html and "Chatham House Rule" in html
        assert "The convener welcomed everyone." in html
        assert "Joint gauges were proposed." in html
        # Nobody from North attended in numbers: the label is the bare one.
        assert "A participant" in html and "from North" not in html
        attended = role in RECORDERS | {"participant"}
        assert ("Person Participant" in html) == attended, role
        writes = role in RECORDERS
        assert ("Add a note" in html) == writes, role
        assert ("Close the record" in html) == writes, role
        assert ("Tap airtime" in html) == writes, role


def test_off_record_segments_are_agenda_markers(client: Client, web: WebWorld) -> None:
    from backchannel.meetings.services import meeting_update

    meeting_update(
        access=web.world.access(),
        meeting=web.world.meeting,
        segments=[
            {"title": "Opening", "record_rule": "on_record"},
            {"title": "Options", "record_rule": "chatham_house"},
            {"title": "Fireside", "record_rule": "off_record"},
        ],
    )
    html = _html(client, web, "rapporteur", "records:meeting-record", web.ours.meeting)
    assert "Fireside" in html and "Off the record: no notes are kept." in html
    assert html.count("Add a note") == 2
    off = web.world.meeting.segments.get(record_rule="off_record")
    response = client.get(reverse("records:note-create", args=[off.pk]))
    assert response.status_code == 422
    assert "no notes are kept" in response.content.decode()


def test_every_page_that_shows_notes_writes_an_audit_entry(
    client: Client, web: WebWorld
) -> None:
    as_role(client, web.world, "observer")
    pages = [
        ("records:meeting-record", web.ours.meeting, "Meeting"),
        ("records:note-history", web.ours.note, "Note"),
    ]
    for name, pk, kind in pages:
        before = AuditEvent.objects.count()
        assert client.get(reverse(name, args=[pk])).status_code == 200
        event = AuditEvent.objects.get(seq=before + 1)
        assert (event.verb, event.target_type, event.target_id) == (
            "notes.read",
            kind,
            str(pk),
        )
    as_role(client, web.world, "rapporteur")
    before = AuditEvent.objects.count()
    client.get(reverse("records:note-edit", args=[web.ours.note]))
    assert AuditEvent.objects.get(seq=before + 1).verb == "notes.read"


def test_airtime_shows_side_shares_to_all_and_details_to_those_who_keep_the_record(
    client: Client, web: WebWorld
) -> None:
    world = web.world
    north, south = world.process.sides.order_by("position")
    access = world.access("facilitator")
    airtime_record(
        access=access, meeting=world.meeting, seconds=900, side=north, gender="man"
    )
    airtime_record(
        access=access, meeting=world.meeting, seconds=100, side=south, gender="woman"
    )
    for role in VIEWING_ROLES:
        html = _html(client, web, role, "records:meeting-record", web.ours.meeting)
        assert "Airtime by side" in html
        # One participant attended: those who do not keep the record see no
        # figure of a side that small (tests/security/test_small_side_airtime.py).
        assert ("90%" in html) == (role in RECORDERS), role
        assert ("fewer than 3 participants" in html) == (role not in RECORDERS)
        assert ("Airtime by gender" in html) == (role in RECORDERS), role
        page = _html(client, web, role, "records:process-airtime", web.ours.process)
        assert "All meetings" in page and "First round" in page
        assert ("Airtime by gender" in page) == (role in RECORDERS), role


def test_the_dashboard_panel_shows_side_shares_and_warnings(
    client: Client, web: WebWorld
) -> None:
    world = web.world
    north, south = world.process.sides.order_by("position")
    html = _html(
        client, web, "participant", "processes:process-detail", world.process.pk
    )
    assert "No airtime recorded yet." in html
    access = world.access()
    airtime_record(access=access, meeting=world.meeting, seconds=600, side=south)
    airtime_record(access=access, meeting=world.meeting, seconds=60, side=north)
    for role in VIEWING_ROLES:
        html = _html(client, web, role, "processes:process-detail", world.process.pk)
        panel = html[html.index('id="airtime-panel-title"') :]
        if role not in RECORDERS:
            # One North participant attended: the side is too small to show.
            assert "North held the floor" not in panel and "9%" not in panel
            assert "Shares by side are not shown" in panel, role
            continue
        # North holds every participant seat but spoke 9% of the time.
        assert "<bdi>North</bdi> held the floor 9% of the time" in panel, role
        assert "Airtime meeting by meeting" in panel
        # The dashboard keeps role="alert" for the managers' composition panel.
        assert 'role="alert"' not in panel.split("</section>")[0]


def test_the_meeting_page_links_to_its_record(client: Client, web: WebWorld) -> None:
    html = _html(client, web, "observer", "meetings:meeting-detail", web.ours.meeting)
    record = reverse("records:meeting-record", args=[web.ours.meeting])
    assert re.search(rf'href="{record}"', html)


def test_the_meeting_form_refuses_to_drop_a_segment_that_holds_notes(
    client: Client, web: WebWorld
) -> None:
    _fill(web)
    as_role(client, web.world, "facilitator")
    response = client.post(
        reverse("meetings:meeting-edit", args=[web.ours.meeting]),
        {
            "title": "First round",
            "date": "2026-02-10",
            "segments-TOTAL_FORMS": "1",
            "segments-INITIAL_FORMS": "0",
            "segments-0-title": "Opening",
            "segments-0-record_rule": "on_record",
        },
    )
    assert response.status_code == 422
    assert "has notes in the meeting&#x27;s record" in response.content.decode()
    assert web.world.meeting.segments.count() == 2
