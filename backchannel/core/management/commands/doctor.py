from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser, SystemCheckError

from backchannel.core.health import (
    Check,
    check_cache,
    check_cache_eviction,
    check_database,
    check_file_modes,
    check_key_store,
    check_master_key,
    check_migrations,
    check_secret_key,
)


def _deploy_check() -> Check:
    if settings.EMBEDDED:
        return Check("deployment checklist", True, "skipped for the embedded database")
    try:
        call_command("check", deploy=True, fail_level="WARNING", verbosity=0)
    except SystemCheckError as exc:
        return Check("deployment checklist", False, f"{exc}".strip().splitlines()[-1])
    return Check("deployment checklist", True, "no warnings")


class Command(BaseCommand):
    help = "Check the configuration and say what to fix: keys, database, migrations, cache."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--quiet", action="store_true", help="print problems only")

    def handle(self, *args: Any, **options: Any) -> None:
        checks = [
            check_master_key(),
            check_key_store(),
            check_secret_key(),
            check_database(),
            check_migrations(),
            check_cache(),
            check_cache_eviction(),
            check_file_modes(),
            _deploy_check(),
        ]
        for c in checks:
            if c.ok and c.warning:
                self.stdout.write(f"[warn] {c.name}: {c.warning}")
                continue
            if c.ok and options["quiet"]:
                continue
            mark = "ok " if c.ok else "FIX"
            self.stdout.write(f"[{mark}] {c.name}: {c.detail}")
        problems = [c for c in checks if not c.ok]
        if problems:
            self.stderr.write(f"{len(problems)} problem(s) to fix.")
            raise SystemExit(1)
        self.stdout.write("Everything checked is in order.")
