"""The dates exports write, read without guessing per file.

LinkedIn alone writes ``09 Sep 2022`` (connections), ``1/8/18, 6:14 PM`` (older
connections, invitations), ``2023-06-11 15:33:58 UTC`` (messages) and
``2017/10/24 08:06:57 UTC`` (endorsements). Slash dates with the month first are
LinkedIn's (US) convention; a first number above 12 is read as the day. A date with
no zone is UTC, as LinkedIn's are. Anything else is None, and the caller says which
row and why.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

_ISO = re.compile(
    r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})"
    r"(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?"
    r"\s*(UTC|GMT|Z|[+-]\d{2}:?\d{2})?$",
    re.IGNORECASE,
)
_SLASH = re.compile(
    r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})"
    r"(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp]\.?[Mm]\.?)?)?"
    r"\s*(UTC|GMT)?$"
)
_WORDS = re.compile(r"^(\d{1,2})[ -]([A-Za-z]{3,9})\.?,?[ -](\d{2}|\d{4})$")
_WORDS_US = re.compile(r"^([A-Za-z]{3,9})\.? (\d{1,2}),? (\d{4})$")
_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
EARLIEST_YEAR = 1900


def _year(text: str) -> int:
    year = int(text)
    return 2000 + year if len(text) == 2 else year


def _zone(text: str | None) -> dt.tzinfo:
    if not text or text.upper() in {"UTC", "GMT", "Z"}:
        return dt.UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    return dt.timezone(sign * dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))


def _build(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0, **zone: str
) -> dt.datetime | None:
    if year < EARLIEST_YEAR:
        return None
    try:
        return dt.datetime(
            year, month, day, hour, minute, second, tzinfo=_zone(zone.get("zone"))
        ).astimezone(dt.UTC)
    except (ValueError, OverflowError):
        return None


def parse_utc(text: str) -> dt.datetime | None:
    """LinkedIn's messages' ``2023-06-11 15:33:58 UTC`` (200,000 of them in a large
    export), or None for anything else. Asking ``fromisoformat`` for the zone costs a
    quarter of ``replace(tzinfo=...)`` afterwards."""
    if len(text) != 23 or text[19:] != " UTC":
        return None
    head = text[:19]
    try:
        return dt.datetime.fromisoformat(head + "+00:00")
    except ValueError:
        pass
    try:
        # An ISO form that already names a zone: that zone is replaced, as before.
        return dt.datetime.fromisoformat(head).replace(tzinfo=dt.UTC)
    except ValueError:
        return None


def parse_when(text: str) -> dt.datetime | None:
    """An aware UTC datetime for any of the formats above, else None."""
    text = text.strip()
    if not text or len(text) > 40:
        return None
    if len(text) == 23 and text.endswith(" UTC"):
        when = parse_utc(text)
        if when is not None:
            return when if when.year >= EARLIEST_YEAR else None
    match = _ISO.match(text)
    if match:
        year, month, day, hour, minute, second, zone = match.groups()
        return _build(
            int(year),
            int(month),
            int(day),
            int(hour or 0),
            int(minute or 0),
            int(second or 0),
            zone=zone or "",
        )
    match = _SLASH.match(text)
    if match:
        first, second_number, year, hour, minute, second, meridiem, _utc = match.groups()
        month, day = int(first), int(second_number)
        if month > 12 >= day:
            month, day = day, month
        hours = int(hour or 0)
        if meridiem:
            if not 1 <= hours <= 12:
                return None
            hours = hours % 12 + (12 if meridiem[0] in "Pp" else 0)
        return _build(_year(year), month, day, hours, int(minute or 0), int(second or 0))
    match = _WORDS.match(text)
    if match:
        day, month_name, year = match.groups()
        month = _MONTHS.get(month_name.lower())
        return _build(_year(year), month, int(day)) if month else None
    match = _WORDS_US.match(text)
    if match:
        month_name, day, year = match.groups()
        month = _MONTHS.get(month_name.lower())
        return _build(int(year), month, int(day)) if month else None
    return None


@functools.lru_cache(maxsize=8192)
def parse_day(text: str) -> dt.date | None:
    """The day of ``parse_when(text)``. Cached: 30,000 connections were made on a few
    thousand days, each written the same way."""
    when = parse_when(text)
    return when.date() if when is not None else None


# --- Yearly dates: birthdays and anniversaries ----------------------------------------

_YEAR_FIRST = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})(?:T[0-9:.]*(?:Z|[+-]\d{2}:?\d{2})?)?$")
_NO_YEAR = re.compile(r"^--(\d{2})-?(\d{2})$")
_MONTH_FIRST = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
NO_DATE = {"0/0/00", "0/0/0000", "00/00/0000"}
"""What Outlook writes in a Birthday or Anniversary column it has nothing for."""


def parse_yearly(text: str) -> tuple[int, int, int | None] | None:
    """(month, day, year or None) of a birthday or anniversary as contact files write
    it, or None when it is not one; whether that day exists is for the keeper to say.

    vCard 3.0 and 4.0 and Google: ``19800412``, ``1980-04-12`` (a date-time's time is
    dropped), ``--0412`` and ``--04-12`` without the year. Outlook: ``4/12/1980``,
    month first as LinkedIn's slashes are (a first number above 12 is the day). A
    reduced date (``1980``, ``1980-04``, vCard 4.0's ``---12``) has no day and month
    to come round on, and is None.
    """
    text = text.strip()
    if match := _YEAR_FIRST.match(text):
        year, month, day = (int(part) for part in match.groups())
        return month, day, year
    if match := _NO_YEAR.match(text):
        return int(match.group(1)), int(match.group(2)), None
    if match := _MONTH_FIRST.match(text):
        month, day, year = (int(part) for part in match.groups())
        if month > 12 >= day:
            month, day = day, month
        return month, day, year
    return None
