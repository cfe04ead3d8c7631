"""From the circles the engine finds to the keeper's own circle codes, in words.

``rapport.insights.circles.find_circles`` finds as many circles as the contact
frequencies hold (often four, as Dunbar's layers; sometimes fewer or more). The
keeper has exactly four layered circles (5, 15, 50, 150) plus "acquaintance" and
"past", so a found circle is read as follows:

* circle 0 (innermost) → "5", circle 1 → "15", circle 2 → "50", circle 3 and any
  beyond it → "150" (so with six found circles the fifth and sixth read as the 150);
* but no closer than the history has earned (``rapport.insights.track_record``):
  a frequency over a day-old tie is a guess, so a connection whose only contact is
  yesterday's note reads as the 150 however frequent that makes it look, and the
  5 needs conversations over a season, both ways;
* active (the engine gives a frequency) but in no circle → "acquaintance";
* at least ``PAST_MIN_CONTACTS`` contacts, the latest over ``PAST_AFTER_DAYS`` ago →
  "past", whatever the frequency over the whole history says: a relationship that has
  gone quiet for a year is not one you keep up with now;
* no contact at all → "acquaintance".

Pure functions: no Django, so the mapping is tested alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapport.insights.track_record import TrackRecord, closest_layer, held_back
from rapport.wording import counted

LAYERED: tuple[str, ...] = ("5", "15", "50", "150")
PAST_AFTER_DAYS = 365.0
PAST_MIN_CONTACTS = 2
DAY = 86_400.0
ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth")


@dataclass(frozen=True)
class History:
    """One person's contacts as the mapping needs them: how many, the latest (unix
    seconds), the circle index the engine gave (None: in no circle), the
    frequency it measured (contacts a year; None: not measured) and the track
    record that says how close the history lets them be."""

    contacts: int
    last_contact: float | None
    index: int | None
    frequency: float | None
    record: TrackRecord

    @property
    def found_layer(self) -> int | None:
        """The layer the engine's circle reads as (0 is the 5), before the cap."""
        return None if self.index is None else min(self.index, len(LAYERED) - 1)

    @property
    def held_back(self) -> bool:
        """Whether the history has not earned the layer the frequency reads as."""
        found = self.found_layer
        return found is not None and closest_layer(self.record) > found


def circle_code(history: History, *, now: float) -> str:
    """The keeper circle code for one person's history (see the module docstring)."""
    if history.contacts <= 0 or history.last_contact is None:
        return "acquaintance"
    silent_days = (now - history.last_contact) / DAY
    if history.contacts >= PAST_MIN_CONTACTS and silent_days > PAST_AFTER_DAYS:
        return "past"
    found = history.found_layer
    if found is None:
        return "acquaintance"
    return LAYERED[max(found, closest_layer(history.record))]


def per_year(frequency: float) -> str:
    """14.2 → "about 14"; 1.46 → "about 1.5"; 0.3 → "about 0.3"."""
    if frequency >= 10:
        return f"about {round(frequency)}"
    text = f"{frequency:.1f}".rstrip("0").rstrip(".")
    return f"about {text}"


def _ordinal(index: int) -> str:
    return ORDINALS[index] if index < len(ORDINALS) else f"{index + 1}th"


def placement_sentence(*, n_circles: int, index: int, name: str) -> str:
    """Where ``name`` sits among the found circles, with the mapping explained when
    the engine found other than four."""
    code = LAYERED[min(index, len(LAYERED) - 1)]
    found = f"the engine found {counted(n_circles, 'circle')} in your history"
    if n_circles == len(LAYERED):
        return f"{found} and {name} sits in the {code}"
    if n_circles < len(LAYERED):
        readings = ", ".join(f"the {_ordinal(n)} as the {LAYERED[n]}" for n in range(n_circles))
        return f"{found} (read {readings}) and {name} sits in the {code}"
    if index >= len(LAYERED) - 1:
        return (
            f"{found} and {name} sits in the {_ordinal(index)}, read as the 150 "
            "(the fourth and every circle beyond it are)"
        )
    return f"{found} and {name} sits in the {code} (circles beyond the fourth read as the 150)"


def circle_reason(history: History, *, now: float, n_circles: int, name: str) -> str:
    """A line a member can check: the frequency, then where the person sits and why."""
    if history.contacts <= 0 or history.last_contact is None:
        return "No interactions logged yet"
    code = circle_code(history, now=now)
    if code == "past":
        return "A tie silent for over a year counts as past"
    rate = (
        f"{per_year(history.frequency)} contacts a year"
        if history.frequency is not None
        else counted(history.contacts, "contact")
    )
    if history.index is None:
        return f"{rate}, below the one a year the engine counts as an active tie"
    placed = f"{rate}; " + placement_sentence(n_circles=n_circles, index=history.index, name=name)
    if history.held_back:
        return f"{placed} by frequency; {held_back(history.record)}, so the {code} for now"
    return placed
