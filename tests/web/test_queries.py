"""Query counts on the busiest pages stay flat as a process fills up."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client
from django.urls import reverse

from backchannel.meetings.services import meeting_create
from backchannel.processes.services import (
    indicator_create,
    objective_create,
    phase_create,
    process_create,
)
from tests.web.conftest import WebWorld, as_role

# One of them decides whether the menu offers "API tokens" (participants.selectors.uses_api).
PROCESS_LIST_MAX = 16
# The dashboard's panels (phases, objectives, meetings, composition, ecosystem,
# transfers per side, the do-no-harm reminders) each cost a fixed number of
# queries; the data grown below must not add any.
DASHBOARD_MAX = 38


def _grow(web: WebWorld) -> None:
    world = web.world
    access = world.access()
    for n in range(4):
        process_create(
            actor=world.users["org_convener"],
            organisation=world.org,
            title=f"Spare dialogue {n}",
            track="2",
            stage="preventive",
            approach="relationship_building",
            sides=["One", "Two"],
        )
        phase = phase_create(access=access, title=f"Phase {n}", stage="negotiation")
        objective = objective_create(
            access=access, phase=phase, kind="non_paper", text=f"Objective {n}"
        )
        indicator_create(
            access=access,
            objective=objective,
            name=f"Indicator {n}",
            baseline=0,
            target=3,
        )
        meeting_create(access=access, title=f"Round {n}", date=dt.date(2027, 1, 1 + n))


def test_the_process_list_runs_a_bounded_number_of_queries(
    client: Client, web: WebWorld, django_assert_max_num_queries: Any
) -> None:
    _grow(web)
    for role in ("org_convener", "participant"):
        as_role(client, web.world, role)
        with django_assert_max_num_queries(PROCESS_LIST_MAX):
            assert client.get(reverse("processes:process-list")).status_code == 200


def test_the_dashboard_runs_a_bounded_number_of_queries(
    client: Client, web: WebWorld, django_assert_max_num_queries: Any
) -> None:
    _grow(web)
    url = reverse("processes:process-detail", args=[web.ours.process])
    for role in ("org_convener", "facilitator", "participant"):
        as_role(client, web.world, role)
        with django_assert_max_num_queries(DASHBOARD_MAX):
            assert client.get(url).status_code == 200
