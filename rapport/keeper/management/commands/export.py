"""`rapport export keeper --member USERNAME out.json`: take a keeper elsewhere.

JSON (the default) is lossless and `rapport import keeper` reads it back; vCard 4.0
(``--format vcard``) carries the contact details for address books. ``-`` writes to
standard output.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rapport.keeper.portable import keeper_export
from rapport.keeper.vcard_export import keeper_vcards
from rapport.members import selectors
from rapport.members.models import Member


def member_by_username(username: str) -> Member:
    member = selectors.member_by_username(username)
    if member is None:
        raise CommandError(f"--member: no member has the username {username!r}.")
    return member


class Command(BaseCommand):
    help = "Export a member's keeper: rapport export keeper --member USERNAME out.json"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "what", choices=["keeper", "member"], help="keeper, or member: all their data (JSON)."
        )
        parser.add_argument("out", help="The file to write, or - for standard output.")
        parser.add_argument("--member", required=True, help="Whose keeper (a username).")
        parser.add_argument(
            "--format",
            dest="output_format",
            choices=["json", "vcard"],
            default="json",
            help="json: lossless, for `rapport import keeper`; vcard: vCard 4.0 contacts.",
        )

    def handle(
        self, *args: object, what: str, out: str, member: str, output_format: str, **options: object
    ) -> None:
        owner = member_by_username(member)
        if what == "member":  # the personal data export, as "Download my data" gives it
            from django.core.serializers.json import DjangoJSONEncoder

            from rapport.members.data_export import member_data_export

            data = member_data_export(member=owner)
            text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2) + "\n"
        elif output_format == "vcard":
            text = keeper_vcards(owner=owner)
        else:
            text = json.dumps(keeper_export(owner=owner), ensure_ascii=False, indent=2) + "\n"
        if out == "-":
            self.stdout.write(text, ending="")
            return
        try:
            Path(out).write_text(text, encoding="utf-8")
        except OSError as error:
            raise CommandError(f"out: cannot write {out}: {error.strerror}.") from None
        kind = "data" if what == "member" else "keeper"
        self.stderr.write(f"Wrote {owner.username}'s {kind} to {out} ({output_format}).")
