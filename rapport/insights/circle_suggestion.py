"""Which Dunbar circle a person's interaction history suggests: an interim score.

Dunbar's layers (5, 15, 50, 150) are layers of contact frequency: roughly weekly,
monthly, every few months and yearly (Hill & Dunbar 2003; Zhou, Sornette, Hill &
Dunbar 2005). Until issue 4 supplies a fitted tie-strength engine, the suggestion
is a deliberately simple product of three factors, each explained below, so a
member can follow why a circle is suggested:

``score = frequency * recency * reciprocity``

* **frequency** (interactions per year): the mean of two annualised rates, the
  last 90 days' (* 365/90) and the last 365 days'. The short window lets a tie that
  has warmed up recently rise; the long window keeps one busy week from doing so
  alone. For someone known less than a window long, the window shrinks to the time
  known (never below 30 and 90 days), so a new colleague seen weekly is not
  diluted by months before you met.
* **recency** (0..1, no unit): ``0.5 ** (days_since_last / 180)``, a half-life of
  180 days; 0 when there was never any contact.
* **reciprocity** (1..1.5, no unit): ``1 + 0.5 * min(gave, received) /
  max(gave, received)`` over the favours of the last 365 days. A two-way
  relationship is lifted (Granovetter 1973 counts reciprocal services among the
  components of tie strength); a one-way one is never pushed down, so asking for
  or offering help never costs a circle.

Thresholds on the score (interactions per year, after the multipliers):
``≥ 40`` → 5, ``≥ 8`` → 15, ``≥ 2.5`` → 50, ``≥ 0.1`` → 150. Weekly contact lands
in the 5 (even one-way), contact every ten days or so in the 15 (even with favours
flowing both ways), monthly in the 15, quarterly in the 50, and one contact in the last year
in the 150. Below that: "past" when there were at least two interactions but none
in the last 365 days (a relationship that has lapsed), otherwise "acquaintance".

The score only ever grows with more recent or more frequent contact, so a warmer
history never suggests an outer circle (tested with hypothesis).
"""

from __future__ import annotations

from dataclasses import dataclass

CIRCLES: tuple[str, ...] = ("5", "15", "50", "150", "acquaintance", "past")
"""Circle codes from the innermost out."""

THRESHOLDS: tuple[tuple[str, float], ...] = (("5", 40.0), ("15", 8.0), ("50", 2.5), ("150", 0.1))
"""Minimum score (interactions a year, weighted) for each layered circle."""

RECENCY_HALF_LIFE_DAYS = 180.0
"""Days after which the recency factor halves."""

SHORT_WINDOW_DAYS = 90.0
LONG_WINDOW_DAYS = 365.0
PAST_MIN_INTERACTIONS = 2
"""Interactions it takes, all of them over a year ago, for a tie to count as past."""


@dataclass(frozen=True)
class ContactStats:
    """One person's interaction history, summarised.

    ``total``: interactions ever. ``last_90_days`` and ``last_365_days``:
    interactions in those windows (the 90 are included in the 365).
    ``gave`` and ``received``: favours (advice, introductions, referrals, help) in
    the last 365 days. ``days_since_last``: days since the latest interaction, or
    None if there was none. ``known_days``: days since the person was added.
    """

    total: int
    last_90_days: int
    last_365_days: int
    gave: int
    received: int
    days_since_last: float | None
    known_days: float


def frequency_per_year(stats: ContactStats) -> float:
    """Annualised contact rate (interactions per year), the mean of two windows."""
    last_90 = max(stats.last_90_days, 0)
    last_365 = max(stats.last_365_days, last_90)
    short_window = min(SHORT_WINDOW_DAYS, max(stats.known_days, 30.0))
    long_window = min(LONG_WINDOW_DAYS, max(stats.known_days, SHORT_WINDOW_DAYS))
    short_rate = last_90 * 365.0 / short_window
    long_rate = last_365 * 365.0 / long_window
    return (short_rate + long_rate) / 2.0


def recency_factor(days_since_last: float | None) -> float:
    """0..1: 1 for contact today, halving every 180 days; 0 for never."""
    if days_since_last is None:
        return 0.0
    return float(0.5 ** (max(days_since_last, 0.0) / RECENCY_HALF_LIFE_DAYS))


def reciprocity_factor(gave: int, received: int) -> float:
    """1..1.5: 1 when favours flow one way (or not at all), 1.5 when evenly both ways."""
    high = max(gave, received)
    if high <= 0:
        return 1.0
    return 1.0 + 0.5 * max(min(gave, received), 0) / high


def circle_score(stats: ContactStats) -> float:
    """frequency * recency * reciprocity, in weighted interactions per year."""
    return (
        frequency_per_year(stats)
        * recency_factor(stats.days_since_last)
        * reciprocity_factor(stats.gave, stats.received)
    )


def _count(number: int, word: str) -> str:
    return f"{number} {word}" if number == 1 else f"{number} {word}s"


def _ago(days: float) -> str:
    whole = int(days)
    if whole <= 0:
        return "today"
    if whole == 1:
        return "yesterday"
    if whole < 60:
        return f"{whole} days ago"
    if whole < 730:
        return f"{round(whole / 30.44)} months ago"
    return f"{round(whole / 365.25)} years ago"


def _reason(stats: ContactStats) -> str:
    if stats.total <= 0 or stats.days_since_last is None:
        return "No interactions logged yet"
    if stats.last_90_days > 0:
        head = f"{_count(stats.last_90_days, 'conversation')} in the last 90 days"
    elif stats.last_365_days > 0:
        head = (
            f"{_count(stats.last_365_days, 'conversation')} in the last 12 months, "
            f"the latest {_ago(stats.days_since_last)}"
        )
    else:
        head = (
            f"Nothing in the last 12 months; the latest of "
            f"{_count(stats.total, 'conversation')} was {_ago(stats.days_since_last)}"
        )
    if stats.gave or stats.received:
        head += f"; you gave {stats.gave}, received {stats.received}"
    return head


def suggest_circle(stats: ContactStats) -> tuple[str, str]:
    """The suggested circle code and a one-line reason a member can check.

    Returns e.g. ``("15", "9 conversations in the last 90 days; you gave 3,
    received 4")``. See the module docstring for the score and thresholds.
    """
    score = circle_score(stats)
    reason = _reason(stats)
    for circle, threshold in THRESHOLDS:
        if score >= threshold:
            return circle, reason
    if stats.total >= PAST_MIN_INTERACTIONS and stats.last_365_days <= 0:
        return "past", reason
    return "acquaintance", reason


def circle_rank(circle: str) -> int:
    """0 for the 5, 1 for the 15, 2 for the 50, 3 for the 150; 4 outside the 150.

    Acquaintance and past share a rank: both are "outside the 150", and neither
    is nearer than the other.
    """
    return min(CIRCLES.index(circle), 4)
