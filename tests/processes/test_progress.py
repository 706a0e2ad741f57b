"""One rule for indicator progress, objective status and the current phase
(``backchannel.processes.progress``): the rule itself, then the dashboard, the
evaluation page, the report and both APIs giving the same answers for the
same data, edge cases included."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from backchannel.accounts.services import api_token_create
from backchannel.processes import progress
from backchannel.processes.models import Indicator
from backchannel.processes.services import (
    indicator_create,
    measurement_record,
    objective_create,
    phase_create,
)
from backchannel.reports.builder import build_report
from tests.world import World

D = dt.date


@pytest.mark.parametrize(
    ("baseline", "target", "latest", "elapsed", "shown", "status"),
    [
        (0, 6, None, 0.5, None, progress.NO_DATA),
        (0, 6, 3, 0.5, 0.5, progress.ON_TRACK),
        (0, 6, 2, 0.5, 2 / 6, progress.AT_RISK),
        (0, 6, 9, 0.5, 1.0, progress.ACHIEVED),  # overshoot: clamped, achieved
        (0, 6, -1, 0.0, 0.0, progress.AT_RISK),  # behind the baseline
        (10, 2, 4, 0.5, 0.75, progress.ON_TRACK),  # decreasing
        (10, 2, 1, 0.5, 1.0, progress.ACHIEVED),  # decreasing, overshoot
        (10, 2, 12, 0.0, 0.0, progress.AT_RISK),  # decreasing, the wrong way
        (5, 5, 5, 0.5, 1.0, progress.ACHIEVED),  # 0-span, target reached
        (5, 5, 4, 0.0, 0.0, progress.ON_TRACK),  # 0-span, not yet, phase young
        (5, 5, 4, 0.5, 0.0, progress.AT_RISK),  # 0-span, not yet, phase half gone
    ],
)
def test_the_rule(
    baseline: float,
    target: float,
    latest: float | None,
    elapsed: float,
    shown: float | None,
    status: str,
) -> None:
    reading = progress.indicator_reading(baseline, target, latest, elapsed)
    assert reading.progress == (None if shown is None else pytest.approx(shown))
    assert reading.status == status
    assert progress.indicator_progress(baseline, target, latest) == reading.progress


def _phase(starts: D | None, ends: D | None, position: int) -> SimpleNamespace:
    return SimpleNamespace(starts_on=starts, ends_on=ends, position=position)


def test_the_current_phase_is_one_the_latest_started_of_those_running() -> None:
    today = D(2026, 6, 1)
    past = _phase(D(2025, 1, 1), D(2025, 12, 31), 0)
    future = _phase(D(2027, 1, 1), None, 3)
    undated = _phase(None, None, 4)
    assert progress.current_phase([], today) is None
    assert progress.current_phase([past, future, undated], today) is None
    open_ended = _phase(D(2026, 1, 1), None, 1)
    later = _phase(D(2026, 5, 1), D(2026, 6, 1), 2)  # its last day is today
    assert progress.current_phase([past, open_ended, future], today) is open_ended
    assert progress.current_phase([past, later, open_ended, future], today) is later
    same_start = _phase(D(2026, 5, 1), None, 5)
    assert progress.current_phase([later, same_start], today) is same_start
    assert progress.phase_elapsed(past, today) == 1.0
    assert progress.phase_elapsed(future, today) == 0.0
    assert progress.phase_elapsed(open_ended, today) == 0.0
    assert progress.phase_elapsed(later, D(2026, 5, 16)) == pytest.approx(15 / 31)


def _everywhere(client: Client, world: World) -> dict[str, dict]:
    """Per place: {phase title: is current} and {indicator name: progress};
    where a status is shown, {indicator name: status} and {objective: status}."""
    process = world.process
    access = world.access("facilitator")
    client.force_login(world.users["facilitator"])
    out: dict[str, dict] = {}

    page = client.get(reverse("processes:process-detail", args=[process.pk]))
    assert page.status_code == 200
    plans = page.context["plans"]
    out["dashboard"] = {
        "current": {str(p.phase.title): p.is_current for p in plans},
        "progress": {
            str(i.indicator.name): i.progress
            for p in plans
            for _, indicators in p.objectives
            for i in indicators
        },
    }

    page = client.get(reverse("evaluation:overview", args=[process.pk]))
    assert page.status_code == 200
    phases = page.context["phases"]
    out["evaluation page"] = {
        "current": {p.title: p.is_current for p in phases},
        "progress": {
            i.name: i.progress
            for p in phases
            for o in p.objectives
            for i in o.indicators
        },
        "status": {
            i.name: i.status for p in phases for o in p.objectives for i in o.indicators
        },
        "objectives": {o.text: o.status for p in phases for o in p.objectives},
    }

    report = build_report(access)
    out["report"] = {
        "current": {p.title: p.current for p in report.phases},
        "progress": {
            i.name: i.progress
            for p in report.phases
            for o in p.objectives
            for i in o.indicators
        },
        "objectives": {row.text: row.status for row in report.evaluation.objectives},
    }

    token = api_token_create(user=world.users["facilitator"])[1]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    phases_api = client.get(f"/api/processes/{process.pk}/phases", **auth).json()
    out["process API"] = {
        "current": {p["title"]: p["is_current"] for p in phases_api},
        "progress": {
            i["name"]: i["progress"]
            for p in phases_api
            for o in p["objectives"]
            for i in o["indicators"]
        },
    }
    status_api = client.get(
        f"/api/processes/{process.pk}/evaluation/objectives", **auth
    ).json()
    out["evaluation API"] = {
        "current": {p["title"]: p["is_current"] for p in status_api},
        "progress": {
            i["name"]: i["progress"]
            for p in status_api
            for o in p["objectives"]
            for i in o["indicators"]
        },
        "status": {
            i["name"]: i["status"]
            for p in status_api
            for o in p["objectives"]
            for i in o["indicators"]
        },
        "objectives": {
            o["text"]: o["status"] for p in status_api for o in p["objectives"]
        },
    }
    return out


def test_dashboard_evaluation_report_and_apis_agree(
    client: Client, world: World
) -> None:
    today = timezone.now().date()
    access = world.access()
    # The world's phase runs from `today - 30` with no end; one that ended,
    # one that has not started, one without dates, one started later than
    # the world's and still running (it, alone, is current).
    world.phase.starts_on, world.phase.ends_on = today - dt.timedelta(30), None
    world.phase.save()
    phase_create(
        access=access,
        title="Past",
        stage="pre_negotiation",
        starts_on=today - dt.timedelta(400),
        ends_on=today - dt.timedelta(100),
    )
    phase_create(
        access=access,
        title="Future",
        stage="negotiation",
        starts_on=today + dt.timedelta(30),
    )
    phase_create(access=access, title="Undated", stage="negotiation")
    running = phase_create(
        access=access,
        title="Running",
        stage="negotiation",
        starts_on=today - dt.timedelta(10),
        ends_on=today + dt.timedelta(10),
    )
    objective = objective_create(
        access=access, phase=running, kind="problem_solving", text="Edge cases"
    )
    measured_on = today - dt.timedelta(1)
    cases = {
        # name: (baseline, target, latest), then the expected (progress, status)
        "zero span met": ((5, 5, 5), (1.0, progress.ACHIEVED)),
        "zero span missed": ((5, 5, 4), (0.0, progress.AT_RISK)),
        "overshoot": ((0, 6, 9), (1.0, progress.ACHIEVED)),
        "decreasing": ((10, 2, 4), (0.75, progress.ON_TRACK)),
        "behind baseline": ((0, 6, -1), (0.0, progress.AT_RISK)),
        "unmeasured": ((0, 6, None), (None, progress.NO_DATA)),
    }
    for name, ((baseline, target, latest), _) in cases.items():
        indicator = indicator_create(
            access=access,
            objective=objective,
            name=name,
            baseline=baseline,
            target=target if target != baseline else target + 1,
        )
        # The services refuse a new 0-span indicator; rows from before that
        # check (or from an import) still have one, and must read the same.
        Indicator.objects.filter(pk=indicator.pk).update(target=target)
        if latest is not None:
            measurement_record(
                access=access,
                indicator=indicator,
                measured_on=measured_on,
                value=latest,
            )

    seen = _everywhere(client, world)

    expected_current = {
        str(world.phase.title): False,
        "Past": False,
        "Future": False,
        "Undated": False,
        "Running": True,
    }
    for place, found in seen.items():
        assert found["current"] == expected_current, place
        for name, (_, (shown, _status)) in cases.items():
            assert found["progress"][name] == shown, (place, name)
    for place in ("evaluation page", "evaluation API"):
        for name, (_, (_shown, status)) in cases.items():
            assert seen[place]["status"][name] == status, (place, name)
        assert seen[place]["objectives"]["Edge cases"] == progress.AT_RISK
    # The report shows the objective's status by its label.
    assert seen["report"]["objectives"]["Edge cases"] == progress.status_label(
        progress.AT_RISK
    )
    assert seen["evaluation page"]["objectives"] == seen["evaluation API"]["objectives"]
