"""Dates that come round every year (birthdays, anniversaries) and when each next does.

Plain Python, no Django: a month and a day, with the year when it is known, in; days
and words out. The keeper's services check dates with ``date_problems``, its
selectors find the coming ones with ``next_occurrence`` and ``month_day_runs``, and
its forms read what a member types with ``parse_day_month``.

29 February is a date like any other: someone born on it has a birthday every year.
In a common year it is shown, counted and put in the calendar on 28 February, the
last day of that February (``occurrence``), as most people born on it keep it.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from rapport.keeper.vocabulary import DateKind

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
# The most days each month can have: 29 for February, which a leap year gives it.
LONGEST = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
# Nobody in a keeper was born, or married, before this: an earlier year is a typo.
EARLIEST_YEAR = 1900
# Any window this long holds every month and day (a leap year's 29 February too).
WHOLE_YEAR_DAYS = 365


def month_name(month: int) -> str:
    return MONTHS[month - 1]


def describe(month: int, day: int, year: int | None = None) -> str:
    """ "12 April 1980", or "12 April" when the year is not known."""
    text = f"{day} {month_name(month)}"
    return f"{text} {year}" if year else text


def date_problems(
    month: object, day: object, year: object, *, today: dt.date
) -> list[tuple[str, str]]:
    """What keeps ``month``/``day``/``year`` from being a yearly date, as (field,
    message) pairs; none when it is one.

    Any day up to the month's longest is a date (29 February included). A year, when
    given, is from ``EARLIEST_YEAR`` and has happened: a birthday or an anniversary is
    something that took place, so the whole date is not after ``today``; and 29
    February needs a leap year.
    """
    found: list[tuple[str, str]] = []
    month_ok = isinstance(month, int) and not isinstance(month, bool) and 1 <= month <= 12
    if not month_ok:
        found.append(("month", f"A month is 1 (January) to 12 (December), not {month!r}."))
    if isinstance(day, bool) or not isinstance(day, int) or day < 1:
        found.append(("day", f"A day of the month is 1 or more, not {day!r}."))
    elif month_ok and isinstance(month, int) and day > LONGEST[month - 1]:
        longest = LONGEST[month - 1]
        found.append(("day", f"{month_name(month)} has {longest} days at most, not {day}."))
    if year is None:
        return found
    if isinstance(year, bool) or not isinstance(year, int):
        found.append(("year", f"A year is a number such as 1980, not {year!r}."))
    elif year < EARLIEST_YEAR:
        found.append(("year", f"A year is {EARLIEST_YEAR} or later, not {year}."))
    elif year > today.year:
        found.append(("year", f"{year} has not come yet: give a year that has."))
    elif not found and isinstance(month, int) and isinstance(day, int):
        if month == 2 and day == 29 and not calendar.isleap(year):
            found.append(("day", f"{year} had no 29 February: it was not a leap year."))
        elif dt.date(year, month, day) > today:
            found.append(
                ("year", f"{describe(month, day, year)} has not come yet: give a year that has.")
            )
    return found


def occurrence(month: int, day: int, year: int) -> dt.date:
    """The day a yearly date falls on in ``year``: 29 February falls on 28 February in
    a common year."""
    if month == 2 and day == 29 and not calendar.isleap(year):
        return dt.date(year, 2, 28)
    return dt.date(year, month, day)


def next_occurrence(month: int, day: int, *, today: dt.date) -> dt.date:
    """The first day from ``today`` (today included) on which the date comes round:
    never in the past, and at most 365 days ahead."""
    this_year = occurrence(month, day, today.year)
    return this_year if this_year >= today else occurrence(month, day, today.year + 1)


def years_on(on: dt.date, year: int | None) -> int | None:
    """How many years a date with a known ``year`` is old when it comes round ``on``;
    None when the year is not known."""
    return None if year is None else on.year - year


def years_text(kind: str, years: int | None) -> str:
    """What a coming date adds when its year is known: "turns 40" for a birthday, "10
    years" for anything else; "" without a year (or on the very day it happened)."""
    if years is None or years < 1:
        return ""
    if kind == DateKind.BIRTHDAY:
        return f"turns {years}"
    return "1 year" if years == 1 else f"{years} years"


