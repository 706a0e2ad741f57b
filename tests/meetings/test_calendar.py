"""Meetings a convener can run: start time in a named time zone, a duration, a
Meetings tab, and ``.ics`` files that carry title, time and a link only."""

from __future__ import annotations

import datetime as dt
import uuid

import icalendar
import pytest
from django.test import Client
from django.utils import timezone

from backchannel.core.errors import ValidationFailed
from backchannel.meetings.models import Meeting
from backchannel.meetings.services import meeting_create, meeting_update
from backchannel.participants.services import person_create, seat_create
from tests.web.conftest import without_csrf
from tests.world import PASSWORD, World


def _client(world: World, role: str) -> Client:
    client = Client()
    assert client.login(username=world.users[role].username, password=PASSWORD)
    return client


def _timed(world: World, **extra: object) -> Meeting:
    fields: dict[str, object] = {
        "title": "Evening session",
        "date": dt.date(2026, 3, 28),
        "start_time": dt.time(18, 30),
        "time_zone": "Europe/Paris",
        "duration_minutes": 150,
        "venue": "Villa on the lake, room 4",
        "agenda": ["Water sharing formula", "Prisoner lists"],
    }
    fields.update(extra)
    return meeting_create(access=world.access(), **fields)  # type: ignore[arg-type]


@pytest.mark.django_db
def test_a_meeting_starts_at_a_local_time_in_its_time_zone(world: World) -> None:
    meeting = _timed(world)
    meeting.refresh_from_db()
    assert meeting.starts == dt.datetime(
        2026, 3, 28, 18, 30, tzinfo=dt.timezone(dt.timedelta(hours=1))
    )
    # 29 March 2026 is the switch to summer time in Geneva: the end is on the wall clock.
    late = _timed(world, date=dt.date(2026, 3, 29), start_time=dt.time(0, 30))
    assert late.ends is not None and late.ends.utcoffset() == dt.timedelta(hours=2)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "zone", ["Europe/Genva", "GMT+3", "../../etc/passwd", "x" * 70]
)
def test_an_unknown_time_zone_is_refused_naming_the_fix(
    world: World, zone: str
) -> None:
    with pytest.raises(ValidationFailed) as caught:
        _timed(world, time_zone=zone)
    message = " ".join(caught.value.errors["time_zone"])
    assert "IANA" in message or "characters" in message
    assert not any(str(m.title) == "Evening session" for m in Meeting.objects.all())


@pytest.mark.django_db
def test_a_start_time_needs_a_zone_and_a_duration_needs_a_start(world: World) -> None:
    with pytest.raises(ValidationFailed) as caught:
        _timed(world, time_zone="")
    assert "time_zone" in caught.value.errors
    with pytest.raises(ValidationFailed) as caught:
        _timed(world, start_time=None)
    assert "start_time" in caught.value.errors


@pytest.mark.django_db
def test_a_refused_edit_loses_nothing_already_stored(world: World) -> None:
    meeting = _timed(world)
    with pytest.raises(ValidationFailed):
        meeting_update(access=world.access(), meeting=meeting, time_zone="Mars/Olympus")
    stored = Meeting.objects.get(pk=meeting.pk)
    assert stored.time_zone == "Europe/Paris"
    assert stored.start_time == dt.time(18, 30)


def _events(body: bytes) -> list[icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(body)
    return list(calendar.walk("VEVENT"))


@pytest.mark.django_db
def test_the_meeting_ics_holds_title_time_and_link_only(world: World) -> None:
    meeting = _timed(world)
    reply = _client(world, "participant").get(f"/meetings/{meeting.pk}/calendar.ics")
    assert reply.status_code == 200
    assert reply["Content-Type"].startswith("text/calendar")
    body = reply.content
    (event,) = _events(body)
    assert str(event["summary"]) == "Evening session"
    start = event.decoded("dtstart")
    assert start.astimezone(dt.UTC) == dt.datetime(2026, 3, 28, 17, 30, tzinfo=dt.UTC)
    assert event.decoded("dtend") - start == dt.timedelta(minutes=150)
    assert str(event["url"]).endswith(f"/meetings/{meeting.pk}/")
    assert b"TZID=Europe/Paris" in body and b"BEGIN:VTIMEZONE" in body
    # Never the venue, the agenda, the phase or who attended.
    for secret in (b"Villa", b"Water sharing", b"Prisoner", b"LOCATION", b"ATTENDEE"):
        assert secret not in body
    assert "Villa" not in body.decode() and "filename=" in reply["Content-Disposition"]


@pytest.mark.django_db
def test_the_process_ics_has_every_meeting_and_no_process_title(world: World) -> None:
    _timed(world)
    reply = _client(world, "observer").get(
        f"/processes/{world.process.pk}/meetings.ics"
    )
    assert reply.status_code == 200
    events = _events(reply.content)
    titles = {str(e["summary"]) for e in events}
    assert titles == {str(m.title) for m in world.process.meetings.all()}
    assert len(events) >= 2
    # A meeting without a start time is a whole-day event on its date.
    whole_day = next(e for e in events if str(e["summary"]) == "First round")
    assert whole_day.decoded("dtstart") == dt.date(2026, 2, 10)
    assert str(world.process.title).encode() not in reply.content
    assert b"lakeside" not in reply.content


@pytest.mark.django_db
def test_a_title_the_gate_flags_leaves_as_a_neutral_meeting_and_date(
    world: World,
) -> None:
    """The web twin of the adversary's API test: the event keeps its time and
    link, its title becomes "Meeting <date>"; a clean title next to it stays."""
    person = person_create(
        actor=world.users["org_convener"],
        organisation=world.org,
        name="Zofia Dvořáková",
        gender="woman",
        capacity="expert",
        level="broader",
    )
    side = world.process.sides.order_by("position")[0]
    seat_create(access=world.access(), person=person, role="participant", side=side)
    flagged = _timed(world, title="Side talk with Zofia Dvořáková", venue="")
    reply = _client(world, "participant").get(
        f"/processes/{world.process.pk}/meetings.ics"
    )
    events = {str(e["url"]).rsplit("/", 2)[-2]: e for e in _events(reply.content)}
    assert str(events[str(flagged.pk)]["summary"]) == "Meeting 2026-03-28"
    assert events[str(flagged.pk)].decoded("dtstart").hour == 18
    assert "First round" in {str(e["summary"]) for e in events.values()}
    assert "Dvo" not in reply.content.decode().replace("\r\n ", "")


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["staff", "outsider"])
def test_who_is_not_seated_gets_the_same_404_as_a_random_id(
    world: World, role: str
) -> None:
    meeting = _timed(world)
    client = _client(world, role)
    for ours, random in (
        (
            f"/meetings/{meeting.pk}/calendar.ics",
            f"/meetings/{uuid.uuid4()}/calendar.ics",
        ),
        (
            f"/processes/{world.process.pk}/meetings.ics",
            f"/processes/{uuid.uuid4()}/meetings.ics",
        ),
        (
            f"/processes/{world.process.pk}/meetings/",
            f"/processes/{uuid.uuid4()}/meetings/",
        ),
    ):
        mine, theirs = client.get(ours), client.get(random)
        assert mine.status_code == theirs.status_code == 404
        assert without_csrf(mine.content) == without_csrf(theirs.content)
        assert b"VCALENDAR" not in mine.content


