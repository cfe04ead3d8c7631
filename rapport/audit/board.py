"""Who could sit on the board of twelve key people, seat by seat, with a why.

The board (after Janine Garner's "network of 12 key people") has four groups of
three seats: people who teach, support, promote and push the member. The audit
proposes one person per seat from the member's strongest ties, reading what the
keeper knows of each tie: advice received points to a teaching seat, an
introduction or referral received to a promoting one, help received and
exchanges that go both ways to a supporting one. Nothing in a log says who challenges you, so
the pushing seats take the strongest ties left. It is a suggestion to think
about, never a placement: the member seats someone with one press.

Pure: plain data in, plain data out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

SIGNAL_WEIGHT = 0.3
"""How much a seat's own signal (advice, introductions, help) adds to tie strength
(0..1) when choosing between candidates: enough for a tie that taught you something
to take a teaching seat over a slightly stronger one that did not."""


@dataclass(frozen=True)
class Candidate:
    """A strong tie as the board needs it; counts are favours the member received."""

    person_id: int
    name: str
    score: float
    why: str
    advice_received: int = 0
    introductions_received: int = 0
    help_received: int = 0
    reciprocity: float = 0.0


@dataclass(frozen=True)
class Seat:
    position: int
    group: str
    role: str
    held_by: str | None  # the name of whoever sits there now


@dataclass(frozen=True)
class SeatSuggestion:
    position: int
    group: str
    role: str
    held_by: str | None
    person_id: int
    name: str
    why: str


def _times(count: int) -> str:
    return "once" if count == 1 else "twice" if count == 2 else f"{count} times"


def _signal(group: str, candidate: Candidate) -> tuple[float, str]:
    """How well ``candidate`` fits a seat of ``group`` (0..1), and the reason in words."""
    if group == "teach" and candidate.advice_received:
        return min(1.0, candidate.advice_received / 2), (
            f"gave you advice {_times(candidate.advice_received)}"
        )
    if group == "promote" and candidate.introductions_received:
        return min(1.0, candidate.introductions_received / 2), (
            f"introduced or referred you {_times(candidate.introductions_received)}"
        )
    if group == "support" and (candidate.help_received or candidate.reciprocity >= 0.5):
        if candidate.help_received:
            return min(1.0, candidate.help_received / 2), (
                f"helped you {_times(candidate.help_received)}"
            )
        # Tie strength's reciprocity counts exchanges that went both ways, not favours:
        # whether favours balance is ``insights.reciprocity``'s verdict, worded there.
        return candidate.reciprocity / 2, "your exchanges go both ways"
    return 0.0, ""


def board_suggestions(
    seats: Sequence[Seat], candidates: Sequence[Candidate]
) -> list[SeatSuggestion]:
    """One candidate per seat, empty seats first, each with a one-line why.

    ``candidates`` should already leave out people seated on the board. Every
    (seat, candidate) pair gets a fit, ``score + SIGNAL_WEIGHT * signal``; pairs are
    taken greedily, empty seats before occupied ones, then the best fit, the
    stronger tie, the lower seat and the order given, each seat and each candidate
    once. So a tie who gave advice lands in a teaching seat even when weaker ties
    could take the seats before it. Fewer candidates than seats leaves seats
    without a suggestion. Returned by seat position.
    """
    ranked = []
    for seat in seats:
        for order, candidate in enumerate(candidates):
            signal, reason = _signal(seat.group, candidate)
            fit = candidate.score + SIGNAL_WEIGHT * signal
            key = (seat.held_by is not None, -fit, -candidate.score, seat.position, order)
            ranked.append((key, seat, candidate, reason))
    ranked.sort(key=lambda row: row[0])
    taken_seats: set[int] = set()
    taken_people: set[int] = set()
    suggestions = []
    for _key, seat, candidate, reason in ranked:
        if seat.position in taken_seats or candidate.person_id in taken_people:
            continue
        taken_seats.add(seat.position)
        taken_people.add(candidate.person_id)
        head = reason or f"one of your strongest ties (strength {candidate.score:.2f})"
        # The tie's own why may already say what the seat's reason says.
        rest = [part for part in candidate.why.split("; ") if part.casefold() != head.casefold()]
        suggestions.append(
            SeatSuggestion(
                position=seat.position,
                group=seat.group,
                role=seat.role,
                held_by=seat.held_by,
                person_id=candidate.person_id,
                name=candidate.name,
                why="; ".join([head[:1].upper() + head[1:], *rest]),
            )
        )
    return sorted(suggestions, key=lambda suggestion: suggestion.position)