def month_day_runs(today: dt.date, days: int) -> list[tuple[int, int, int]]:
    """(month, first day, last day) runs holding every month and day that comes round
    from ``today`` to ``days`` days after it, both included, and no other.

    For a database to select by, before ``next_occurrence`` says exactly when: a
    window over the year's end gives a December run and a January one, and one that
    holds 28 February of a common year holds 29 February too (it falls on the 28th).
    """
    if days >= WHOLE_YEAR_DAYS:
        return [(month, 1, LONGEST[month - 1]) for month in range(1, 13)]
    runs: list[tuple[int, int, int]] = []
    for offset in range(max(days, 0) + 1):
        on = today + dt.timedelta(days=offset)
        last = 29 if on.month == 2 and on.day == 28 and not calendar.isleap(on.year) else on.day
        if runs and runs[-1][0] == on.month and runs[-1][2] == on.day - 1:
            runs[-1] = (on.month, runs[-1][1], last)
        else:
            runs.append((on.month, on.day, last))
    return runs


# --- Reading what a member types -----------------------------------------------------

_ISO = re.compile(r"^(\d{4}|-)-?(\d{2})-?(\d{2})$")
_ORDINAL = re.compile(r"(?<=\d)(?:st|nd|rd|th)\b")
_NUMERIC = re.compile(r"^\d{1,2}\s*[/.\-]\s*\d{1,2}(?:\s*[/.\-]\s*\d{2,4})?\.?$")
HOW_TO_WRITE = "Write a day and a month, such as 12 April, or 12 April 1980."


def _month_of(word: str) -> int | None:
    if len(word) < 3:
        return None
    for number, name in enumerate(MONTHS, start=1):
        if name.lower().startswith(word) or (word == "sept" and number == 9):
            return number
    return None


def parse_day_month(text: str) -> tuple[int, int, int | None]:
    """(month, day, year or None) from "12 April", "April 12, 1980", "12th Apr 1980",
    "1980-04-12" or "--04-12"; ``ValueError`` saying how to write it otherwise.

    The month must be a word unless the date is ISO 8601's year first: "12/04" is the
    12th of April in Manchester and the 4th of December in Toronto, so it is refused
    rather than read one way. Whether the day exists is ``date_problems``'s to say.
    """
    cleaned = " ".join(text.split())
    if not cleaned:
        raise ValueError(HOW_TO_WRITE)
    iso = _ISO.match(cleaned.replace("--", "-", 1) if cleaned.startswith("--") else cleaned)
    if iso:
        year_text, month_text, day_text = iso.groups()
        year = None if year_text == "-" else int(year_text)
        return int(month_text), int(day_text), year
    if _NUMERIC.match(cleaned):
        raise ValueError(
            f"Write the month as a word (12 April, not 12/04), so that {cleaned!r} "
            "cannot be read the wrong way round."
        )
    words = _ORDINAL.sub("", cleaned.lower().replace(",", " ").replace(".", " ")).split()
    month = None
    numbers: list[str] = []
    for word in words:
        if word.isdigit():
            numbers.append(word)
        elif month is None and (found := _month_of(word)) is not None:
            month = found
        elif word != "of":
            raise ValueError(HOW_TO_WRITE)
    if month is None or not 1 <= len(numbers) <= 2:
        raise ValueError(HOW_TO_WRITE)
    day_text, *rest = numbers
    if len(day_text) > 2:
        raise ValueError(HOW_TO_WRITE)
    if rest and len(rest[0]) != 4:
        raise ValueError(f"Write the year in full, such as 1980, not {rest[0]!r}.")
    return month, int(day_text), int(rest[0]) if rest else None
