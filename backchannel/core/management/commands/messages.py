"""Translation catalogues: update from the code, compile, list and fill what is missing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from backchannel.core import i18n


class Command(BaseCommand):
    help = (
        "Translation catalogues (backchannel/locale): 'update' merges the msgids of "
        "templates and code into every .po and compiles; 'compile' writes the .mo "
        "files; 'todo' lists untranslated and fuzzy entries; 'fill FILE' writes "
        "translations from a JSON file shaped like 'todo --format json'."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["update", "compile", "todo", "fill"])
        parser.add_argument("file", nargs="?", help="JSON file for 'fill'")
        parser.add_argument(
            "--language",
            action="append",
            choices=i18n.LANGUAGES,
            help="Only this language (repeatable); default: all",
        )
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        languages = options["language"] or list(i18n.LANGUAGES)
        action = options["action"]
        if action == "update":
            added = i18n.update_catalogues(languages)
            for language, count in added.items():
                self.stdout.write(f"{language}: {count} new")
            action = "compile"
        if action == "compile":
            changed = i18n.compile_catalogues(languages)
            self.stdout.write(f"Compiled: {', '.join(changed) or 'nothing changed'}")
            self._summary(languages)
        elif action == "todo":
            self._todo(languages, options["format"])
        elif action == "fill":
            self._fill(options["file"])

    def _summary(self, languages: list[str]) -> None:
        for language in languages:
            left = sum(1 for _ in i18n.todo(language))
            if left:
                self.stdout.write(
                    f"{language}: {left} to translate (backchannel messages todo "
                    f"--language {language})"
                )

    def _todo(self, languages: list[str], fmt: str) -> None:
        if fmt == "json":
            out: dict[str, dict[str, Any]] = {}
            for language in languages:
                entries = out.setdefault(language, {})
                for entry in i18n.todo(language):
                    if entry.msgid_plural:
                        entries[i18n.entry_key(entry)] = {
                            "msgid_plural": entry.msgid_plural,
                            "msgstr": [
                                entry.msgstr_plural.get(n, "")
                                for n in range(i18n.nplurals(language))
                            ],
                        }
                    else:
                        entries[i18n.entry_key(entry)] = entry.msgstr
            self.stdout.write(json.dumps(out, ensure_ascii=False, indent=1))
            return
        for language in languages:
            todo = list(i18n.todo(language))
            self.stdout.write(f"{language}: {len(todo)} to translate")
            for entry in todo:
                flag = "fuzzy " if entry.fuzzy else ""
                plural = (
                    f" | plural: {entry.msgid_plural!r}" if entry.msgid_plural else ""
                )
                self.stdout.write(f"  {flag}{i18n.entry_key(entry)!r}{plural}")

    def _fill(self, file: str | None) -> None:
        if not file:
            raise CommandError(
                "Name the JSON file: backchannel messages fill FILE.json"
            )
        try:
            data = json.loads(Path(file).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CommandError(f"Cannot read {file}: {exc}") from None
        try:
            filled = i18n.fill(data)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        for language, count in filled.items():
            self.stdout.write(f"{language}: {count} filled")
        changed = i18n.compile_catalogues(list(filled))
        self.stdout.write(f"Compiled: {', '.join(changed) or 'nothing changed'}")
        self._summary(list(filled))
