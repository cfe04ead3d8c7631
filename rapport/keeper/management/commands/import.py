"""`rapport import SOURCE PATH --member USERNAME`: bring a keeper or a network in.

- ``keeper``: a file from `rapport export keeper` (``--replace`` empties the keeper
  first). All or nothing; the error says where in the document the bad value is.
- ``linkedin``: LinkedIn's "Get a copy of your data" ZIP, or its unzipped folder.
- ``vcard``: a .vcf file; ``csv``: a Google or Outlook contacts CSV.
- ``mbox``: a mail archive; ``--me ADDRESS...`` says which addresses are yours.

Network imports read the whole file first (a progress bar on a terminal, plain lines
otherwise), then write everything in one transaction: a file that cannot be read is
refused with the file, line and reason, and nothing is written. The summary lists
what was added and matched, and every row set aside with its line and reason.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rapport.errors import RapportError
from rapport.imports.models import ImportJob
from rapport.imports.parsers import SOURCES
from rapport.imports.services import import_job_create, import_job_run
from rapport.keeper.management.commands.export import member_by_username
from rapport.keeper.portable import keeper_import
from rapport.wording import counted

SKIPPED_PRINTED = 50


class Command(BaseCommand):
    help = (
        "Import into a member's keeper: rapport import keeper|linkedin|vcard|csv|mbox PATH "
        "--member USERNAME [--me ADDRESS...] [--replace]"
    )
    # Django's system checks import every URL module and view (a second of a large
    # import's time) to check things a data command never touches.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", choices=["keeper", *SOURCES], help="What to import.")
        parser.add_argument(
            "source",
            help="The file (or a LinkedIn export's folder); - reads a keeper file from stdin.",
        )
        parser.add_argument("--member", required=True, help="Whose keeper (a username).")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="keeper only: delete the member's people, interactions and board first.",
        )
        parser.add_argument(
            "--me",
            nargs="+",
            action="extend",
            default=[],
            metavar="ADDRESS",
            help="mbox only: your own email addresses, to tell sent mail from received.",
        )

    def handle(
        self,
        *args: object,
        what: str,
        source: str,
        member: str,
        replace: bool,
        me: list[str],
        **options: object,
    ) -> None:
        owner = member_by_username(member)
        if what == "keeper":
            self._keeper(owner, source, replace)
            return
        if replace:
            raise CommandError("--replace: only `rapport import keeper` replaces a keeper.")
        if me and what != "mbox":
            raise CommandError("--me: only a mail archive (mbox) needs your addresses.")
        try:
            job = import_job_create(owner=owner, source=what, path=Path(source), me=me)
        except RapportError as error:
            option = {"me": "--me", "file": "source"}.get(error.field or "", "source")
            raise CommandError(f"{option}: {error.message}") from None
        job = self._run(job)
        if job.state != "done":
            raise CommandError(str(job.error.get("message", "The import failed.")))
        self._summary(job)

    def _run(self, job: ImportJob) -> ImportJob:
        """Run the job here, with a bar on a terminal and a line per tenth otherwise."""
        if self.stdout.isatty():
            from rich.progress import BarColumn, Progress, TaskProgressColumn, TimeElapsedColumn

            with Progress(
                "[progress.description]{task.description}",
                BarColumn(),
                TaskProgressColumn(),
                TimeElapsedColumn(),
                transient=True,
            ) as bar:
                task = bar.add_task(f"Reading {job.filename}", total=None)

                def show(done: int, total: int) -> None:
                    bar.update(task, completed=done, total=total)

                return import_job_run(job_id=job.pk, progress=show)
        shown = [-1]

        def line(done: int, total: int) -> None:
            tenth = 10 * done // total if total else 0
            if tenth > shown[0]:
                shown[0] = tenth
                self.stdout.write(f"Reading {job.filename}: {10 * tenth}%")

        result = import_job_run(job_id=job.pk, progress=line)
        self.stdout.flush()
        return result

    def _summary(self, job: ImportJob) -> None:
        summary: dict[str, Any] = job.summary
        self.stdout.write(
            f"Imported {job.filename} into {job.owner.username}'s keeper: "
            f"{counted(summary['people_added'], 'person', 'people')} added, "
            f"{summary['people_matched']:,} matched ({summary['people_updated']:,} updated), "
            f"{counted(summary.get('dates_added', 0), 'birthday or other date', 'birthdays and other dates')} added, "
            f"{counted(summary['interactions_added'], 'interaction')} added, "
            f"{summary['interactions_already_there']:,} already there."
        )
        for suggestion in summary["suggestions"]:
            self.stdout.write(
                f"Maybe the same person: {suggestion['person_name']} (#{suggestion['person_id']})"
                f" and {suggestion['other_name']} (#{suggestion['other_id']}): "
                f"{suggestion['reason']}. Review it under Keeper > Duplicates."
            )
        if not summary["skipped_total"]:
            return
        self.stdout.write(f"Set aside: {counted(summary['skipped_total'], 'row')}.")
        for reason in summary["skipped_reasons"]:
            self.stdout.write(f"  {reason['rows']:>7}  {reason['reason']}")
        for item in summary["skipped"][:SKIPPED_PRINTED]:
            self.stdout.write(f"  {item['file']}, line {item['line']}: {item['reason']}")
        more = summary["skipped_total"] - min(len(summary["skipped"]), SKIPPED_PRINTED)
        if more > 0:
            self.stdout.write(f"  ... and {more} more (all listed on the import's page).")

    def _keeper(self, owner: Any, source: str, replace: bool) -> None:
        try:
            text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"source: cannot read {source}: {error}.") from None
        try:
            document = json.loads(text)
        except json.JSONDecodeError as error:
            raise CommandError(
                f"source: {source} is not JSON (line {error.lineno}, column {error.colno}: "
                f"{error.msg})."
            ) from None
        try:
            summary = keeper_import(owner=owner, document=document, replace=replace)
        except RapportError as error:
            raise CommandError(f"{error.message} Nothing was imported.") from None
        self.stdout.write(
            f"Imported {counted(summary.people, 'person', 'people')} "
            f"(with {counted(summary.dates, 'yearly date')}), "
            f"{counted(summary.interactions, 'interaction')} and "
            f"{counted(summary.seats, 'seat')} into {owner.username}'s keeper."
        )
        if summary.linked:
            self.stdout.write(f"Linked to members here: {', '.join(summary.linked)}.")
        if summary.unlinked:
            self.stdout.write(
                "No member here with the username "
                f"{', '.join(summary.unlinked)}: kept as people, the username noted in "
                "what makes them tick."
            )
        if summary.yourself is not None:
            self.stdout.write(
                f"{summary.yourself} was linked to {owner.username}, whose keeper this is: "
                f"nobody is a person in their own keeper, so {summary.yourself} is kept "
                "unlinked, the username noted in what makes them tick."
            )
        if summary.not_noted:
            self.stdout.write(
                f"What makes them tick had no room left for {', '.join(summary.not_noted)}: "
                "the username above is not noted there."
            )
