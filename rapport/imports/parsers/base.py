"""What every importer produces, and the one error a file may be refused with.

Parsing is pure: bytes in, plain records out, no database and no Django. The whole
file is parsed before anything is written, so a file that cannot be read is refused
as a whole (``ImportFileError``, naming the file, the line and the reason) and a row
that cannot be used is set aside with its line and reason (``Skipped``) while the
rest goes on. Matching and writing happen later, in one transaction
(``rapport/imports/writing.py``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import ClassVar

from rapport.errors import InvalidInput
from rapport.imports.parsers.dates import parse_yearly
from rapport.keeper.email_address import is_email_address
from rapport.keeper.vocabulary import DateKind
from rapport.keeper.yearly import date_problems, describe

Progress = Callable[[int, int], None]
"""``progress(done, total)``: called now and then while a file is read (units: lines)."""

PROGRESS_EVERY = 5_000
"""Rows between two progress reports: often enough for a bar, rarely enough to cost nothing."""

NOTE_LIMIT = 500
"""Characters of a message kept as the interaction's note: a reminder, not an archive."""
NAME_LIMIT = 160
TEXT_LIMIT = 160
URL_LIMIT = 300
KEPT_WHOLE = {"name": NAME_LIMIT, "organisation": TEXT_LIMIT, "role": TEXT_LIMIT}
"""The keeper's limits (``Person``'s columns) on what a row is refused for exceeding.

Cutting a name or an employer to fit would write something the file never said, and
the keeper's own form and API refuse such a value naming the limit: an import sets
its row aside with the same words instead."""

# The keeper's own rule for a phone number (keeper/services.py), so nothing an import
# writes would be refused by the person form later.
_PHONE = re.compile(r"[0-9+()./ \-]{3,40}(?:\s*(?:x|ext\.?)\s*\d{1,6})?", re.IGNORECASE)
_LINKEDIN = re.compile(r"^(?:https?://)?(?:[a-z]{2,3}\.)?linkedin\.com/in/([^/?#\s]+)", re.I)


