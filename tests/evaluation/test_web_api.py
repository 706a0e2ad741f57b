"""Suppression and privacy on the web pages and in the API: the same rule as
the selectors, seen from outside, and nobody reads another's answers."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from backchannel.accounts.services import api_token_create
from backchannel.evaluation.models import TrustResponse
from backchannel.evaluation.services import (
    answers_record,
    contacts_record,
    risk_create,
    round_create,
    round_update,
)
from backchannel.processes.access import ProcessAccess
from tests.ideas.factories import seats_on, sides
from tests.web.svg import assert_charts_accessible, assert_svg_unlocalised
from tests.world import World


@pytest.fixture
def rounds(world: World):
    """North: 4 answers (shown); South: 2 answers (suppressed)."""
    north, south = sides(world)
    n = seats_on(world, north, 4)
    s = seats_on(world, south, 2)
    trust_round = round_create(
        access=world.access(),
        title="Spring round",
        held_on=dt.date(2026, 4, 1),
        status="open",
    )
    for seat, value in zip(n, (5, 5, 4, 4), strict=True):
        answers_record(
            access=ProcessAccess.operator(seat.process, seat=seat),
            trust_round=trust_round,
            answers={"openness": value},
        )
        contacts_record(
            access=ProcessAccess.operator(seat.process, seat=seat),
            trust_round=trust_round,
            contacts=[{"seat": s[0].pk, "frequency": "few"}],
        )
    for seat in s:
        answers_record(
            access=ProcessAccess.operator(seat.process, seat=seat),
            trust_round=trust_round,
            answers={"openness": 1},
        )
    return trust_round


@pytest.fixture
def closed_round(world: World, rounds):
    """The same round, closed: its aggregates are shown from now on."""
    round_update(
        access=world.access(), trust_round=rounds, changes={"status": "closed"}
    )
    return rounds


def _api(client: Client, world: World, role: str, method: str, path: str, body=None):
    token = api_token_create(user=world.users[role], label="t")[1]
    response = client.generic(
        method,
        path,
        json.dumps(body) if body is not None else "",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    return response.status_code, response.json() if response.content else None


def test_the_api_suppresses_the_small_side_and_the_total(
    client: Client, world: World, closed_round
) -> None:
    status, body = _api(
        client,
        world,
        "facilitator",
        "GET",
        f"/api/processes/{world.process.pk}/evaluation/trust",
    )
    assert status == 200
    (r,) = body["rounds"]
    north, south = r["sides"]
    assert north["items"]["openness"] == {"mean": 4.5, "n": 4, "suppressed": False}
    assert north["respondents"] == 4
    assert south["items"]["openness"] == {"mean": None, "n": None, "suppressed": True}
    assert south["respondents"] is None and south["overall"]["mean"] is None
    assert r["overall"] == {"mean": None, "n": None, "suppressed": True}
    # The small side's value (1.0) appears nowhere in the answer.
    assert "1.0" not in json.dumps(body)
    status, body = _api(
        client,
        world,
        "facilitator",
        "GET",
        f"/api/processes/{world.process.pk}/evaluation/network",
    )
    assert body[0]["suppressed"] and body[0]["density"] is None
    assert "edges" not in json.dumps(body) and "seat" not in json.dumps(body)


def test_the_web_overview_suppresses_the_small_side(
    client: Client, world: World, closed_round
) -> None:
    client.force_login(world.users["facilitator"])
    html = client.get(
        reverse("evaluation:overview", args=[world.process.pk])
    ).content.decode()
    assert "4.50" in html and "(n=4)" in html
    assert "fewer than 3" in html
    assert "1.00" not in html and "(n=2)" not in html
    assert "too few reports" in html


def test_an_open_round_shows_no_aggregate_on_the_web_or_in_the_api(
    client: Client, world: World, rounds
) -> None:
    process = world.process.pk
    status, body = _api(
        client,
        world,
        "facilitator",
        "GET",
        f"/api/processes/{process}/evaluation/trust",
    )
    assert status == 200 and body["rounds"] == []
    status, body = _api(
        client,
        world,
        "facilitator",
        "GET",
        f"/api/processes/{process}/evaluation/network",
    )
    assert status == 200 and body == []
    client.force_login(world.users["facilitator"])
    html = client.get(reverse("evaluation:overview", args=[process])).content.decode()
    assert "4.50" not in html and "(n=4)" not in html


def test_a_participant_reads_only_their_own_answers_and_only_while_open(
    client: Client, world: World, rounds
) -> None:
    access = world.access("participant")
    answers_record(access=access, trust_round=rounds, answers={"openness": 3})
    status, body = _api(
        client, world, "participant", "GET", f"/api/rounds/{rounds.pk}/my-answers"
    )
    assert status == 200 and body["answers"] == {"openness": 3}
    status, body = _api(
        client, world, "participant", "PUT", f"/api/rounds/{rounds.pk}/my-answers",
        {"answers": {"openness": 2}},
    )  # fmt: skip
    assert status == 200 and body["answers"] == {"openness": 2}
    assert TrustResponse.objects.filter(round=rounds).count() == 7
    # Managers get no individual answer anywhere: no operation returns one.
    status, _ = _api(
        client, world, "facilitator", "GET", f"/api/rounds/{rounds.pk}/my-answers"
    )
    assert status == 404  # a refused read answers like a random id
    status, _ = _api(
        client,
        world,
        "facilitator",
        "PATCH",
        f"/api/rounds/{rounds.pk}",
        {"status": "closed"},
    )
    assert status == 200
    status, body = _api(
        client, world, "participant", "GET", f"/api/rounds/{rounds.pk}/my-answers"
    )
    assert body == {"open": False, "items": body["items"], "answers": {}}
    client.force_login(world.users["participant"])
    html = client.get(
        reverse("evaluation:round-answer", args=[rounds.pk])
    ).content.decode()
    assert "This round is closed" in html and "checked" not in html


def test_the_web_form_saves_a_participants_answers(
    client: Client, world: World, rounds
) -> None:
    client.force_login(world.users["participant"])
    url = reverse("evaluation:round-answer", args=[rounds.pk])
    response = client.post(url, {"openness": "4", "safe_to_speak": "5"})
    assert response.status_code == 302
    mine = TrustResponse.objects.get(seat=world.seats["participant"])
    assert mine.answers == {"openness": 4, "safe_to_speak": 5}
    html = client.get(url).content.decode()
    assert html.count("checked") == 2


def test_reporting_a_contact_outside_the_other_side_is_refused(
    client: Client, world: World, rounds
) -> None:
    status, body = _api(
        client, world, "participant", "PUT", f"/api/rounds/{rounds.pk}/my-contacts",
        {"contacts": [{"seat": str(world.seats["observer"].pk), "frequency": "often"}]},
    )  # fmt: skip
    assert status == 422 and "contacts[0].seat" in body["errors"]


def test_the_dashboard_reminds_managers_only_of_the_register(
    client: Client, world: World
) -> None:
    risk_create(
        access=world.access(),
        kind="leak",
        description="Drafts left in the hotel's business centre",
        likelihood=2,
        impact=3,
        review_on=dt.date(2020, 1, 1),
    )
    url = reverse("processes:process-detail", args=[world.process.pk])
    for role, shown in (
        ("facilitator", True),
        ("participant", False),
        ("rapporteur", False),
    ):
        client.force_login(world.users[role])
        html = client.get(url).content.decode()
        assert ('id="register-reminders"' in html) == shown, role
        assert ("Drafts left in the hotel" in html) == shown, role


def test_the_overview_draws_trends_with_gaps_for_suppressed_rounds(
    client: Client, world: World, closed_round
) -> None:
    client.force_login(world.users["facilitator"])
    html = client.get(
        reverse("evaluation:overview", args=[world.process.pk])
    ).content.decode()
    assert_charts_accessible(html, count=2)
    # North is shown (4 answers), South is a gap: one point drawn, not two.
    assert "Apr 2026: North 4.5, South –" in html
    for language in ("fr", "ar"):
        html = client.get(
            reverse("evaluation:overview", args=[world.process.pk]),
            HTTP_ACCEPT_LANGUAGE=language,
        ).content.decode()
        assert f'lang="{language}"' in html
        assert_charts_accessible(html, count=2)
        assert_svg_unlocalised(html, at_least=10)
        # the density axis's tick labels, localised ("0,1"); never in geometry
        assert re.search(r">0,\d+</text>", html)


def test_a_manager_closes_a_round_after_a_confirmation(
    client: Client, world: World, rounds
) -> None:
    url = reverse("evaluation:round-close", args=[rounds.pk])
    client.force_login(world.users["participant"])
    assert client.post(url).status_code == 403
    client.force_login(world.users["facilitator"])
    listing = client.get(reverse("evaluation:round-list", args=[world.process.pk]))
    assert url in listing.content.decode()
    page = client.get(url)
    assert page.status_code == 200 and "cannot be reopened" in page.content.decode()
    rounds.refresh_from_db()
    assert rounds.status == "open"  # looking at the confirmation changes nothing
    assert client.post(url).status_code == 302
    rounds.refresh_from_db()
    assert rounds.status == "closed"
    html = client.get(
        reverse("evaluation:overview", args=[world.process.pk])
    ).content.decode()
    assert "4.50" in html and "(n=4)" in html
