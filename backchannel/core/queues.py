"""The task queues: django-tasks on the database (default), on RQ with Redis, or
on Celery with RabbitMQ (``TASKS_BACKEND``, see the README's deployment).

What each adds to what django-tasks 0.11 does, so that a worker killed in the
middle of a task (``kill -9``, a lost machine) costs a retry, never the task:

database
    django-tasks' worker marks a task RUNNING and nothing ever looks at it
    again. Our ``backchannel db_worker`` (core/management/commands) keeps a
    heartbeat in the shared cache while it lives; any worker puts back the
    RUNNING tasks whose worker has not been heard of for ``TASKS_WORKER_LEASE``
    seconds (:func:`recover_abandoned`), up to ``TASKS_MAX_ATTEMPTS`` runs.
rq
    django-tasks' RQ backend, publishing after the transaction commits, with
    ``Retry``: RQ's abandoned-job clean-up requeues a job whose worker stopped
    sending heartbeats, ``TASKS_MAX_ATTEMPTS - 1`` times.
celery
    No Celery backend supports django-tasks 0.11 (django-tasks-celery needs
    Django 6, django-tasks-fennel django-tasks 0.12), so a thin one of our own:
    the task's path and arguments go to one Celery task
    (``backchannel.core.celery_app.CeleryBackend``) with ``acks_late`` and
    ``reject_on_worker_lost``: RabbitMQ redelivers the message of a worker that
    dies before acknowledging it; the task counts its runs in the cache and
    refuses a run past ``TASKS_MAX_ATTEMPTS``.

A task run twice must therefore be safe to run twice: the consultation analysis
is (``consultations.analysis.analysis_execute``).
"""

from __future__ import annotations

import logging
import threading
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import close_old_connections, transaction
from django.utils import timezone
from django_tasks.backends.base import BaseTaskBackend
from django_tasks.backends.database.models import DBTaskResult
from django_tasks.base import Task, TaskResult, TaskResultStatus
from django_tasks.signals import task_enqueued
from django_tasks.utils import get_random_id

logger = logging.getLogger(__name__)

_BEAT_KEY = "backchannel:tasks:worker:{}"


class WorkerLost(Exception):
    """The worker running a task died, as many times as a task may be tried."""


# -- database: heartbeats and recovery


def beat(worker_id: str) -> None:
    """Say that ``worker_id`` is alive, for one lease."""
    cache.set(_BEAT_KEY.format(worker_id), 1, timeout=settings.TASKS_WORKER_LEASE)


def alive(worker_id: str) -> bool:
    return cache.get(_BEAT_KEY.format(worker_id)) is not None


def recover_abandoned(*, backend_name: str) -> list[str]:
    """Put back the RUNNING tasks of workers not heard of for a lease (READY, to
    be run again), or fail them once they have had ``TASKS_MAX_ATTEMPTS`` runs;
    returns their ids. Each row changes only if it is still as read: two
    workers recovering at once put a task back once."""
    lease = timedelta(seconds=settings.TASKS_WORKER_LEASE)
    now = timezone.now()
    stale = DBTaskResult.objects.running().filter(
        backend_name=backend_name, started_at__lt=now - lease
    )
    recovered = []
    for task in stale.only("id", "worker_ids", "started_at"):
        workers = list(task.worker_ids or [])
        if workers and alive(workers[-1]):
            continue
        same = DBTaskResult.objects.filter(
            pk=task.pk, status=TaskResultStatus.RUNNING, started_at=task.started_at
        )
        if len(workers) >= settings.TASKS_MAX_ATTEMPTS:
            changed = same.update(
                status=TaskResultStatus.FAILED,
                finished_at=now,
                exception_class_path=f"{__name__}.{WorkerLost.__name__}",
                traceback=f"Its worker died during each of {len(workers)} runs.",
            )
        else:
            changed = same.update(status=TaskResultStatus.READY)
        if changed:
            logger.warning(
                "Task id=%s: worker %s is gone; %s",
                task.pk,
                workers[-1] if workers else "?",
                "failed" if len(workers) >= settings.TASKS_MAX_ATTEMPTS else "retried",
            )
            recovered.append(str(task.pk))
    return recovered


