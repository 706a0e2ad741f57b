"""``backchannel db_worker``: django-tasks' database worker, plus a heartbeat in
the shared cache and the recovery of the tasks of dead workers
(backchannel/core/queues.py). Same options as django-tasks' own."""

from __future__ import annotations

import os
from typing import Any

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks.backends.database.management.commands import db_worker

from backchannel.core.queues import Heartbeat


class Worker(db_worker.Worker):
    def run(self) -> None:
        heartbeat = Heartbeat(worker_id=self.worker_id, backend_name=self.backend_name)
        heartbeat.start()
        try:
            super().run()
        finally:
            heartbeat.stop()


class Command(db_worker.Command):
    help = (
        "Run a database background worker; it puts back the tasks of workers "
        "that died (TASKS_WORKER_LEASE)."
    )

    def handle(
        self,
        *,
        verbosity: int,
        queue_name: str,
        interval: float,
        batch: bool,
        backend_name: str,
        startup_delay: bool,
        reload: bool,
        max_tasks: int | None,
        worker_id: str,
        **options: Any,
    ) -> None:
        # django-tasks' handle() with our Worker in place of its own.
        self.configure_logging(verbosity)
        worker = Worker(
            queue_names=queue_name.split(","),
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
        )
        if reload and not batch:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
