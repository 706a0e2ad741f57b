"""``backchannel report PROCESS --format html|pdf --output FILE``.

Writes the process report as the operator: the same non-attributed, suppressed
report that the process's managers get on the web, through the same
identification gate. A progress bar on standard error (rich) shows the steps
when it is a terminal; ``--quiet`` or a pipe hides it. Any problem is one line
on standard error and exit status 2, and nothing is written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from backchannel.core.cli import NoMatch, NotAnId, resolve_by_prefix
from backchannel.core.files import add_force_argument, check_target, write_private
from backchannel.processes.access import ProcessAccess
from backchannel.processes.models import Process
from backchannel.reports.services import (
    FORMATS,
    ReportRefused,
    process_report,
)

# The steps the report goes through (see ``builder.build_report`` and
# ``services.process_report``): the progress bar's length.
STEPS = 9


def resolve_process(reference: str) -> Process:
    """A process by its id (or a unique start of it, ``resolve_by_prefix``), its
    exact title (any case) or the slug of its title."""
    wanted = reference.strip()
    if not wanted:
        raise CommandError(_("Give a process: its id, title or slug."), returncode=2)
    try:
        return resolve_by_prefix(Process, wanted)
    except (NotAnId, NoMatch):
        pass  # perhaps a title or a slug
    folded = " ".join(wanted.split()).casefold()
    slug = slugify(wanted)
    matches = [
        p
        for p in Process.objects.filter(data_key__destroyed_on__isnull=True)
        if " ".join(str(p.title).split()).casefold() == folded
        or (slug and slugify(str(p.title)) == slug)
    ]
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        raise CommandError(
            _(
                "%(n)d processes are called %(ref)r: give the id of the one you "
                "mean (on the address of its page)."
            )
            % {"n": len(matches), "ref": reference},
            returncode=2,
        )
    raise CommandError(
        _(
            "No process has the id, title or slug %(ref)r: give its id (from the "
            "address of its page), its title or its slug."
        )
        % {"ref": reference},
        returncode=2,
    )


class Command(BaseCommand):
    help = (
        "Write a process's report (HTML page or PDF with charts), non-attributed, "
        "small cells suppressed, checked by the identification gate."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "process",
            metavar="PROCESS",
            help="the process id (or a unique start of it), title or slug",
        )
        parser.add_argument(
            "--format",
            choices=FORMATS,
            default="pdf",
            help="html or pdf (default: pdf)",
        )
        parser.add_argument(
            "--output", "-o", required=True, metavar="FILE", help="where to write it"
        )
        parser.add_argument(
            "--quiet", "-q", action="store_true", help="no progress bar"
        )
        add_force_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        output = Path(options["output"])
        if not output.parent.is_dir():
            raise CommandError(
                _("%(dir)s is not a directory: create it or write elsewhere.")
                % {"dir": output.parent},
                returncode=2,
            )
        if output.is_dir():
            raise CommandError(
                _("%(path)s is a directory: give a file name such as report.%(fmt)s.")
                % {"path": output, "fmt": options["format"]},
                returncode=2,
            )
        check_target(output, force=options["force"])
        process = resolve_process(options["process"])
        try:
            made = self._build(process, options["format"], quiet=options["quiet"])
        except ReportRefused as exc:
            lines = [m for messages in exc.errors.values() for m in messages]
            raise CommandError(
                ngettext(
                    "The report was not written: the identification gate found "
                    "%(n)d problem.",
                    "The report was not written: the identification gate found "
                    "%(n)d problems.",
                    len(lines),
                )
                % {"n": len(lines)}
                + "\n"
                + "\n".join(f"  {line}" for line in lines),
                returncode=2,
            ) from None
        write_private(output, made.content, force=options["force"])
        self.stdout.write(
            _("Wrote %(path)s (%(fmt)s, %(size)d bytes).")
            % {"path": output, "fmt": made.format, "size": len(made.content)}
        )

    def _build(self, process: Process, fmt: str, *, quiet: bool) -> Any:
        # rich only for the progress bar on a terminal.
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        console = Console(file=self.stderr, stderr=True)
        show = not quiet and console.is_terminal
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.completed}/{task.total}"),
            TimeElapsedColumn(),
            console=console,
            disable=not show,
            transient=False,
        ) as bar:
            task = bar.add_task(_("Report"), total=STEPS)

            def step(name: str) -> None:
                bar.update(task, advance=1, description=name)

            made = process_report(
                ProcessAccess.operator(process), fmt=fmt, progress=step
            )
            bar.update(task, completed=STEPS, description=_("Done"))
        return made
