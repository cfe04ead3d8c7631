"""`rapport import keeper --member USERNAME in.json`: bring an exported keeper back.

All or nothing: a document with one bad value writes nothing, and the error says
where in the document the value is. The member's keeper must be empty, unless
``--replace`` (which deletes what is there, in the same transaction).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rapport.errors import RapportError
from rapport.keeper.management.commands.export import member_by_username
from rapport.keeper.portable import keeper_import


class Command(BaseCommand):
    help = "Import an exported keeper: rapport import keeper --member USERNAME in.json"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", choices=["keeper"], help="What to import.")
        parser.add_argument("source", help="A file from `rapport export keeper`, or - for stdin.")
        parser.add_argument("--member", required=True, help="Whose keeper (a username).")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete the member's people, interactions and board first.",
        )

    def handle(
        self, *args: object, what: str, source: str, member: str, replace: bool, **options: object
    ) -> None:
        owner = member_by_username(member)
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
            f"Imported {summary.people} people, {summary.interactions} interactions and "
            f"{summary.seats} seats into {owner.username}'s keeper."
        )
        if summary.linked:
            self.stdout.write(f"Linked to members here: {', '.join(summary.linked)}.")
        if summary.unlinked:
            self.stdout.write(
                "No member here with the username "
                f"{', '.join(summary.unlinked)}: kept as people, the username noted in "
                "what makes them tick."
            )
