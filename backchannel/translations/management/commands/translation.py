"""``backchannel translation export TRANSLATION``: print one translation as
plain text, headed by the statement that it is not authoritative."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from backchannel.core.cli import resolve_by_prefix
from backchannel.core.errors import GateBlocked
from backchannel.core.findings import per_span
from backchannel.processes.access import ProcessAccess
from backchannel.translations.models import ContentTranslation
from backchannel.translations.registry import KINDS
from backchannel.translations.selectors import side_by_side, translation_export


class Command(BaseCommand):
    help = (
        "Print one translation as plain text, saying that only the original (for a "
        "joint text, its language of record) counts. Each run is in the audit log."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["export"])
        parser.add_argument(
            "translation",
            metavar="TRANSLATION",
            help="the translation id, or a unique start of it",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        translation = resolve_by_prefix(
            ContentTranslation,
            options["translation"],
            queryset=ContentTranslation.objects.select_related("process"),
            what="translation",
        )
        kind = KINDS[translation.source_field]
        model = type(getattr(translation, kind.name))
        source = model._default_manager.get(pk=translation.source_id)
        access = ProcessAccess.operator(translation.process)
        view = side_by_side(access, kind, source, translation.language)
        if view.chosen is None:
            raise CommandError("The translation has no text.")
        try:
            text = translation_export(view)
        except GateBlocked as exc:
            # Nothing printed on stdout; the findings (no more than the text
            # already held) on stderr, as ``backchannel output export`` does.
            self.stderr.write(exc.message)
            for f in per_span(exc.report.findings):  # type: ignore[attr-defined]
                self.stderr.write(
                    f"  {f.start}-{f.end} {f.kind}: {f.text!r} -> {f.suggestion}"
                )
            raise SystemExit(1) from None
        self.stdout.write(text, ending="")