class Heartbeat(threading.Thread):
    """Beside a database worker: its heartbeat, and the recovery of the tasks
    of dead workers, every third of a lease."""

    def __init__(self, *, worker_id: str, backend_name: str) -> None:
        super().__init__(name=f"heartbeat-{worker_id}", daemon=True)
        self.worker_id = worker_id
        self.backend_name = backend_name
        self.stopping = threading.Event()

    def run(self) -> None:
        period = max(settings.TASKS_WORKER_LEASE / 3, 0.2)
        try:
            while True:
                try:
                    beat(self.worker_id)
                    recover_abandoned(backend_name=self.backend_name)
                except Exception as exc:  # noqa: BLE001 - a dead heartbeat gives the task away
                    # A database or cache hiccup: the next beat tries again. (The
                    # worker's own loop reports a database that is not there.)
                    logger.warning(
                        "Heartbeat of worker %s failed (%s); trying again",
                        self.worker_id,
                        type(exc).__name__,
                    )
                    close_old_connections()
                if self.stopping.wait(period):
                    return
        finally:
            from django.db import connections

            connections.close_all()

    def stop(self) -> None:
        self.stopping.set()
        self.join(timeout=10)


# -- brokers: publish once the transaction commits


def new_result(
    backend: BaseTaskBackend, task: Task, args: Any, kwargs: Any
) -> TaskResult:
    return TaskResult(
        task=task,
        id=get_random_id(),
        status=TaskResultStatus.READY,
        enqueued_at=timezone.now(),
        started_at=None,
        last_attempted_at=None,
        finished_at=None,
        args=list(args),
        kwargs=dict(kwargs),
        backend=backend.alias,
        errors=[],
        worker_ids=[],
        metadata={"_django_tasks_backend_name": backend.alias},
    )


def after_commit(publish: Any) -> None:
    # A worker must find the rows the task names: a message published inside
    # the transaction can be taken before they exist (or after a rollback).
    transaction.on_commit(publish)


class RQBackend(BaseTaskBackend):
    """django-tasks' RQ backend, publishing after commit, with retries."""

    supports_defer = False
    supports_get_result = True

    def enqueue(self, task: Task, args: Any, kwargs: Any) -> TaskResult:
        import django_rq
        from django_tasks.backends.rq import Job, failed_callback, success_callback
        from rq import Callback, Retry

        self.validate_task(task)
        result = new_result(self, task, args, kwargs)

        def publish() -> None:
            queue = django_rq.get_queue(task.queue_name, job_class=Job)
            job = queue.create_job(
                task.module_path,
                args=list(args),
                kwargs=dict(kwargs),
                job_id=result.id,
                on_failure=Callback(failed_callback),
                on_success=Callback(success_callback),
                meta=dict(result.metadata),
                retry=(
                    Retry(max=settings.TASKS_MAX_ATTEMPTS - 1)
                    if settings.TASKS_MAX_ATTEMPTS > 1
                    else None
                ),
            )
            queue.enqueue_job(job)

        after_commit(publish)
        task_enqueued.send(type(self), task_result=result)
        return result

    def get_result(self, result_id: str) -> TaskResult:
        from django_tasks.backends.rq import RQBackend as Upstream

        return Upstream(self.alias, {"QUEUES": list(self.queues)}).get_result(result_id)

    def save_metadata(self, result_id: str, metadata: dict[str, Any]) -> None:
        from django_tasks.backends.rq import RQBackend as Upstream

        Upstream(self.alias, {"QUEUES": list(self.queues)}).save_metadata(
            result_id, metadata
        )
