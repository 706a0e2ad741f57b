"""The database worker's recovery of tasks whose worker died
(backchannel/core/queues.py), step by step; tests/reliability/test_queues.py
does it end to end with a worker killed by SIGKILL."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from django.utils import timezone
from django_tasks.backends.database.models import DBTaskResult

from backchannel.consultations.tasks import analyze_consultation
from backchannel.core.queues import beat, recover_abandoned
from tests.world import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def lease(settings: Any) -> int:
    settings.TASKS_WORKER_LEASE = 30
    settings.TASKS_MAX_ATTEMPTS = 3
    return 30


def _running(workers: list[str], started_ago: int) -> DBTaskResult:
    result = analyze_consultation.enqueue("00000000-0000-0000-0000-000000000000")
    DBTaskResult.objects.filter(pk=result.id).update(
        status="RUNNING",
        worker_ids=workers,
        started_at=timezone.now() - dt.timedelta(seconds=started_ago),
    )
    return DBTaskResult.objects.get(pk=result.id)


def test_a_task_of_a_live_worker_is_left_alone(lease: int) -> None:
    task = _running(["w-alive"], started_ago=3600)
    beat("w-alive")
    assert recover_abandoned(backend_name="default") == []
    task.refresh_from_db()
    assert task.status == "RUNNING"


def test_a_task_just_claimed_is_left_alone_before_its_worker_first_beats(
    lease: int,
) -> None:
    _running(["w-new"], started_ago=5)
    assert recover_abandoned(backend_name="default") == []


def test_the_task_of_a_dead_worker_is_put_back_once(lease: int) -> None:
    task = _running(["w-dead"], started_ago=lease + 1)
    assert recover_abandoned(backend_name="default") == [str(task.pk)]
    assert recover_abandoned(backend_name="default") == []  # once
    task.refresh_from_db()
    assert (task.status, task.worker_ids) == ("READY", ["w-dead"])
    assert DBTaskResult.objects.ready().filter(pk=task.pk).exists()


def test_a_task_whose_workers_died_at_each_attempt_fails(lease: int) -> None:
    task = _running(["w1", "w2", "w3"], started_ago=lease + 1)
    assert recover_abandoned(backend_name="default") == [str(task.pk)]
    task.refresh_from_db()
    assert task.status == "FAILED"
    assert task.exception_class_path == "backchannel.core.queues.WorkerLost"


def test_asking_again_for_a_stalled_run_sends_its_task_again(world: World) -> None:
    from backchannel.consultations.models import AnalysisRun
    from backchannel.consultations.services import analysis_request
    from tests.consultations.conftest import make_consultation

    opened = make_consultation(world)
    access = world.access("facilitator")
    run = analysis_request(access=access, consultation=opened.consultation)
    assert analysis_request(access=access, consultation=opened.consultation) == run
    assert DBTaskResult.objects.count() == 1  # asked twice at once: one task
    AnalysisRun.objects.filter(pk=run.pk).update(
        requested_at=run.requested_at - dt.timedelta(minutes=10)
    )
    # Its task may be lost (a broker down when it was sent): sent again.
    assert analysis_request(access=access, consultation=opened.consultation) == run
    assert DBTaskResult.objects.count() == 2
    assert AnalysisRun.objects.count() == 1


@pytest.mark.django_db(transaction=True)  # the task closes old connections, as a worker
def test_celery_runs_a_redelivered_task_at_most_max_attempts_times(
    lease: int,
) -> None:
    # RabbitMQ redelivers a dead worker's message without counting: the task
    # counts its own runs (as if the first three had each killed their worker).
    from backchannel.core.celery_app import run_task
    from backchannel.core.queues import WorkerLost

    task_id = f"queues-{uuid.uuid4().hex}"
    arguments = [analyze_consultation.module_path, [str(uuid.uuid4())], {}]
    for _ in range(3):
        assert run_task.apply(args=arguments, task_id=task_id).get() == "missing"
    with pytest.raises(WorkerLost):
        run_task.apply(args=arguments, task_id=task_id).get()
    # Another task is not affected.
    assert run_task.apply(args=arguments, task_id=task_id + "-2").get() == "missing"
