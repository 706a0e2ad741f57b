from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from backchannel.analysis.pipeline import analyze_export
from backchannel.analysis.polis_io import PolisFormatError
from backchannel.core import uploads


class Command(BaseCommand):
    help = (
        "Analyse a Pol.is export directory (comments.csv with votes.csv or "
        "participants-votes.csv): opinion groups, representative statements, consensus."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="the export directory")
        parser.add_argument("--format", choices=["json", "text"], default="text")
        parser.add_argument(
            "--seed", type=int, default=0, help="random seed (default 0)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = analyze_export(
                options["path"],
                seed=options["seed"],
                max_bytes=uploads.limit("MAX_UPLOAD_BYTES"),
            )
        except PolisFormatError as exc:
            raise CommandError(str(exc)) from None
        except FileNotFoundError as exc:
            raise CommandError(
                f"{exc.filename or options['path']}: not found. Give the directory of a "
                "Pol.is export holding comments.csv and votes.csv or participants-votes.csv."
            ) from None
        if options["format"] == "json":
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=1))
            return
        placed = sum(1 for g in result["participants"].values() if g is not None)
        self.stdout.write(
            f"{len(result['participants'])} participants, {placed} in "
            f"{len(result['groups'])} opinion groups."
        )
        for group in result["groups"]:
            self.stdout.write(f"\nGroup {group['id']} ({group['size']} participants):")
            for rep in group["repness"]:
                direction = rep.get("repful", "")
                self.stdout.write(f"  comment {rep['comment_id']}: {direction}")
        if result["consensus"]:
            ids = ", ".join(str(c["comment_id"]) for c in result["consensus"])
            self.stdout.write(f"\nConsensus statements: {ids}")
