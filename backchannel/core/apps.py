from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _create_cache_table(sender: AppConfig, **kwargs: Any) -> None:
    # The database cache (TOTP replay guard, login throttling) needs its table;
    # creating it with the migrations keeps setup to one command.
    from django.core.management import call_command

    call_command(
        "createcachetable", database=kwargs.get("using", "default"), verbosity=0
    )


class CoreConfig(AppConfig):
    name = "backchannel.core"
    label = "core"

    def ready(self) -> None:
        post_migrate.connect(_create_cache_table, sender=self)
