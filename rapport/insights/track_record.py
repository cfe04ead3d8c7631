"""How close a tie's history lets it be placed: a circle or a key seat is earned.

Circles are found from contact frequency (``circles``), and a frequency needs time
to mean anything. A connection made yesterday, whose only contact is the request's
note, reads as 2 contacts a year (one contact over the half-year floor); in a quiet
keeper that is the most frequent of all, so the innermost circle, the 5. Its tie
strength, mostly the recency of that one note, put it on the board of twelve too.
Nothing in its history says it is close: it is new.

Dunbar's layers are layers of *sustained* contact (the 5 about weekly, the 15 about
monthly: Dunbar 1998; Hill & Dunbar 2003), and Granovetter's strong tie is one
with time and reciprocal services behind it. So a layer is a ceiling the history
must earn, whatever the frequency says:

=====  ==============================================================  ==========
layer  the history shows (all of it)                                   why
=====  ==============================================================  ==========
5      conversations on at least 6 different days, the first at least  a season
       90 days before the latest, both ways
15     conversations on at least 3 different days, the first at least  a month
       30 days before the latest, both ways
50     conversations on at least 2 different days                      a return
150    a conversation
=====  ==============================================================  ==========

*A season* (90 days, the span ``tie_strength`` measures a new tie's frequency over
too) is the shortest stretch over which weekly contact shows as a rhythm rather
than a burst; six days in it is one every other week, allowing for a log that
misses some (people log what they remember). *A month* with three different days
in it is contact that keeps coming back, beyond the burst of a first meeting and
its follow-up. *A return* is the first sign of a relationship
rather than a meeting: someone talked to on two different days. *Both ways*: the
member gave and received (wrote and was written to, helped and was helped), or a
conversation was mutual (a meeting, a call, a coffee, a day of a Rapport
conversation on which both wrote); a one-way stream, however long, is attention,
not closeness. A request's note, or messages nobody answered, go one way: a
Rapport conversation's day is "gave" or "received" until the other side writes
that day (``keeper.services.interaction_record_message``).

A seat on the board of twelve key people (Garner's twelve, about Dunbar's 15) asks
what the 15 asks.

Conversations are contacts of an ``EXCHANGE_KINDS`` kind (not being in the same
room at a gathering, not "other"); days are UTC calendar days of their timestamps.
Contacts after ``now`` have not happened yet. Pure: no Django.

Limits: the thresholds are judgement, set so that a day-old tie cannot be called
close and a weekly friendship of three months can; a friendship lived offline and
not logged earns nothing here, as it scores nothing in ``tie_strength``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rapport.insights.tie_strength import KINDS, SECONDS_PER_DAY, Contact

EXCHANGE_KINDS: frozenset[str] = KINDS - {"gathering", "other"}
"""Contacts that are a conversation between two people."""


@dataclass(frozen=True)
class Requirement:
    """What a history must show to be placed in a layer (module docstring)."""

    layer: str
    days: int
    span_days: float
    both_ways: bool
    words: str
    """The requirement as the reason line says it."""


REQUIREMENTS: tuple[Requirement, ...] = (
    Requirement("5", 6, 90.0, True, "conversations on 6 different days over 3 months, both ways"),
    Requirement("15", 3, 30.0, True, "conversations on 3 different days over a month, both ways"),
    Requirement("50", 2, 0.0, False, "conversations on 2 different days"),
    Requirement("150", 1, 0.0, False, "a conversation"),
)
"""Innermost first, as the layers are indexed (0 is the 5)."""

KEY_SEAT = 1
"""A key seat asks what this layer (the 15) asks."""


@dataclass(frozen=True)
class TrackRecord:
    """A tie's conversations as the layers weigh them: on how many different days,
    the days from the first to the latest, and whether they went both ways."""

    days: int
    span_days: float
    both_ways: bool


def track_record(contacts: Iterable[Contact], *, now: float) -> TrackRecord:
    """The track record of one tie from its contacts (any order), as of ``now``."""
    days: set[int] = set()
    first = latest = None
    gave = received = mutual = False
    for contact in contacts:
        if contact.timestamp > now or contact.kind not in EXCHANGE_KINDS:
            continue
        days.add(int(contact.timestamp // SECONDS_PER_DAY))
        first = contact.timestamp if first is None else min(first, contact.timestamp)
        latest = contact.timestamp if latest is None else max(latest, contact.timestamp)
        gave |= contact.direction == "gave"
        received |= contact.direction == "received"
        mutual |= contact.direction == "mutual"
    span = 0.0 if first is None or latest is None else (latest - first) / SECONDS_PER_DAY
    return TrackRecord(days=len(days), span_days=span, both_ways=mutual or (gave and received))


def meets(record: TrackRecord, requirement: Requirement) -> bool:
    return (
        record.days >= requirement.days
        and record.span_days >= requirement.span_days
        and (record.both_ways or not requirement.both_ways)
    )


def closest_layer(record: TrackRecord) -> int:
    """The innermost layer index (0 is the 5, 3 the 150) ``record`` has earned.

    A record without a conversation earns nothing closer than the 150 either; being
    in a circle at all is the frequency's to say, not this."""
    for index, requirement in enumerate(REQUIREMENTS):
        if meets(record, requirement):
            return index
    return len(REQUIREMENTS) - 1


def seat_earned(record: TrackRecord) -> bool:
    """Whether ``record`` is enough for a seat on the board of twelve."""
    return meets(record, REQUIREMENTS[KEY_SEAT])


def held_back(record: TrackRecord) -> str:
    """Why a tie is no closer, for a reason line: "a closer circle needs
    conversations on 2 different days"."""
    closest = closest_layer(record)
    if closest == 0:
        return ""
    return f"a closer circle needs {REQUIREMENTS[closest - 1].words}"
