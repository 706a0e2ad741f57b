from pathlib import Path
from typing import Any

from django.apps import AppConfig
from django.core.management import call_command
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate

from backchannel.env import private_mode


def _private_sqlite_files(sender: Any, connection: Any, **kwargs: Any) -> None:
    """The embedded database, its WAL and SHM: owner-only (0600).

    SQLite creates the WAL and SHM with the database file's permissions, so
    once the file is 0600 they are too; existing looser files are tightened on
    every new connection (three ``stat`` calls).
    """
    if connection.vendor != "sqlite":
        return
    name = str(connection.settings_dict.get("NAME") or "")
    if not name or name == ":memory:" or name.startswith("file:"):
        return
    for suffix in ("", "-wal", "-shm", "-journal"):
        path = Path(name + suffix)
        if path.exists():
            private_mode(path)


def _create_cache_table(sender: AppConfig, **kwargs: Any) -> None:
    # The database cache (TOTP replay guard, login throttling) needs its table;
    # creating it with the migrations keeps setup to one command.
    call_command(
        "createcachetable", database=kwargs.get("using", "default"), verbosity=0
    )


class CoreConfig(AppConfig):
    name = "backchannel.core"
    label = "core"

    def ready(self) -> None:
        post_migrate.connect(_create_cache_table, sender=self)
        connection_created.connect(_private_sqlite_files)
