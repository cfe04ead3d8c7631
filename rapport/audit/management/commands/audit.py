"""`rapport audit --member USERNAME [--html report.html]`: the network audit in words.

The same report as the audit page (``rapport.audit.report.network_audit``), printed
as sentences and short lists; ``--html`` also writes it as one self-contained HTML
file. It names people in the member's keeper: run it for yourself, or for a member
who asked for it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from rapport.audit.report import NetworkAudit, network_audit
from rapport.audit.standalone import render_report
from rapport.members.selectors import member_by_username
from rapport.members.time_zones import member_time_zone

LISTED = 10
"""How many of the strongest and of the dormant ties the summary names."""


def summary_lines(audit: NetworkAudit) -> list[str]:
    """The audit in words, as the command prints it (its time in the current zone)."""
    made = timezone.localtime(audit.generated_at)
    lines = [f"Network audit of {audit.member_name}, {made:%Y-%m-%d %H:%M %Z}", ""]
    lines += audit.sentences
    lines += ["", audit.circles_sentence, audit.months_sentence]
    if audit.strongest:
        count = len(audit.strongest)
        heading = (
            "Your one active tie:" if count == 1 else f"Your strongest {count} ties begin with:"
        )
        lines += ["", heading]
        lines += [
            f"  {tie.rank:>3}. {tie.name} ({tie.score:.2f}; suggested circle {tie.suggested_circle}"
            f", yours {tie.circle}): {tie.why}"
            for tie in audit.strongest[:LISTED]
        ]
    if audit.board:
        lines += ["", "Candidates for your twelve key people:"]
        lines += [
            f"  seat {item.position}, {item.role}: {item.name}. {item.why}." for item in audit.board
        ]
    if audit.dormant:
        lines += ["", f"Dormant ties worth reviving ({audit.dormant_total:,} in all):"]
        lines += [f"  {item.name}: {item.reason}." for item in audit.dormant[:LISTED]]
    if audit.rest.to_archive:
        lines += [
            "",
            f"{len(audit.rest.to_archive):,} contacts, not connections, can be archived in one "
            "go on the audit page (kept, out of your keeper's lists, restorable).",
        ]
    return lines


class Command(BaseCommand):
    help = (
        "The network audit of a member: how many of their connections they actually talk "
        "to, in words; --html writes it as one self-contained file."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--member",
            default=os.environ.get("RAPPORT_MEMBER"),
            help="whose network (a username); defaults to $RAPPORT_MEMBER",
        )
        parser.add_argument("--html", metavar="FILE", help="also write the report to FILE")

    def handle(self, *args: Any, member: str | None, html: str | None, **options: Any) -> None:
        if not member:
            raise CommandError("--member: say whose network (a username), or set RAPPORT_MEMBER.")
        found = member_by_username(member)
        if found is None:
            raise CommandError(f"--member: no member has the username {member!r}.")
        with member_time_zone(found):  # months and times as the member's pages show them
            audit = network_audit(member=found, now=timezone.now())
            report = render_report(audit) if html else ""
            summary = summary_lines(audit)
        if html:
            # Written before the summary is printed, so a path that cannot be written
            # stops the command with one line, not after a screenful it seemed to finish.
            path = Path(html)
            try:
                path.write_text(report, encoding="utf-8")
            except OSError as error:
                raise CommandError(
                    f"--html: cannot write {html}: {why_unwritable(path, error)}."
                ) from None
        for line in summary:
            self.stdout.write(line)
        if html:
            self.stdout.write("")
            self.stdout.write(f"Wrote {path} ({path.stat().st_size / 1024:.0f} KB).")


def why_unwritable(path: Path, error: OSError) -> str:
    """The reason in the user's terms: "No such file or directory" reads as if the
    report itself had to exist already, when it is the folder that is missing."""
    if not path.parent.is_dir():
        return f"there is no folder {path.parent}"
    if isinstance(error, IsADirectoryError):
        return "it is a folder; give a file name inside it, such as report.html"
    reason = error.strerror or str(error)
    return reason[:1].lower() + reason[1:].rstrip(".")
