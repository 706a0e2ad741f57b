# ruff: noqa: N999  (Django names a command after its module: `backchannel import`)
"""``backchannel import``: create a new process from a file written by ``export``.

The whole file is checked first; if anything is wrong, every problem is listed
with its JSON path and nothing is written.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from backchannel.accounts.models import Organisation
from backchannel.core.cli import read_input
from backchannel.core.errors import ValidationFailed
from backchannel.portability.services import (
    document_from_text,
    process_import,
    validate_process_document,
)


class Command(BaseCommand):
    help = (
        "Import a process from FILE (written by `backchannel export`, or by hand "
        "in that format) as a new process: new ids, and new people in the "
        "organisation's registry."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file", metavar="FILE", help="the JSON file, or - for standard input"
        )
        parser.add_argument(
            "--organisation",
            metavar="SLUG",
            help="organisation to import into (default: the one named in the file)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        name = options["file"]
        text = read_input(name, nothing="Nothing was imported.")
        try:
            data = document_from_text(text)
        except ValidationFailed as exc:
            raise CommandError(f"{name}: {exc.errors['$'][0]}") from None
        problems = validate_process_document(data)
        if problems:
            raise CommandError(
                f"{name} has {_count(len(problems), 'problem')}; nothing was "
                "imported. Fix them and run the import again:\n"
                + "\n".join(f"  {p}" for p in problems)
            )
        organisation = _organisation(options["organisation"], data["process"])
        try:
            process = process_import(organisation=organisation, data=data)
        except ValidationFailed as exc:
            raise CommandError(
                f"{name} was refused; nothing was imported:\n"
                + "\n".join(f"  {line}" for line in exc.lines())
            ) from None
        self.stdout.write(
            f"Imported process {process.pk} into {organisation.slug}: "
            f"{_count(len(data['sides']), 'side')}, "
            f"{_count(len(data.get('phases', [])), 'phase')}, "
            f"{_count(len(data.get('participants', [])), 'participant')}, "
            f"{_count(len(data.get('meetings', [])), 'meeting')}, "
            f"{_count(len(data.get('notes', [])), 'note')}, "
            f"{_count(len(data.get('ideas', [])), 'idea')}."
        )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _organisation(slug: str | None, process: dict[str, Any]) -> Organisation:
    slugs = sorted(Organisation.objects.values_list("slug", flat=True))
    known = f"use one of {slugs}" if slugs else "create an organisation first"
    if slug:
        organisation = Organisation.objects.filter(slug=slug).first()
        if organisation is None:
            raise CommandError(f"No organisation has the slug {slug!r}: {known}.")
        return organisation
    named = process.get("organisation")
    organisation = (
        Organisation.objects.filter(slug=named).first()
        if isinstance(named, str) and named
        else None
    )
    if organisation is None:
        raise CommandError(
            f"The file's organisation {named!r} is not in this deployment: choose "
            f"one with --organisation SLUG ({known})."
        )
    return organisation
