"""Background work of consultations, run by django-tasks' worker
(``backchannel db_worker`` with the default database backend)."""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django_tasks import task

from backchannel.consultations.analysis import analysis_execute


@task(queue_name=settings.TASKS_QUEUE)
def analyze_consultation(run_id: str) -> str:
    """Analyse the consultation of a queued run; returns the run's status."""
    run = analysis_execute(run_id=run_id)
    _forget_finished_tasks()
    return run.status if run is not None else "missing"


def enqueue_analysis(run_id: str) -> None:
    """Queue the analysis of a run on the configured queue (``TASKS_QUEUE``).
    The database backend writes the task in the caller's transaction; a broker
    is sent it once that transaction commits (backchannel/core/queues.py)."""
    analyze_consultation.using(queue_name=settings.TASKS_QUEUE).enqueue(run_id)


def _forget_finished_tasks() -> None:
    """The run keeps the result; the task table need not keep, to the second,
    when managers asked for analyses."""
    if not apps.is_installed("django_tasks.backends.database"):
        return
    # Only now: this backend's models exist only when its app is installed.
    from django_tasks.backends.database.models import DBTaskResult

    DBTaskResult.objects.finished().filter(
        task_path=analyze_consultation.module_path
    ).delete()