@pytest.mark.django_db
def test_the_meetings_tab_lists_next_and_past_with_times(world: World) -> None:
    _timed(world, date=timezone.localdate() + dt.timedelta(days=3))
    page = _client(world, "participant").get(f"/processes/{world.process.pk}/meetings/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Evening session" in html and "First round" in html
    assert html.index("Evening session") < html.index("First round")  # next, then past
    assert "18:30–21:00 (Europe/Paris)" in html
    assert 'aria-current="page"' in html and "meetings.ics" in html


@pytest.mark.django_db
def test_the_form_sets_and_shows_the_start_time(world: World) -> None:
    client = _client(world, "facilitator")
    form = client.get(f"/processes/{world.process.pk}/meetings/new/")
    assert 'name="time_zone"' in form.content.decode()
    data = {
        "title": "Morning session",
        "date": "2026-05-04",
        "start_time": "09:15",
        "time_zone": "Asia/Beirut",
        "duration_minutes": "90",
        "segments-TOTAL_FORMS": "0",
        "segments-INITIAL_FORMS": "0",
    }
    bad = client.post(
        f"/processes/{world.process.pk}/meetings/new/",
        {**data, "time_zone": "Mars/Olympus"},
    )
    assert bad.status_code == 422
    assert "IANA" in bad.content.decode()
    assert not any(str(m.title) == "Morning session" for m in Meeting.objects.all())
    saved = client.post(f"/processes/{world.process.pk}/meetings/new/", data)
    assert saved.status_code == 302
    meeting = next(
        m for m in Meeting.objects.all() if str(m.title) == "Morning session"
    )
    assert meeting.time_zone == "Asia/Beirut" and meeting.duration_minutes == 90
    detail = client.get(saved["Location"]).content.decode()
    assert "09:15–10:45 (Asia/Beirut)" in detail
    assert f"/meetings/{meeting.pk}/calendar.ics" in detail


@pytest.mark.django_db
def test_the_api_takes_and_gives_the_time_zone(world: World) -> None:
    from backchannel.accounts.services import api_token_create

    _token, secret = api_token_create(user=world.users["convener"], label="t")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    client = Client()
    reply = client.post(
        f"/api/processes/{world.process.pk}/meetings",
        {
            "title": "Call",
            "date": "2026-07-01",
            "start_time": "14:00",
            "time_zone": "America/New_York",
            "duration_minutes": 60,
        },
        content_type="application/json",
        **headers,
    )
    assert reply.status_code == 201, reply.content
    out = reply.json()
    assert out["starts_at"] == "2026-07-01T14:00:00-04:00"
    bad = client.patch(
        f"/api/meetings/{out['id']}",
        {"time_zone": "Atlantis"},
        content_type="application/json",
        **headers,
    )
    assert bad.status_code == 422 and "IANA" in bad.content.decode()
    # a city naming one zone is taken as that zone (the same service as the web)
    city = client.patch(
        f"/api/meetings/{out['id']}",
        {"time_zone": "new york"},
        content_type="application/json",
        **headers,
    )
    assert city.status_code == 200 and city.json()["time_zone"] == "America/New_York"
    ics = client.get(f"/api/meetings/{out['id']}/calendar.ics", **headers)
    assert ics.status_code == 200 and b"TZID=America/New_York" in ics.content
