"""`rapport log "coffee with Ana Ruiz" --gave advice`: log an interaction from a terminal.

The people come from the text ("... with Ana Ruiz and Ben") or from ``--with``; each
name must point at exactly one person in the member's keeper (full name first, then a
unique first name, ignoring case and accents: ``keeper.selectors.people_by_names``,
as the keeper's "Log it" form reads them), or nothing is written and the error lists
the candidates. Every error names the option to fix, or the words of the text
the names were read from.

People the network audit archived ("contacts, not connections") are found too, but
only when nobody in the keeper's lists answers to the name: "Ben" is the Ben you
talk to, not one you archived. Logging a conversation with an archived person says
so and restores them, since you are talking again; ``--keep-archived`` logs it and
leaves them archived (an old conversation remembered, say).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Sequence
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from rapport.errors import RapportError
from rapport.keeper.selectors import NameAmbiguous, NameUnknown, folded, people_by_names
from rapport.keeper.services import interaction_log_restoring, moment_of_day
from rapport.keeper.vocabulary import Direction, Kind
from rapport.members.models import Member
from rapport.members.selectors import member_by_username
from rapport.members.time_zones import member_time_zone

DEFAULT_KIND = Kind.CONVERSATION
# The names follow the first "with"; they end where the sentence goes on ("about ...").
_WITH = re.compile(r"\bwith\b\s+(?P<names>.+)$", re.IGNORECASE)
_NAMES_END = re.compile(r"\s+\b(?:about|at|on|for|to|re|regarding|over|in)\b.*$", re.IGNORECASE)
_NAME_SEPARATORS = re.compile(r"\s*(?:,|&|\band\b)\s*", re.IGNORECASE)
# Which option to blame for a service's complaint about a field (the people's names
# come from --with or the text: names_source).
_OPTION_FOR_FIELD = {
    "kind": "--kind",
    "direction": "--gave/--received",
    "favour": "--gave/--received",
    "note": "--note",
    "occurred_at": "--date",
}


def names_in(text: str) -> list[str]:
    """``"coffee with Ana Ruiz and Ben about the grant"`` -> ``["Ana Ruiz", "Ben"]``."""
    match = _WITH.search(text)
    if match is None:
        return []
    names = _NAMES_END.sub("", match.group("names")).strip(" .!?;:")
    return [name for name in _NAME_SEPARATORS.split(names) if name]


def with_phrase(text: str) -> str:
    """``"coffee with Ana Ruiz about the grant"`` -> ``"with Ana Ruiz"``: the part of
    the text the names were read from, quoted when one of them is wrong."""
    match = _WITH.search(text)
    if match is None:
        return ""
    return _NAMES_END.sub("", match.group(0)).strip(" .!?;:")


def kind_for(text: str, kind: str | None) -> str:
    if kind is not None:
        if kind not in Kind.codes:
            raise CommandError(
                f"--kind: unknown kind {kind!r}; choose one of {', '.join(Kind.codes)}."
            )
        return kind
    first_word = folded(text).split(" ")[0].strip(".,!?:;") if text.strip() else ""
    return first_word if first_word in Kind.codes else DEFAULT_KIND


def direction_for(gave: str | None, received: str | None) -> tuple[str, str]:
    """``(direction, favour)``: ``--gave advice`` -> ``("gave", "advice")``."""
    if gave and received:
        raise CommandError("--gave, --received: say one of them; a favour goes one way.")
    for option, favour, direction in (
        ("--gave", gave, Direction.GAVE),
        ("--received", received, Direction.RECEIVED),
    ):
        if favour is None:
            continue
        if favour not in Kind.favours:
            raise CommandError(
                f"{option}: {favour!r} is not a favour; choose one of {', '.join(Kind.favours)}."
            )
        return direction, favour
    return Direction.MUTUAL, ""


def occurred_at_for(day: str | None) -> dt.datetime:
    """Now for today; noon of a past day (the day is what matters)."""
    now = timezone.now()
    if day is None:
        return now
    try:
        date = dt.date.fromisoformat(day)
    except ValueError:
        raise CommandError(f"--date: {day!r} is not a date; write it as YYYY-MM-DD.") from None
    today = timezone.localdate(now)
    if date > today:
        raise CommandError(f"--date: {date:%Y-%m-%d} is in the future; log what has happened.")
    return moment_of_day(date)


def member_named(username: str | None) -> Member:
    if not username:
        raise CommandError("--member: say whose keeper (a username), or set RAPPORT_MEMBER.")
    member = member_by_username(username)
    if member is None:
        raise CommandError(f"--member: no member has the username {username!r}.")
    return member


def names_source(text: str, *, from_option: bool) -> str:
    """Where the names were read, to put before a complaint about one: ``--with``, or
    the words of the text (the user may not know the text is searched for names)."""
    return "--with" if from_option else f'"{with_phrase(text)}" in your text'


def name_refused(
    problem: NameAmbiguous | NameUnknown, *, text: str, from_option: bool
) -> CommandError:
    """The keeper's complaint about a name (``people_by_names``), said where the name
    was read, with the way to fix it from a terminal."""
    message = f"{problem.message[:1].lower()}{problem.message[1:]}"
    if isinstance(problem, NameAmbiguous) and problem.full_name:
        # Quoted: an unquoted #12 starts a comment in the shell.
        message = (
            f"{problem.name!r} could be {problem.described}; give the number, as "
            f"--with '#{problem.candidates[0].pk}'."
        )
    if isinstance(problem, NameUnknown) and problem.worth_adding:
        other_way = "" if from_option else ", or say who it was with --with NAME"
        message += f' Add them to your keeper first ("Add a person"){other_way}.'
    where = names_source(text, from_option=from_option)
    return CommandError(f"{where}: {message}")


def _and(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


class Command(BaseCommand):
    help = (
        'Log an interaction in a member\'s keeper, e.g. rapport log "coffee with Ana Ruiz" '
        "--gave advice. The people come from the text (after 'with') or from --with. "
        "Someone you archived (network audit) is found when nobody in your lists has the "
        "name; logging with them restores them to your lists, unless --keep-archived."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("text", help='What happened, e.g. "coffee with Ana Ruiz and Ben".')
        parser.add_argument(
            "--kind",
            help=f"One of {', '.join(Kind.codes)}; guessed from the text's first word "
            f"when it is one, else {DEFAULT_KIND}.",
        )
        parser.add_argument(
            "--with",
            dest="with_names",
            action="append",
            metavar="NAME",
            help="A person it was with (repeat for more; '#12' picks by number). "
            "Used instead of the names in the text.",
        )
        parser.add_argument(
            "--gave", metavar="FAVOUR", help=f"You gave: {', '.join(Kind.favours)}."
        )
        parser.add_argument(
            "--received", metavar="FAVOUR", help=f"You received: {', '.join(Kind.favours)}."
        )
        parser.add_argument("--date", help="YYYY-MM-DD; today if left out.")
        parser.add_argument("--note", help="A note; the text itself if left out.")
        parser.add_argument(
            "--keep-archived",
            action="store_true",
            help="Leave archived people archived (by default logging restores them: "
            "you are talking again).",
        )
        parser.add_argument(
            "--member",
            default=os.environ.get("RAPPORT_MEMBER"),
            help="Whose keeper (a username); defaults to $RAPPORT_MEMBER.",
        )

    def handle(self, *args: object, member: str | None, **options: Any) -> None:
        owner = member_named(member)
        # "Today", --date and the day printed are the member's, in their time zone.
        with member_time_zone(owner):
            self.log_for(owner, **options)

    def log_for(
        self,
        owner: Member,
        *,
        text: str,
        kind: str | None,
        with_names: list[str] | None,
        gave: str | None,
        received: str | None,
        date: str | None,
        note: str | None,
        keep_archived: bool,
        **options: object,
    ) -> None:
        text = text.strip()
        kind = kind_for(text, kind)
        direction, favour = direction_for(gave, received)
        occurred_at = occurred_at_for(date)
        names = with_names or names_in(text)
        if not names:
            raise CommandError(
                '--with: say who it was with: write "coffee with Ana Ruiz" or give --with NAME.'
            )
        try:
            people = people_by_names(owner=owner, names=names)
        except (NameAmbiguous, NameUnknown) as problem:
            raise name_refused(problem, text=text, from_option=bool(with_names)) from None
        try:
            _logged, was_archived = interaction_log_restoring(
                owner=owner,
                keep_archived=keep_archived,
                person_ids=[person.pk for person in people],
                kind=kind,
                direction=direction,
                favour=favour,
                occurred_at=occurred_at,
                note=text if note is None else note,
            )
        except RapportError as error:
            option = _OPTION_FOR_FIELD.get(error.field or "")
            if error.field == "person_ids":
                option = names_source(text, from_option=bool(with_names))
            message = error.message
            if option:
                message = f"{option}: {message[:1].lower()}{message[1:]}"
            raise CommandError(message) from None
        given = {
            Direction.GAVE: f"; you gave {favour}",
            Direction.RECEIVED: f"; you received {favour}",
        }
        self.stdout.write(
            f"Logged {kind} with {_and([person.name for person in people])} "
            f"on {timezone.localtime(occurred_at):%Y-%m-%d}{given.get(direction, '')}."
        )
        if was_archived:
            who = _and([person.name for person in was_archived])
            one = len(was_archived) == 1
            if keep_archived:
                told = f"{who} {'stays' if one else 'stay'} archived (--keep-archived)."
            else:
                told = f"{who} {'was' if one else 'were'} archived: back in your keeper's lists."
            self.stdout.write(told)
