"""When rounds happen: every Monday, with a half-hour hold suggested for Thursday.

Members choose how often they take part (every week, every other week, every four
weeks); the rounds themselves are weekly so that anyone can join the next one.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from rapport.coffee.models import FREQUENCY_DAYS, CoffeeOptIn, Frequency

ROUND_WEEKDAY = 0  # Monday
HOLD_DAYS_AFTER = 3  # the Thursday of the round's week
HOLD_TIME = dt.time(10, 0)
HOLD_LENGTH = dt.timedelta(minutes=30)
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


def hold_starts_at(held_on: dt.date) -> dt.datetime:
    """The suggested coffee: 10:00 on the Thursday after the round, local time."""
    day = held_on + dt.timedelta(days=HOLD_DAYS_AFTER)
    return timezone.make_aware(dt.datetime.combine(day, HOLD_TIME))


def round_label(held_on: dt.date) -> str:
    """ "3 Nov 2026", as the verified context and the keeper note say it."""
    return f"{held_on.day} {held_on:%b %Y}"
