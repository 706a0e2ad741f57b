"""The analysis: queued from the web or the API, run by the background worker
(django-tasks, database backend) or at once (CLI, immediate backend), results
stored per run as JSON; rejected statements stay out of it."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_tasks.backends.database.models import DBTaskResult

from backchannel.consultations.models import AnalysisRun
from backchannel.consultations.services import analysis_request, statement_moderate
from tests.consultations.conftest import (
    SEEDS,
    Open,
    cast_all,
    make_consultation,
    two_camps,
)
from tests.web.conftest import as_role
from tests.web.svg import assert_charts_accessible, assert_svg_unlocalised
from tests.world import World


def _statements_named(result: dict[str, Any]) -> set[int]:
    named = [*result["consensus"], *result["divisive"]]
    named += [e for g in result["groups"] for e in g["representative"]]
    return {e["number"] for e in named}


def test_the_analysis_finds_the_two_camps_and_their_common_ground(
    opened: Open, world: World, immediate_tasks: None
) -> None:
    cast_all(opened, two_camps())
    run = analysis_request(
        access=world.access("facilitator"), consultation=opened.consultation
    )
    run.refresh_from_db()
    assert run.status == "done"
    result = run.result
    assert (run.participants, run.votes) == (60, 300)
    assert result["participants"] == 60 and result["in_map"] == 60
    assert sorted(g["size"] for g in result["groups"]) == [30, 30]
    assert [g["label"] for g in result["groups"]] == ["A", "B"]
    consensus = result["consensus"]
    assert [(c["number"], c["direction"]) for c in consensus] == [(5, "agree")]
    assert consensus[0]["agree"] == 1.0
    assert {d["number"] for d in result["divisive"]} == {1, 2, 3, 4}
    for group in result["groups"]:
        for entry in group["representative"]:
            assert entry["agree"] + entry["disagree"] + entry["pass"] == pytest.approx(
                1
            )
    assert len(result["map"]["points"]) == 60
    assert run.finished_at.second == 0 and run.requested_at.microsecond == 0


def test_rejected_statements_are_left_out_of_the_analysis(
    opened: Open, world: World, immediate_tasks: None
) -> None:
    cast_all(opened, two_camps())
    access = world.access("facilitator")
    statement_moderate(access=access, statement=opened.statements[4], status="rejected")
    statement_moderate(access=access, statement=opened.statements[0], status="rejected")
    run = analysis_request(access=access, consultation=opened.consultation)
    run.refresh_from_db()
    assert run.status == "done"
    named = _statements_named(run.result)
    assert named and not named & {1, 5}
    assert all(p[2] >= 0 for p in run.result["map"]["points"])


def test_a_run_with_no_votes_is_done_and_says_so(
    client: Client, opened: Open, world: World, immediate_tasks: None
) -> None:
    run = analysis_request(
        access=world.access("facilitator"), consultation=opened.consultation
    )
    run.refresh_from_db()
    assert run.status == "done" and run.result["groups"] == []
    as_role(client, world, "participant")
    url = reverse("consultations:consultation-results", args=[opened.consultation.pk])
    response = client.get(url)
    assert response.status_code == 200, response
    assert "No votes yet" in response.content.decode()


def test_the_results_page_shows_the_map_groups_and_consensus_after_a_run(
    client: Client, opened: Open, world: World, immediate_tasks: None
) -> None:
    cast_all(opened, two_camps())
    as_role(client, world, "facilitator")
    response = client.post(
        reverse("consultations:analysis-request", args=[opened.consultation.pk])
    )
    assert response.status_code == 302
    as_role(client, world, "participant")
    html = client.get(response["Location"]).content.decode()
    # the chart layer's map: every participant a marker (matplotlib <use>s,
    # ticks too), the groups and their sizes as a table beside it
    assert html.count('<figure class="chart" id="opinion-map">') == 1
    assert html.count("<use ") >= 60
    assert_charts_accessible(html, count=1)
    assert (
        '<th scope="row"><bdi>Group A</bdi></th><td class="num"><bdi>30</bdi>' in html
    )
    assert "Group B" in html
    assert SEEDS[4] in html  # the common ground
    assert "Analysed" in html and 'http-equiv="refresh"' not in html
    for language in ("fr", "ar"):
        localised = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE=language)
        page = localised.content.decode()
        assert f'lang="{language}"' in page and page.count("<use ") >= 60
        assert_svg_unlocalised(page, at_least=120)


def test_a_queued_run_shows_its_status_and_refreshes(
    client: Client, opened: Open, world: World
) -> None:
    # The default backend is the database: the run waits for the worker.
    as_role(client, world, "convener")
    url = reverse("consultations:analysis-request", args=[opened.consultation.pk])
    client.post(url)
    client.post(url)  # a waiting run is reused
    assert AnalysisRun.objects.get().status == "queued"
    assert DBTaskResult.objects.count() == 1
    html = client.get(
        reverse("consultations:consultation-results", args=[opened.consultation.pk])
    ).content.decode()
    assert "Analysis queued at" in html and 'http-equiv="refresh"' in html


@pytest.mark.django_db(transaction=True)
def test_the_database_worker_runs_the_queued_analysis_and_stores_results(
    world: World,
) -> None:
    opened = make_consultation(world)
    cast_all(opened, two_camps(20))
    run = analysis_request(
        access=world.access("org_convener"), consultation=opened.consultation
    )
    assert run.status == "queued"
    call_command("db_worker", batch=True, startup_delay=False, interval=0, verbosity=0)
    run.refresh_from_db()
    assert run.status == "done"
    assert len(run.result["groups"]) == 2
    assert DBTaskResult.objects.get().status == "SUCCEEDED"  # the last one stays
    run_again = analysis_request(
        access=world.access("org_convener"), consultation=opened.consultation
    )
    call_command("db_worker", batch=True, startup_delay=False, interval=0, verbosity=0)
    run_again.refresh_from_db()
    assert run_again.status == "done"
    assert DBTaskResult.objects.count() == 1  # earlier ones are forgotten


def test_the_cli_analyses_at_once(opened: Open) -> None:
    cast_all(opened, two_camps(10))
    out = io.StringIO()
    call_command("consultation", "analyze", opened.consultation.pk.hex[:8], stdout=out)
    assert "20 participants, 100 votes, 2 opinion groups" in out.getvalue()
    assert AnalysisRun.objects.get().status == "done"


def test_a_failed_run_is_marked_failed_without_its_message(
    opened: Open, world: World, immediate_tasks: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    import backchannel.consultations.analysis as analysis

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise ValueError("secret content that must not be stored")

    monkeypatch.setattr(analysis, "summarise", broken)
    cast_all(opened, two_camps(5))
    run = analysis_request(
        access=world.access("facilitator"), consultation=opened.consultation
    )
    run.refresh_from_db()
    assert (run.status, run.error) == ("failed", "ValueError")


def test_a_run_queued_for_long_tells_managers_to_start_the_worker(
    client: Client, opened: Open, world: World
) -> None:
    import datetime as dt

    run = analysis_request(
        access=world.access("facilitator"), consultation=opened.consultation
    )
    AnalysisRun.objects.filter(pk=run.pk).update(
        requested_at=run.requested_at - dt.timedelta(minutes=10)
    )
    url = reverse("consultations:consultation-results", args=[opened.consultation.pk])
    for role, shown in (("facilitator", True), ("participant", False)):
        as_role(client, world, role)
        html = client.get(url).content.decode()
        assert ("backchannel db_worker" in html) == shown, role
