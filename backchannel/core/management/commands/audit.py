from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from backchannel.core import uploads
from backchannel.core.audit import (
    AuditBroken,
    AuditKeyError,
    Checkpoint,
    audit_checkpoint,
    audit_public_key,
    audit_verify,
)
from backchannel.core.errors import DecryptionError
from backchannel.core.files import add_force_argument, write_private


class Command(BaseCommand):
    help = (
        "`audit verify [--checkpoint FILE]`: check the audit log's keyed chain, the "
        "checkpoints kept in the database and a signed checkpoint kept off the "
        "server (against BACKCHANNEL_AUDIT_PUBLIC_KEY); exit 1 naming the first bad "
        "entry. `audit checkpoint [--output FILE]`: sign the current head; keep the "
        "file off the server (run it daily, e.g. from cron). `audit public-key`: "
        "the key to set as BACKCHANNEL_AUDIT_PUBLIC_KEY where checkpoints are checked."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify", "checkpoint", "public-key"])
        parser.add_argument("--checkpoint", help="a checkpoint file written earlier")
        parser.add_argument("--output", help="where to write the checkpoint")
        add_force_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            self._handle(options)
        except (AuditKeyError, DecryptionError) as exc:
            raise CommandError(str(exc)) from None

    def _handle(self, options: dict[str, Any]) -> None:
        if options["action"] == "public-key":
            self.stdout.write(audit_public_key())
            return
        if options["action"] == "checkpoint":
            made = audit_checkpoint()
            if options["output"]:
                write_private(
                    Path(options["output"]),
                    (made.to_json() + "\n").encode(),
                    force=options["force"],
                )
                self.stdout.write(
                    f"Checkpoint at entry {made.seq} written to {options['output']}: "
                    "copy it off the server."
                )
            else:
                self.stdout.write(made.to_json())
            return
        checkpoint = None
        if options["checkpoint"]:
            path = options["checkpoint"]
            try:
                checkpoint = Checkpoint.from_json(
                    uploads.read_text(
                        path, limit=uploads.limit("MAX_UPLOAD_BYTES"), label=path
                    )
                )
            except uploads.InputRefused as exc:
                if exc.kind != "too_large":
                    raise CommandError(
                        f"{path} is not a checkpoint file ({exc}): give a file "
                        "written by `backchannel audit checkpoint --output`."
                    ) from None
                raise CommandError(str(exc)) from None
            except (
                OSError,
                ValueError,
                KeyError,
                TypeError,
                json.JSONDecodeError,
            ) as exc:
                raise CommandError(
                    f"{options['checkpoint']} is not a checkpoint file ({exc}): give a "
                    "file written by `backchannel audit checkpoint --output`."
                ) from None
        try:
            bad = audit_verify(checkpoint=checkpoint)
        except AuditBroken as exc:
            bad = exc
        if bad is not None:
            self.stderr.write(
                f"Audit log broken at entry {bad.seq}: {bad.reason}. The log was "
                "modified, cut short, or entries were deleted, inserted or reordered."
            )
            raise SystemExit(1)
        suffix = (
            f" and matches the checkpoint at entry {checkpoint.seq}"
            if checkpoint
            else ""
        )
        self.stdout.write(f"Audit log intact{suffix}.")
