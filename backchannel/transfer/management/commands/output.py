"""``backchannel output``: outputs and the transfer ledger from the command line.

Every subcommand acts as a user (``--as USERNAME``) through the same access
rules and services as the web and the API: an export passes the
identification gate (exit 1 with the findings when it stops it), and the
ledger shows carriers to conveners only.

    backchannel output list PROCESS --as USERNAME
    backchannel output export OUTPUT --as USERNAME [--format md|docx|pdf] [--output FILE]
    backchannel output ledger PROCESS --as USERNAME [--format text|json]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from backchannel.accounts.models import User
from backchannel.core.cli import resolve_by_prefix
from backchannel.core.errors import (
    BackchannelError,
    GateBlocked,
)
from backchannel.core.files import add_force_argument, write_private
from backchannel.core.findings import per_span
from backchannel.processes.access import access_process_by_id
from backchannel.processes.models import Process
from backchannel.transfer import services
from backchannel.transfer.access import access_output_by_id
from backchannel.transfer.export import FORMATS
from backchannel.transfer.models import Output
from backchannel.transfer.schemas import transfer_out
from backchannel.transfer.selectors import output_list_for, transfer_rows_for


class Command(BaseCommand):
    help = (
        "Outputs and the transfer ledger, acting as a user: list a process's "
        "outputs, export one through the identification gate (exit 1 with the "
        "findings when it stops it), print the ledger (carriers for conveners only)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        for name, ref in (
            ("list", "PROCESS"),
            ("ledger", "PROCESS"),
            ("export", "OUTPUT"),
        ):
            p = sub.add_parser(name)
            p.add_argument(
                "reference", metavar=ref, help="an id, or a unique start of it"
            )
            p.add_argument(
                "--as",
                dest="username",
                required=True,
                metavar="USERNAME",
                help="act as this user (their role decides what they may do and see)",
            )
            if name == "export":
                p.add_argument("--format", choices=FORMATS, default="md")
                p.add_argument(
                    "--output",
                    metavar="FILE",
                    help="write here (default: standard output)",
                )
                add_force_argument(p)
            if name == "ledger":
                p.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"], is_active=True).first()
        if user is None:
            raise CommandError(
                f"No active user {options['username']!r}: check the username.",
                returncode=2,
            )
        try:
            getattr(self, f"_{options['action']}")(user, options)
        except GateBlocked as exc:
            self._blocked(exc)
            raise SystemExit(1) from None
        except BackchannelError as exc:
            raise CommandError(exc.message, returncode=2) from None

    def _list(self, user: User, options: dict[str, Any]) -> None:
        process = resolve_by_prefix(Process, options["reference"])
        access = access_process_by_id(user, process.pk)
        for o in output_list_for(access):
            self.stdout.write(f"{o.pk}  {o.status:<8}  {o.kind:<26}  {o.title}")

    def _export(self, user: User, options: dict[str, Any]) -> None:
        output = resolve_by_prefix(Output, options["reference"])
        output, access = access_output_by_id(user, output.pk)
        data, _type, _name = services.output_export(
            access=access, output=output, fmt=options["format"]
        )
        target = options.get("output")
        if target:
            write_private(Path(target), data, force=options["force"])
            self.stderr.write(f"Wrote {target} ({len(data)} bytes, gate clean).")
        elif options["format"] == "md":
            self.stdout.write(data.decode("utf-8"), ending="")
        else:
            sys.stdout.buffer.write(data)

    def _ledger(self, user: User, options: dict[str, Any]) -> None:
        process = resolve_by_prefix(Process, options["reference"])
        access = access_process_by_id(user, process.pk, manage=True)
        rows = transfer_rows_for(access)
        if options["format"] == "json":
            payload = [
                transfer_out(r.transfer, r.carrier).model_dump(mode="json")
                for r in rows
            ]
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=1))
            return
        for r in rows:
            t = r.transfer
            carrier = f"  carried by {r.carrier.pseudonym}" if r.carrier else ""
            self.stdout.write(
                f"{t.transferred_on}  {t.channel:<22}  {t.recipient}"
                f"  sha256:{t.artefact_hash[:12]}{carrier}"
            )

    def _blocked(self, exc: GateBlocked) -> None:
        report: Any = exc.report
        self.stderr.write(exc.message)
        for f in per_span(report.findings):
            self.stderr.write(
                f"  {f.start}-{f.end} {f.kind}: {f.text!r} -> {f.suggestion}"
            )
