"""Every write of the record pages × every role: those who keep the record change
it; other roles change nothing and get 403 (seated) or 404 (everyone else)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from backchannel.records.models import Airtime, Note, NoteVersion, RecordClosure
from backchannel.records.views import floor_token
from tests.web.conftest import WebWorld, as_role
from tests.world import ALL_ROLES, MANAGING_ROLES, VIEWING_ROLES

RECORDERS = MANAGING_ROLES | {"rapporteur"}


def _status(role: str, ok: int) -> int:
    if role in RECORDERS:
        return ok
    return 403 if role in VIEWING_ROLES else 404


@dataclass
class RecordWrite:
    name: str
    url: Callable[[WebWorld], str]
    data: Callable[[WebWorld], dict[str, Any]]
    probe: Callable[[WebWorld], Any]
    ok: int = 302


WRITES = [
    RecordWrite(
        "note-create",
        lambda web: reverse("records:note-create", args=[web.ours.segment]),
        lambda web: {"text": "Flows should be measured jointly.", "attribution": ""},
        lambda web: Note.objects.count(),
    ),
    RecordWrite(
        "note-edit",
        lambda web: reverse("records:note-edit", args=[web.ours.note]),
        lambda web: {"text": "Options were mapped, twice.", "attribution": "keep"},
        lambda web: str(Note.objects.get(pk=web.ours.note).text),
    ),
    RecordWrite(
        "note-delete",
        lambda web: reverse("records:note-delete", args=[web.ours.note]),
        lambda web: {},
        lambda web: Note.objects.filter(pk=web.ours.note).exists(),
    ),
    RecordWrite(
        "record-close",
        lambda web: reverse("records:record-close", args=[web.ours.meeting]),
        lambda web: {},
        lambda web: RecordClosure.objects.count(),
    ),
    RecordWrite(
        "airtime-add",
        lambda web: reverse("records:airtime-tap", args=[web.ours.meeting]),
        lambda web: {"add-side": str(web.ours.side), "add-seconds": "75"},
        lambda web: Airtime.objects.count(),
        ok=200,
    ),
]


@pytest.mark.parametrize("write", WRITES, ids=lambda w: w.name)
def test_only_those_who_keep_the_record_write_it(
    client: Client, web: WebWorld, write: RecordWrite
) -> None:
    wrong = []
    for role in ALL_ROLES:
        with transaction.atomic():
            before = write.probe(web)
            as_role(client, web.world, role)
            response = client.post(write.url(web), write.data(web))
            changed = write.probe(web) != before
            want = _status(role, write.ok)
            if response.status_code != want or changed != (role in RECORDERS):
                wrong.append((role, response.status_code, changed))
            transaction.set_rollback(True)
    assert wrong == []


@pytest.mark.parametrize("write", WRITES, ids=lambda w: w.name)
def test_writes_to_rival_records_answer_like_missing_ones(
    client: Client, web: WebWorld, write: RecordWrite
) -> None:
    as_role(client, web.world, "org_convener")
    before = write.probe(web)
    ours = web.ours
    web.ours = web.rival
    try:
        response = client.post(write.url(web), write.data(web))
    finally:
        web.ours = ours
    assert response.status_code == 404
    assert write.probe(web) == before


def test_a_tap_ends_the_running_turn_and_starts_the_next(
    client: Client, web: WebWorld
) -> None:
    world = web.world
    north, south = world.process.sides.order_by("position")
    url = reverse("records:airtime-tap", args=[world.meeting.pk])
    as_role(client, world, "facilitator")
    started = client.post(url, {"floor": str(north.pk)})
    assert started.status_code == 200
    html = started.content.decode()
    assert "<strong>North</strong> has held the floor since" in html
    assert 'name="running"' in html
    assert not Airtime.objects.exists()
    # The turn began 95 seconds ago: tapping South records them for North.
    token = floor_token(
        user_id=world.users["facilitator"].pk,
        meeting_id=world.meeting.pk,
        side=str(north.pk),
        gender="woman",
        started=int(time.time()) - 95,
    )
    switched = client.post(url, {"floor": str(south.pk), "running": token})
    tick = Airtime.objects.get()
    assert tick.side_id == north.pk and tick.gender == "woman"
    assert 95 <= tick.seconds <= 97
    assert (
        "<strong>South</strong> has held the floor since" in switched.content.decode()
    )
    # Stop ends South's turn (under a second: nothing to record) and starts none.
    token = floor_token(
        user_id=world.users["facilitator"].pk,
        meeting_id=world.meeting.pk,
        side=str(south.pk),
        started=int(time.time()) - 30,
    )
    stopped = client.post(url, {"floor": "stop", "running": token})
    assert "Nobody is timed right now." in stopped.content.decode()
    assert Airtime.objects.count() == 2
    assert Airtime.objects.exclude(pk=tick.pk).get().side_id == south.pk


def test_a_forged_or_borrowed_turn_records_nothing(
    client: Client, web: WebWorld
) -> None:
    world = web.world
    north = world.process.sides.order_by("position").first()
    url = reverse("records:airtime-tap", args=[world.meeting.pk])
    as_role(client, world, "rapporteur")
    borrowed = floor_token(
        user_id=world.users["facilitator"].pk,  # someone else's page
        meeting_id=world.meeting.pk,
        side=str(north.pk),
        started=int(time.time()) - 60,
    )
    forged = borrowed[:-2] + ("aa" if not borrowed.endswith("aa") else "bb")
    for token in (borrowed, forged):
        client.post(url, {"floor": "stop", "running": token})
    assert not Airtime.objects.exists()


def test_closing_then_editing_keeps_the_history(client: Client, web: WebWorld) -> None:
    world = web.world
    as_role(client, world, "rapporteur")
    note = Note.objects.get(pk=web.ours.note)
    close = reverse("records:record-close", args=[note.meeting_id])
    assert "Close the record" in client.get(close).content.decode()
    assert client.post(close).status_code == 302
    edit = reverse("records:note-edit", args=[note.pk])
    page = client.get(edit).content.decode()
    assert "saving keeps the current text as version 1" in page
    client.post(
        edit, {"text": "Options were mapped, and costed.", "attribution": "keep"}
    )
    assert NoteVersion.objects.get(note=note).text == "Options were mapped."
    history = client.get(reverse("records:note-history", args=[note.pk]))
    html = history.content.decode()
    assert "Version 2 (current)" in html and "Options were mapped, and costed." in html
    assert "Version 1, replaced on" in html


def test_the_forms_refuse_what_the_rules_forbid(client: Client, web: WebWorld) -> None:
    world = web.world
    as_role(client, world, "rapporteur")
    url = reverse("records:note-create", args=[web.ours.segment])
    # A name from the registry in a Chatham House note: the error sits on the text.
    named = client.post(url, {"text": "Person Participant spoke.", "attribution": ""})
    assert named.status_code == 422
    assert "“Person Participant” (a person&#x27;s name)" in named.content.decode()
    # No speaker is offered under the Chatham House Rule; a forged choice is refused.
    page = client.get(url).content.decode()
    assert "speaker:" not in page and "A participant from North" in page
    forged = client.post(
        url,
        {"text": "x", "attribution": f"speaker:{world.seats['participant'].pk}"},
    )
    assert forged.status_code == 422
    assert Note.objects.filter(segment_id=web.ours.segment).count() == 1


def test_a_closed_records_note_stays_and_the_page_says_why(
    client: Client, web: WebWorld
) -> None:
    as_role(client, web.world, "rapporteur")
    meeting = Note.objects.get(pk=web.ours.note).meeting_id
    client.post(reverse("records:record-close", args=[meeting]))
    url = reverse("records:note-delete", args=[web.ours.note])
    response = client.post(url)
    assert response.status_code == 422
    assert "can no longer be deleted" in response.content.decode()
    assert Note.objects.filter(pk=web.ours.note).exists()
    edit = client.get(reverse("records:note-edit", args=[web.ours.note]))
    assert url not in edit.content.decode()


def test_a_tap_on_the_wrong_side_is_undone_and_the_turn_keeps_running(
    client: Client, web: WebWorld
) -> None:
    world = web.world
    north, south = world.process.sides.order_by("position")
    url = reverse("records:airtime-tap", args=[world.meeting.pk])
    as_role(client, world, "facilitator")
    token = floor_token(
        user_id=world.users["facilitator"].pk,
        meeting_id=world.meeting.pk,
        side=str(north.pk),
        started=int(time.time()) - 40,
    )
    tapped = client.post(url, {"floor": str(south.pk), "running": token})
    wrong = Airtime.objects.get()
    html = tapped.content.decode()
    assert "Just recorded:" in html and f'name="undo" value="{wrong.pk}"' in html
    running = html.split('name="running" value="')[1].split('"')[0]
    undone = client.post(url, {"undo": str(wrong.pk), "running": running})
    assert undone.status_code == 200
    assert not Airtime.objects.exists()
    html = undone.content.decode()
    assert "Removed" in html and "Just recorded:" not in html
    assert "<strong>South</strong> has held the floor since" in html
    other = Airtime.objects.create(
        meeting=world.rival_meeting,
        seconds=30,
        recorded_on=wrong.recorded_on,
    )
    # A second Undo (or another meeting's interval, or no id at all) removes
    # nothing and keeps the turn running.
    for undo in (str(wrong.pk), str(other.pk), "not-an-id"):
        again = client.post(url, {"undo": undo, "running": running})
        html = again.content.decode()
        assert again.status_code == 200 and "already removed" in html
        assert "<strong>South</strong> has held the floor since" in html
    assert Airtime.objects.filter(pk=other.pk).exists()
