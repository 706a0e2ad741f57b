from __future__ import annotations

import datetime as dt
import io
from collections import Counter

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError

from backchannel.accounts.models import Organisation, User
from backchannel.core.errors import NotFound
from backchannel.demo import LOGINS, MAIN_TITLE, DemoInfo
from backchannel.meetings.models import Meeting
from backchannel.participants.composition import composition_for
from backchannel.participants.models import Person, Seat
from backchannel.processes.access import access_process_by_id
from backchannel.processes.models import Indicator, Phase, Process
from backchannel.processes.selectors import process_list_for

# The demo's dates are fixed; "now" in the story is late November 2026.
STORY_TODAY = dt.date(2026, 11, 25)


def demo(*args: str) -> str:
    out = io.StringIO()
    call_command("demo", "--no-serve", *args, stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {
        m.__name__: m.objects.count()
        for m in (User, Organisation, Process, Person, Seat, Meeting)
    }


def test_the_demo_loads_once_and_prints_the_logins_each_time(db: None) -> None:
    first = demo()
    loaded = counts()
    second = demo("--port", "8123")
    assert counts() == loaded
    assert "Demo workspace loaded" in first
    assert "already loaded" in second
    assert "http://127.0.0.1:8000/" in first
    assert "http://127.0.0.1:8123/" in second
    for login in LOGINS:
        assert f"{login.username}" in second
        assert f"password {login.password}" in second
    assert "demo-convener-2026" in second


def test_every_demo_login_works_and_sees_only_its_own_processes(demo: DemoInfo) -> None:
    info = demo
    seen = {}
    for login in LOGINS:
        user = authenticate(username=login.username, password=login.password)
        assert user is not None, login.username
        seen[login.username] = {
            str(row.process.title) for row in process_list_for(user)
        }
    assert seen["demo-convener"] == {MAIN_TITLE, "Kessa Youth and Water Exchange"}
    assert seen["demo-facilitator"] == {MAIN_TITLE, "Kessa Youth and Water Exchange"}
    assert seen["demo-rapporteur"] == {MAIN_TITLE}
    assert seen["demo-participant"] == {MAIN_TITLE}
    assert seen["demo-participant-ostrel"] == {MAIN_TITLE}
    assert seen["demo-other-convener"] == {"Tessin Straits Fisheries Dialogue"}
    other = User.objects.get(username="demo-other-convener")
    with pytest.raises(NotFound):
        access_process_by_id(other, info.process.pk)
    rapporteur = User.objects.get(username="demo-rapporteur")
    assert access_process_by_id(rapporteur, info.process.pk).can_record


def test_the_demo_process_is_rich_enough_to_show_every_screen(demo: DemoInfo) -> None:
    info = demo
    process = info.process
    assert (process.track, process.sides.count()) == ("1.5", 2)
    seats = list(Seat.objects.filter(process=process).select_related("person"))
    participants = [s for s in seats if s.role == "participant"]
    assert len(participants) >= 20 - 1 and len(seats) >= 20
    assert {s.role for s in seats} >= {
        "convener", "facilitator", "rapporteur", "participant", "observer", "interpreter"
    }  # fmt: skip
    people = [s.person for s in participants]
    assert set(Counter(str(p.capacity) for p in people)) == {
        "official_personal", "quasi_official", "expert", "civil_society", "unofficial_rep"
    }  # fmt: skip
    assert {str(p.gender) for p in people} >= {"woman", "man", "non_binary"}
    assert {str(p.level) for p in people} == {"key_person", "broader"}
    assert all(p.affiliations.exists() for p in people)
    assert any(p.consent_on is None for p in people)

    phases = list(Phase.objects.filter(process=process).order_by("position"))
    assert len(phases) == 3
    current = [p for p in phases if p.starts_on <= STORY_TODAY <= p.ends_on]
    assert [p.title for p in current] == ["Pre-negotiation"]
    for phase in phases:
        assert 1 <= phase.objectives.count() <= 3
        assert all(str(o.expectation) for o in phase.objectives.all())
    measured = [
        i
        for i in Indicator.objects.filter(process=process)
        if i.measurements.count() >= 2
    ]
    assert len(measured) >= 3

    meetings = list(Meeting.objects.filter(process=process))
    assert len(meetings) == 6
    assert {m.date < STORY_TODAY for m in meetings} == {True, False}
    assert sum(m.venue_withheld for m in meetings) == 1
    rules = {s.record_rule for m in meetings for s in m.segments.all()}
    assert rules == {"on_record", "chatham_house", "off_record"}
    assert all(m.agenda_items.exists() for m in meetings)

    access = access_process_by_id(
        User.objects.get(username="demo-convener"), process.pk
    )
    codes = [w.code for w in composition_for(access).warnings]
    assert codes == ["meeting_single_participant"]

    # A pending invitation for a newcomer to walk, with its published code.
    from backchannel.participants.services import invitation_find

    invitation = invitation_find(info.invitation_code)
    assert invitation.seat.process_id == process.pk
    assert invitation.seat.person.login_index is None


def test_the_demo_refuses_a_port_that_is_not_one(db: None) -> None:
    with pytest.raises(CommandError, match="is not a port"):
        demo("--port", "70000")
    assert not Organisation.objects.exists()


def test_the_demo_will_not_take_over_an_existing_account(db: None) -> None:
    User.objects.create_user("demo-rapporteur", "someone-elses-password")
    with pytest.raises(CommandError, match="The demo cannot be loaded here"):
        demo()
    assert not Organisation.objects.exists()