class ImportFileError(InvalidInput):
    """The file cannot be read as the source it claims to be; nothing was written.

    ``line`` is the 1-based line of the file where reading stopped, or None when the
    fault is the file as a whole (not a ZIP archive, a required file missing).
    """

    code = "import_file_invalid"

    def __init__(self, *, file: str, line: int | None, reason: str) -> None:
        where = f"{file}, line {line}" if line is not None else file
        super().__init__(f"{where}: {reason}", field="file")
        self.file = file
        self.line = line
        self.reason = reason

    def as_dict(self) -> dict[str, object]:
        return {**super().as_dict(), "file": self.file, "line": self.line, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class DateRecord:
    """A birthday, an anniversary or another yearly date of someone's (``DateKind``)."""

    kind: str
    label: str
    month: int
    day: int
    year: int | None = None

    def same_day(self, other: DateRecord) -> bool:
        """The same date whatever the year: one date, however many times a file says it."""
        return (self.kind, self.label.casefold(), self.month, self.day) == (
            other.kind,
            other.label.casefold(),
            other.month,
            other.day,
        )

    def described(self) -> str:
        return describe(self.month, self.day, self.year)


DATE_LABEL_LIMIT = 120
"""The keeper's limit on a date's label (``PersonDate.label``)."""


@dataclass(slots=True)
class PersonRecord:
    """Someone the file lists as a contact or connection."""

    file: str
    line: int
    name: str
    # (value, type): emails lower-case, types such as "work" or "mobile" (or "").
    emails: list[tuple[str, str]] = field(default_factory=list)
    phones: list[tuple[str, str]] = field(default_factory=list)
    linkedin_url: str = ""
    organisation: str = ""
    role: str = ""
    # (url, label)
    links: list[tuple[str, str]] = field(default_factory=list)
    connected_on: dt.date | None = None
    dates: list[DateRecord] = field(default_factory=list)

    def add_date(self, date: DateRecord) -> str:
        """Keep ``date`` unless the record has it already; why not, when a different
        birthday is already there (a person has one), else ""."""
        for kept in self.dates:
            if kept.same_day(date):
                return ""
            if kept.kind == DateKind.BIRTHDAY and date.kind == DateKind.BIRTHDAY:
                return f"a second birthday ({kept.described()} is kept)"
        self.dates.append(date)
        return ""


@dataclass(frozen=True, slots=True)
class Party:
    """Someone an interaction was with, as the file names them."""

    name: str = ""
    linkedin_url: str = ""
    email: str = ""
    organisation: str = ""


@dataclass(slots=True)
class InteractionRecord:
    """One message, invitation note, recommendation or endorsement.

    ``may_add_people``: whether a party nobody knows yet may become a new person
    (the member wrote to them), or the interaction only counts with people already
    known (a message from a stranger the member never answered).
    """

    file: str
    line: int
    external_key: str
    occurred_at: dt.datetime
    kind: str
    direction: str
    parties: tuple[Party, ...]
    note: str = ""
    favour: str = ""
    may_add_people: bool = True


@dataclass(frozen=True, slots=True)
class Skipped:
    file: str
    line: int
    reason: str


@dataclass
class ParsedImport:
    source: str
    people: list[PersonRecord] = field(default_factory=list)
    interactions: list[InteractionRecord] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    rows_read: int = 0

    def skip(self, file: str, line: int, reason: str) -> None:
        self.skipped.append(Skipped(file, line, reason))

    def add_person(self, person: PersonRecord, unusable: Sequence[tuple[int, str]] = ()) -> None:
        """Keep ``person``, listing each value of theirs the keeper cannot take
        (``unusable``: its line and why), since a value dropped unseen is a value the
        member believes was imported; or set the row aside when a name, organisation or
        role is longer than the keeper holds."""
        reason = too_long(name=person.name, organisation=person.organisation, role=person.role)
        if reason:
            self.skip(person.file, person.line, reason)
            return
        self.people.append(person)
        for line, why in unusable:
            self.skip(person.file, line, f"{why}; {person.name!r} was added without it.")


class Importer:
    """One source's reader. Subclasses set ``source`` and implement ``parse``.

    ``files`` maps a file name to its bytes: one entry for a vCard, CSV or mbox file,
    the archive's CSV files for LinkedIn. ``me`` holds what identifies the member in
    the file (their email addresses for mail, their name for LinkedIn).
    """

    source: ClassVar[str]
    label: ClassVar[str]

    def __init__(
        self,
        *,
        me: Sequence[str] = (),
        progress: Progress | None = None,
        now: dt.datetime | None = None,
        name: str = "",
    ) -> None:
        self.me = tuple(me)
        self.name = name
        self.progress = progress
        # Anything dated after this is refused row by row: clocks are wrong, not time.
        self.latest = (now or dt.datetime.now(dt.UTC)) + dt.timedelta(days=1)
        # A birthday's year must have come by this day (a day ahead of UTC, as above:
        # the member's own today may be tomorrow already).
        self.today = self.latest.date()

    def parse(self, files: Mapping[str, bytes]) -> ParsedImport:
        raise NotImplementedError

    def single(self, files: Mapping[str, bytes]) -> tuple[str, bytes]:
        """The one file a single-file source reads."""
        if len(files) != 1:
            raise ImportFileError(
                file=self.name or "upload", line=None, reason="send exactly one file."
            )
        return next(iter(files.items()))

    def report(self, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress(done, total)


# --- Small cleaners every importer shares --------------------------------------------


def clean_text(value: str, limit: int = TEXT_LIMIT) -> str:
    """One line, single spaces, at most ``limit`` characters: for labels and notes,
    where a cut loses nothing that matters. A name, organisation or role is never cut
    (``one_line``, then ``too_long``)."""
    return " ".join(value.split())[:limit]


def one_line(value: str) -> str:
    """One line, single spaces, however long."""
    return " ".join(value.split())


def too_long(**values: str) -> str:
    """Why the keeper cannot hold one of ``values`` (named as in ``KEPT_WHOLE``) whole,
    in the words of its own form and API; "" when it can."""
    for label, value in values.items():
        limit = KEPT_WHOLE[label]
        if len(value) > limit:
            return f"The {label} is {len(value):,} characters; the limit is {limit:,}."
    return ""


def not_an_email(value: str) -> bool:
    """Whether ``value`` is there but is no address: a value cut short, a typo.

    An Exchange directory path (``/o=ExchangeLabs/ou=...``), which Outlook writes
    beside the real address, is no address by design and not worth a line."""
    value = value.strip()
    return bool(value) and not clean_email(value) and not value.lower().startswith("/o=")


def email_unwrapped(value: str) -> str:
    """An address without what surrounds it in a file: spaces, <>, mailto:; lower case."""
    value = value.strip().strip("<>").strip().lower()
    return value[7:] if value.startswith("mailto:") else value


def clean_email(value: str) -> str:
    """A lower-case address, or "" when the value is not one."""
    value = email_unwrapped(value)
    return value if is_email_address(value) else ""


def clean_phone(value: str) -> str:
    value = " ".join(value.split())
    return value if _PHONE.fullmatch(value) and any(ch.isdigit() for ch in value) else ""


def linkedin_profile(url: str) -> str:
    """One spelling per profile (as keeper.services.normalise_linkedin_url), or "" (a
    profile too long to keep is not one: cut, it could name another profile, and
    matching by profile would then join two people)."""
    match = _LINKEDIN.match(url.strip())
    if not match:
        return ""
    profile = f"https://www.linkedin.com/in/{match.group(1).lower()}"
    return profile if len(profile) <= URL_LIMIT else ""


_WEB = re.compile(r"^https?://[^\s/?#@]+\.[a-z]{2,}(?::\d{1,5})?(?:[/?#]\S*)?$", re.I)


def web_address(url: str) -> bool:
    """Whether ``url`` is an http(s) address the keeper's link field would accept."""
    return len(url) <= URL_LIMIT and bool(_WEB.match(url))


def excerpt(text: str, limit: int = NOTE_LIMIT) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def repair_mojibake(text: str) -> str:
    """ "JosÃ©" → "José": UTF-8 read as Windows-1252 somewhere upstream (LinkedIn's
    older exports do this to names). Only undone when the round trip is clean."""
    if "Ã" not in text and "Â" not in text:
        return text
    try:
        return text.encode("cp1252").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


def yearly_date(
    value: str, *, kind: str, label: str, today: dt.date, what: str
) -> tuple[DateRecord | None, str]:
    """``value`` read as a yearly date, or why it cannot be one, in words that name
    the value as ``what`` calls it ("BDAY '1985'", "Birthday '31/31/1980'")."""
    shown = f"{what} {value.strip()[:40]!r}"
    parsed = parse_yearly(value)
    if parsed is None:
        return None, f"{shown} is not a date with a day and a month"
    month, day, year = parsed
    problems = date_problems(month, day, year, today=today)
    if problems:
        return None, f"{shown}: {problems[0][1].rstrip('.')}"
    return DateRecord(
        kind=kind, label=clean_text(label, DATE_LABEL_LIMIT), month=month, day=day, year=year
    ), ""
