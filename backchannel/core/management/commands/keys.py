from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from backchannel.core import crypto, keystore
from backchannel.core.errors import DecryptionError
from backchannel.core.keystore import KeyStoreError
from backchannel.core.rotation import master_key_rotate


def _age(taken: dt.datetime) -> str:
    hours = int((dt.datetime.now(dt.UTC) - taken).total_seconds() // 3600)
    return f"{hours} h" if hours < 48 else f"{hours // 24} days"


class Command(BaseCommand):
    help = (
        "Manage encryption keys. `keys rotate`: re-encrypt every data key, second "
        "factor and key-store backup under the current BACKCHANNEL_MASTER_KEY (list "
        "the old key in BACKCHANNEL_PREVIOUS_MASTER_KEYS while it runs). `keys "
        "backup`: copy the key store into BACKCHANNEL_KEY_BACKUP_DIR and delete "
        "copies older than BACKCHANNEL_KEY_BACKUP_DAYS. `keys restore FILE`: bring "
        "a key-store backup into the key store (a destroyed key stays destroyed). "
        "`keys status`: where the keys live and how old their backups are."
    )
    # It checks the master key itself, and must run mid-rotation.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("rotate")
        # Always into BACKCHANNEL_KEY_BACKUP_DIR: the one folder `process destroy`
        # scrubs and `keys backup` prunes. A copy written anywhere else would keep
        # a destroyed process's key out of the deployment's reach.
        sub.add_parser("backup")
        restore = sub.add_parser("restore")
        restore.add_argument("file", help="a file written by `backchannel keys backup`")
        sub.add_parser("status")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"_{options['action']}")(options)
        except (DecryptionError, KeyStoreError) as exc:
            raise CommandError(str(exc)) from None

    def _rotate(self, options: dict[str, Any]) -> None:
        done = master_key_rotate()
        self.stdout.write(
            f"Re-wrapped {done.data_keys} data keys under the current master key "
            f"({done.data_keys_current} were already current); re-encrypted "
            f"{done.mfa_secrets} second factors ({done.mfa_current} were current) "
            f"and {done.key_backups} key-store backups; recomputed "
            f"{done.login_indexes} login indexes. Database backups made "
            "before now restore while the old key stays in "
            "BACKCHANNEL_PREVIOUS_MASTER_KEYS; once they have expired, remove it."
        )

    def _backup(self, options: dict[str, Any]) -> None:
        try:
            path = keystore.backup_write(None)
        except OSError as exc:
            raise CommandError(
                f"Cannot write the key-store backup ({exc.strerror}): set "
                "BACKCHANNEL_KEY_BACKUP_DIR to a directory this user may write."
            ) from None
        days = keystore.retention_days()
        gone = keystore.prune_backups(days)
        self.stdout.write(
            f"Backed up the key store to {path} (mode 0600); deleted {len(gone)} "
            f"key-store backups older than {days} days. Keep copies no longer than "
            f"that: a copy holds the keys of processes destroyed after it was made."
        )

    def _restore(self, options: dict[str, Any]) -> None:
        doc = keystore.backup_read(Path(options["file"]))
        added, destroyed, same = keystore.backup_merge(doc)
        crypto.reset_caches()
        self.stdout.write(
            f"Key store: {added} keys added, {destroyed} destroyed as the backup "
            f"records, {same} unchanged (a key destroyed here stays destroyed)."
        )

    def _status(self, options: dict[str, Any]) -> None:
        entries = keystore.entries()
        live = sum(1 for e in entries if e.wrapped is not None)
        self.stdout.write(
            f"Keys live in the {keystore.location().describe()}: {live} live, "
            f"{len(entries) - live} destroyed."
        )
        newest = keystore.newest_backup()
        days = keystore.retention_days()
        if newest is None:
            self.stdout.write(
                f"No key-store backup in {keystore.backup_dir()}: run `backchannel "
                "keys backup` daily."
            )
        else:
            self.stdout.write(
                f"Newest key-store backup: {newest} ({_age(keystore.backup_taken(newest))}"
                f" old); backups are kept {days} days."
            )
