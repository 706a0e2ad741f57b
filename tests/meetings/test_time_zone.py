"""The meeting's time zone: offered as a list of IANA zones, and a city typed
alone is accepted when it names exactly one zone (web, API and CLI share
``meeting_create``)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from backchannel.core.errors import ValidationFailed
from backchannel.meetings.models import Meeting
from backchannel.meetings.services import meeting_create
from tests.world import World


def _create(world: World, zone: str) -> Meeting:
    return meeting_create(
        access=world.access(), title="Round", date=dt.date(2026, 6, 1), time_zone=zone
    )


def test_the_form_offers_the_zones_and_takes_a_city(
    client: Client, world: World
) -> None:
    client.force_login(world.users["convener"])
    url = reverse("meetings:meeting-create", args=[world.process.pk])
    html = client.get(url).content.decode()
    assert 'list="time-zone-names"' in html
    assert '<option value="Europe/Paris">' in html
    response = client.post(
        url,
        {
            "title": "In Geneva",
            "date": "2026-06-01",
            "start_time": "10:00",
            "time_zone": "Geneva",
            "segments-TOTAL_FORMS": "0",
            "segments-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert (
        Meeting.objects.get(process=world.process, date=dt.date(2026, 6, 1)).time_zone
        == "Europe/Zurich"
    )


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("beirut", "Asia/Beirut"), ("europe/paris", "Europe/Paris"), ("UTC", "UTC"),
     ("  Asia/Beirut ", "Asia/Beirut"), ("New York", "America/New_York")],
)  # fmt: skip
def test_a_name_or_a_city_of_one_zone_is_stored_as_its_iana_name(
    world: World, typed: str, stored: str
) -> None:
    assert _create(world, typed).time_zone == stored


def test_an_unknown_or_ambiguous_city_is_refused_with_the_fix(world: World) -> None:
    with pytest.raises(ValidationFailed) as unknown:
        _create(world, "Atlantis")
    assert "choose one from the list" in unknown.value.errors["time_zone"][0]
    with pytest.raises(ValidationFailed) as several:
        _create(world, "Indianapolis")
    message = several.value.errors["time_zone"][0]
    assert "America/Indiana/Indianapolis" in message and "choose one" in message
