"""When rounds happen: every Monday, with a half-hour hold suggested for Thursday.

Members choose how often they take part (every week, every other week, every four
weeks); the rounds themselves are weekly so that anyone can join the next one. Each
pair's hold falls in both members' working day, each in their own time zone
(``pair_hold_starts_at``).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from rapport.coffee.models import FREQUENCY_DAYS, CoffeeOptIn, Frequency

ROUND_WEEKDAY = 0  # Monday
HOLD_DAYS_AFTER = 3  # the Thursday of the round's week
HOLD_LENGTH = dt.timedelta(minutes=30)
HOLD_STEP = dt.timedelta(minutes=30)  # holds start on the hour or the half hour
# A hold lies inside both members' working day, each in their own clock: it starts at
# 09:00 at the earliest and ends by 17:30. Why: the span an office day and most
# people's days share; before nine a coffee competes with the way to work or school,
# after half past five with the evening. A hold is a suggestion the two then move, so
# a simple common window serves better than anyone's real calendar, which Rapport
# does not know.
WORKDAY_STARTS = dt.time(9, 0)
WORKDAY_ENDS = dt.time(17, 30)
HOLD_TIME = dt.time(10, 0)
"""The start preferred for both when their days allow it: not the working day's first
half hour, which is for one's own post; a pair in one zone gets 10:00, the time every
pair got before holds followed the pair's zones."""
RECENT_ROUNDS = 6
"""Two members paired in one of the last six rounds are not paired again."""
DUE_SLACK_DAYS = 3
"""A fortnightly member is due again on the second Monday after their last round,
even when that day's round runs a few hours earlier than the last one did."""


def is_due(opt_in: CoffeeOptIn, held_on: dt.date) -> bool:
    """Whether the member takes part in the round of ``held_on``: always when first
    in line or new, otherwise once their interval has passed."""
    if opt_in.first_in_line or opt_in.last_round_on is None:
        return True
    interval = FREQUENCY_DAYS[Frequency(opt_in.frequency)]
    return (held_on - opt_in.last_round_on).days >= interval - DUE_SLACK_DAYS


def next_round_on(today: dt.date, *, held_today: bool = False) -> dt.date:
    """The day of the next round: today when today is the day and it has not run yet."""
    ahead = (ROUND_WEEKDAY - today.weekday()) % 7
    if ahead == 0 and held_today:
        ahead = 7
    return today + dt.timedelta(days=ahead)


def hold_day(held_on: dt.date) -> dt.date:
    """The round's Thursday: the day of the week its holds are suggested for."""
    return held_on + dt.timedelta(days=HOLD_DAYS_AFTER)


def _minutes(time: dt.time) -> int:
    return time.hour * 60 + time.minute


_DAY_MINUTES = 24 * 60
_FIRST_START = _minutes(WORKDAY_STARTS)
_LAST_START = _minutes(WORKDAY_ENDS) - HOLD_LENGTH // dt.timedelta(minutes=1)
_PREFERRED_START = _minutes(HOLD_TIME)


def _zone(zone: dt.tzinfo | str) -> dt.tzinfo:
    return zoneinfo.ZoneInfo(zone) if isinstance(zone, str) else zone


def _slots_on(day: dt.date, zone: dt.tzinfo) -> set[dt.datetime]:
    """Every instant (in UTC) at which a half hour starts on the hour or the half hour
    of ``day`` in ``zone``'s clock: a time the clocks skip is left out, a time they
    repeat counts twice (once per offset)."""
    slots = set()
    for minute in range(0, _DAY_MINUTES, HOLD_STEP // dt.timedelta(minutes=1)):
        wall = dt.datetime.combine(day, dt.time(minute // 60, minute % 60))
        for fold in (0, 1):
            instant = wall.replace(tzinfo=zone, fold=fold).astimezone(dt.UTC)
            if instant.astimezone(zone).replace(tzinfo=None) == wall:
                slots.add(instant)
    return slots


def _minutes_outside(start: int) -> int:
    """How far a half hour starting ``start`` minutes after a member's midnight lies
    outside their working day, in minutes: 0 inside it, otherwise the distance to the
    nearer of its edges (this day's end, or the next day's start)."""
    if start < _FIRST_START:
        return min(_FIRST_START - start, start + _DAY_MINUTES - _LAST_START)
    if start > _LAST_START:
        return min(start - _LAST_START, _FIRST_START + _DAY_MINUTES - start)
    return 0


def pair_hold_starts_at(
    zone_a: dt.tzinfo | str, zone_b: dt.tzinfo | str, *, thursday: dt.date
) -> dt.datetime:
    """The start (in UTC) of a pair's half-hour hold in the week of ``thursday`` (the
    round's Thursday, ``hold_day``), for members living in ``zone_a`` and ``zone_b``
    (tzinfo or IANA names).

    Why: one time for every pair put a coffee at 10:00 UTC, 05:00 in Toronto and
    19:00 in Tokyo. A hold is only a suggestion the two then move, but one at an hour
    either would refuse suggests that nobody thought of them.

    The candidates are the half hours starting on the hour or the half hour of
    ``thursday`` in either member's clock (so the hold is on the round's Thursday for
    at least one of them; across the date line it may be Wednesday or Friday for the
    other). Of these, the hold is the one that:

    1. lies furthest inside both working days (``WORKDAY_STARTS`` to
       ``WORKDAY_ENDS``, each member's own): the smallest *worse* of the two
       members' distances outside theirs, so that when no half hour suits both,
       neither is asked for three in the morning to spare the other an evening; then
       the smaller sum of the two distances;
    2. falls on Thursday for both, when it can;
    3. starts at ``HOLD_TIME`` (10:00) or later for both, when it can;
    4. starts earliest.

    The order is the same whichever member comes first, and the answer depends on
    nothing but the arguments.

    Example, Thursday 5 November 2026: two members in Lisbon get 10:00; Toronto
    (UTC-5) and Manchester (UTC+0) get 10:00 in Toronto, 15:00 in Manchester; Tokyo
    (UTC+9) and Los Angeles (UTC-8) meet across the date line at 10:00 on Thursday
    in Tokyo, 17:00 on Wednesday in Los Angeles; Tokyo and New York (UTC-5) share no
    working half hour, and each is an hour outside theirs: 08:00 on Thursday in Tokyo,
    18:00 on Wednesday in New York.
    """
    a, b = _zone(zone_a), _zone(zone_b)
    # A day neither clock has (Samoa skipped 30 December 2011) leaves UTC's Thursday.
    candidates = _slots_on(thursday, a) | _slots_on(thursday, b) or _slots_on(thursday, dt.UTC)

    def rank(instant: dt.datetime) -> tuple[int, int, bool, bool, dt.datetime]:
        here, there = instant.astimezone(a), instant.astimezone(b)
        start_here = here.hour * 60 + here.minute
        start_there = there.hour * 60 + there.minute
        outside = (_minutes_outside(start_here), _minutes_outside(start_there))
        return (
            max(outside),
            sum(outside),
            not here.date() == there.date() == thursday,
            not min(start_here, start_there) >= _PREFERRED_START,
            instant,
        )

    return min(candidates, key=rank)


def round_label(held_on: dt.date) -> str:
    """ "3 Nov 2026", as the verified context and the keeper note say it."""
    return f"{held_on.day} {held_on:%b %Y}"
