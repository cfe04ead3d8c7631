"""The arithmetic of dates that come round every year (``rapport.keeper.yearly``): for
any today and any month and day, leap years included."""

from __future__ import annotations

import calendar
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rapport.keeper.yearly import (
    LONGEST,
    date_problems,
    month_day_runs,
    next_occurrence,
    occurrence,
    parse_day_month,
    years_on,
    years_text,
)

TODAYS = st.dates(min_value=dt.date(1901, 1, 1), max_value=dt.date(9990, 12, 31))


@st.composite
def month_days(draw) -> tuple[int, int]:
    month = draw(st.integers(1, 12))
    return month, draw(st.integers(1, LONGEST[month - 1]))


@given(today=TODAYS, month_day=month_days())
def test_the_next_occurrence_is_never_past_and_within_a_year(today, month_day):
    month, day = month_day
    on = next_occurrence(month, day, today=today)

    assert on >= today
    assert (on - today).days <= 365
    if (month, day) == (2, 29) and not calendar.isleap(on.year):
        assert (on.month, on.day) == (2, 28)  # a leap day falls on February's last day
    else:
        assert (on.month, on.day) == (month, day)


@given(today=TODAYS, month_day=month_days())
def test_the_next_occurrence_is_the_first_one_from_today(today, month_day):
    """No day between today and the next occurrence is an occurrence."""
    month, day = month_day
    on = next_occurrence(month, day, today=today)
    earlier = [occurrence(month, day, year) for year in (today.year - 1, today.year)]
    assert all(moment < today or moment == on for moment in earlier)


@given(today=TODAYS, month_day=month_days(), days=st.integers(0, 400))
def test_the_database_runs_hold_exactly_the_dates_coming_within_the_window(today, month_day, days):
    month, day = month_day
    coming = (next_occurrence(month, day, today=today) - today).days <= days
    selected = any(
        m == month and first <= day <= last for m, first, last in month_day_runs(today, days)
    )
    assert selected == coming


@given(today=TODAYS, month_day=month_days(), year=st.integers(1900, 9990))
def test_years_are_counted_on_the_day_the_date_comes_round(today, month_day, year):
    month, day = month_day
    on = next_occurrence(month, day, today=today)
    assert years_on(on, year) == on.year - year
    assert years_on(on, None) is None


@pytest.mark.parametrize(
    ("today", "month", "day", "expected"),
    [
        (dt.date(2026, 12, 30), 1, 2, dt.date(2027, 1, 2)),  # across the year's end
        (dt.date(2026, 12, 31), 12, 31, dt.date(2026, 12, 31)),  # today counts
        (dt.date(2027, 2, 1), 2, 29, dt.date(2027, 2, 28)),  # a common year
        (dt.date(2028, 2, 1), 2, 29, dt.date(2028, 2, 29)),  # a leap year
        (dt.date(2027, 3, 1), 2, 29, dt.date(2028, 2, 29)),  # 365 days ahead
        (dt.date(2100, 2, 1), 2, 29, dt.date(2100, 2, 28)),  # 2100 is no leap year
    ],
)
def test_next_occurrences_worth_naming(today, month, day, expected):
    assert next_occurrence(month, day, today=today) == expected


def test_a_window_over_the_years_end_runs_in_december_and_january():
    assert month_day_runs(dt.date(2026, 12, 25), 14) == [(12, 25, 31), (1, 1, 8)]
    # 28 February of a common year brings the 29th with it; of a leap year, it does not.
    assert month_day_runs(dt.date(2027, 2, 27), 1) == [(2, 27, 29)]
    assert month_day_runs(dt.date(2028, 2, 27), 1) == [(2, 27, 28)]


@pytest.mark.parametrize(
    ("kind", "years", "text"),
    [
        ("birthday", 40, "turns 40"),
        ("anniversary", 10, "10 years"),
        ("other", 1, "1 year"),
        ("birthday", None, ""),
        ("birthday", 0, ""),
    ],
)
def test_years_in_words_only_when_the_year_is_known(kind, years, text):
    assert years_text(kind, years) == text


TODAY = dt.date(2026, 6, 1)


@pytest.mark.parametrize(
    ("month", "day", "year", "problems"),
    [
        (4, 12, 1980, []),
        (2, 29, None, []),
        (2, 29, 1988, []),
        (4, 31, None, [("day", "April has 30 days at most, not 31.")]),
        (2, 30, None, [("day", "February has 29 days at most, not 30.")]),
        (13, 1, None, [("month", "A month is 1 (January) to 12 (December), not 13.")]),
        (1, 0, None, [("day", "A day of the month is 1 or more, not 0.")]),
        (2, 29, 1981, [("day", "1981 had no 29 February: it was not a leap year.")]),
        (4, 12, 1899, [("year", "A year is 1900 or later, not 1899.")]),
        (4, 12, 2027, [("year", "2027 has not come yet: give a year that has.")]),
        (6, 2, 2026, [("year", "2 June 2026 has not come yet: give a year that has.")]),
        (6, 1, 2026, []),
        ("4", 12, None, [("month", "A month is 1 (January) to 12 (December), not '4'.")]),
    ],
)
def test_date_problems_name_their_field(month, day, year, problems):
    assert date_problems(month, day, year, today=TODAY) == problems


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("12 April", (4, 12, None)),
        ("12 Apr 1980", (4, 12, 1980)),
        ("12th April 1980", (4, 12, 1980)),
        ("April 12, 1980", (4, 12, 1980)),
        ("  sept 3 ", (9, 3, None)),
        ("29 February", (2, 29, None)),
        ("1980-04-12", (4, 12, 1980)),
        ("--04-12", (4, 12, None)),
        ("--0412", (4, 12, None)),
    ],
)
def test_dates_are_read_as_people_write_them(text, parsed):
    assert parse_day_month(text) == parsed


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("12/04", "Write the month as a word (12 April, not 12/04)"),
        ("12.04.1980", "Write the month as a word"),
        ("12 April 80", "Write the year in full, such as 1980, not '80'."),
        ("next Tuesday", "Write a day and a month"),
        ("April", "Write a day and a month"),
        ("", "Write a day and a month"),
    ],
)
def test_a_date_that_cannot_be_read_says_how_to_write_it(text, said):
    with pytest.raises(ValueError, match=said.replace("(", r"\(").replace(")", r"\)")):
        parse_day_month(text)
