"""The Celery application of ``TASKS_BACKEND=celery``: one Celery task,
:data:`RUN_TASK`, runs any django-tasks task by its path
(:class:`CeleryBackend` below publishes it).

A worker: ``celery -A backchannel.core.celery_app worker -Q QUEUE`` (the queue is
``TASKS_QUEUE``). Messages are acknowledged after the task ran (``acks_late``),
also when its pool process died (``reject_on_worker_lost`` puts it back), and a
worker takes one at a time: a worker killed in the middle of a task leaves its
message to RabbitMQ, which gives it to the next worker.
"""

from __future__ import annotations

import os
from typing import Any

import django
from django.apps import apps

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backchannel.settings")
if not apps.ready:
    # Started by `celery -A`: Django is not set up yet.
    django.setup()

from celery import Celery
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import SuspiciousOperation
from django.db import close_old_connections
from django.utils.module_loading import import_string
from django_tasks.backends.base import BaseTaskBackend
from django_tasks.base import Task, TaskResult
from django_tasks.signals import task_enqueued

from backchannel.core.queues import WorkerLost, after_commit, new_result

RUN_TASK = "backchannel.run_task"

app = Celery("backchannel")
app.conf.update(
    broker_url=settings.TASKS_BROKER_URL or "memory://",
    broker_connection_retry_on_startup=True,
    task_default_queue=settings.TASKS_QUEUE,
    task_acks_late=True,
    task_reject_on_worker_lost=True,
    worker_prefetch_multiplier=1,
    task_ignore_result=True,
    task_serializer="json",
    accept_content=["json"],
    worker_hijack_root_logger=False,
)


@app.task(name=RUN_TASK, bind=True)
def run_task(
    self: Any, module_path: str, args: list[Any], kwargs: dict[str, Any]
) -> Any:
    """Run the django-tasks task at ``module_path`` (only a task: a message
    naming any other function is refused), at most ``TASKS_MAX_ATTEMPTS`` times:
    RabbitMQ redelivers the message of a dead worker without counting, so a task
    that kills its worker each time would otherwise come back for ever."""
    task = import_string(module_path)
    if not isinstance(task, Task):
        raise SuspiciousOperation(f"{module_path} is not a task")
    close_old_connections()
    attempts = f"backchannel:tasks:attempts:{self.request.id}"
    cache.add(attempts, 0, timeout=7 * 86400)
    if cache.incr(attempts) > settings.TASKS_MAX_ATTEMPTS:
        raise WorkerLost(
            f"Task {self.request.id}: its worker died during each of "
            f"{settings.TASKS_MAX_ATTEMPTS} runs; not run again."
        )
    try:
        return task.call(*args, **kwargs)
    finally:
        close_old_connections()


class CeleryBackend(BaseTaskBackend):
    """django-tasks on Celery: :data:`RUN_TASK` runs any django-tasks task."""

    supports_defer = False

    def enqueue(self, task: Task, args: Any, kwargs: Any) -> TaskResult:
        self.validate_task(task)
        result = new_result(self, task, args, kwargs)

        def publish() -> None:
            with app.connection_for_write(settings.TASKS_BROKER_URL) as broker:
                app.send_task(
                    RUN_TASK,
                    args=[task.module_path, list(args), dict(kwargs)],
                    task_id=result.id,
                    queue=task.queue_name,
                    connection=broker,
                )

        after_commit(publish)
        task_enqueued.send(type(self), task_result=result)
        return result

    def save_metadata(self, result_id: str, metadata: dict[str, Any]) -> None:
        raise NotImplementedError("The Celery backend keeps no task metadata.")
