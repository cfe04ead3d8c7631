"""Give and take, in words: what you gave a person and what you received.

"Contacts are one-way, connections two-way": a relationship lasts when both sides
give (Gouldner's norm of reciprocity, 1960; Adam Grant's givers and takers, 2013).
Rapport says how favours have flowed in the last 12 months as a sentence, never as
a score to optimise: a score invites keeping accounts, a sentence invites a
thought ("is there something I could offer Ana?").

A favour is ``(date, direction, favour)``: ``direction`` is ``"gave"`` (you gave
it) or ``"received"``; ``favour`` is ``"advice"``, ``"introduction"``,
``"referral"`` or ``"help"``. Other directions (``"mutual"``) are ignored.
Dates are calendar days; the window is the 365 days ending on ``today``.

Only favours count as giving: a message has a direction too, but writing first
is not a gift. ``verdict_of`` is the one judgement of a balance; the panel's
sentence, the short clause ending a circle's reason and the keeper-wide overview
are its wordings, so they cannot disagree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

GAVE = "gave"
RECEIVED = "received"
WINDOW = dt.timedelta(days=365)
NOTHING = "Nothing given or received in the last 12 months."
EVEN_MARGIN = 1
"""Counts that differ by at most this much read as "even"."""
STREAK_TO_MENTION = 3
"""Favours received in a row, since you last gave, before the sentence says so."""

Favour = tuple[dt.date, str, str]

_NOUNS = {
    "advice": ("advice", "advice"),
    "introduction": ("an introduction", "introductions"),
    "referral": ("a referral", "referrals"),
    "help": ("help", "help"),
}


@dataclass(frozen=True)
class Balance:
    """Favours in the window: how many you gave and received, and what they were."""

    gave: int
    received: int
    gave_kinds: tuple[str, ...]
    received_kinds: tuple[str, ...]
    received_since_last_gave: int
    ever_gave: bool


def _times(count: int) -> str:
    return {1: "once", 2: "twice"}.get(count, f"{count} times")


def _what(kinds: Sequence[str], count: int) -> str:
    """ "advice", "an introduction", "introductions", or "help" when kinds are mixed."""
    distinct = set(kinds)
    if len(distinct) == 1:
        singular, plural = _NOUNS.get(next(iter(distinct)), ("help", "help"))
        return singular if count == 1 else plural
    return "help"


def balance_of(favours: Iterable[Favour], *, today: dt.date) -> Balance:
    """Count favours given and received in the 365 days ending ``today``.

    ``received_since_last_gave`` counts the favours received in the window after
    the latest one you gave (ever, not only in the window).
    """
    ordered = sorted(
        (f for f in favours if f[1] in (GAVE, RECEIVED) and f[0] <= today),
        key=lambda favour: favour[0],
    )
    start = today - WINDOW
    in_window = [f for f in ordered if f[0] > start]
    gave_kinds = tuple(f[2] for f in in_window if f[1] == GAVE)
    received_kinds = tuple(f[2] for f in in_window if f[1] == RECEIVED)
    last_gave = max((f[0] for f in ordered if f[1] == GAVE), default=None)
    since = sum(
        1 for f in in_window if f[1] == RECEIVED and (last_gave is None or f[0] > last_gave)
    )
    return Balance(
        gave=len(gave_kinds),
        received=len(received_kinds),
        gave_kinds=gave_kinds,
        received_kinds=received_kinds,
        received_since_last_gave=since,
        ever_gave=last_gave is not None,
    )


GAVE_ONLY = "gave only"
RECEIVED_ONLY = "received only"
EVEN = "even"
GAVE_MORE = "gave more"
RECEIVED_MORE = "received more"
ASKED_REPEATEDLY = "asked repeatedly"
NONE = "none"


def verdict_of(balance: Balance) -> str:
    """The one judgement of a balance that every sentence about it words.

    The panel sentence, the short clause in a circle's reason and the keeper-wide
    overview all read this, so no page can call a tie even in one place and
    one-sided in another. One-sided comes before even: advice given once and
    nothing received is not "even", however small the difference.
    """
    gave, received = balance.gave, balance.received
    if gave == 0 and received == 0:
        return NONE
    if received == 0:
        return GAVE_ONLY
    if gave == 0 and not balance.ever_gave:
        return RECEIVED_ONLY
    if gave > 0 and abs(gave - received) <= EVEN_MARGIN:
        return EVEN
    if received > gave:
        if balance.ever_gave and balance.received_since_last_gave >= STREAK_TO_MENTION:
            return ASKED_REPEATEDLY
        return RECEIVED_MORE
    return GAVE_MORE


def balance_sentence(name: str, balance: Balance) -> str:
    """The verdict on ``balance`` as one sentence about ``name`` (the person page's panel)."""
    gave, received = balance.gave, balance.received
    verdict = verdict_of(balance)
    if verdict == NONE:
        return NOTHING
    if verdict == GAVE_ONLY:
        return (
            f"You have given {name} {_what(balance.gave_kinds, gave)} {_times(gave)} "
            "and received nothing yet — that's fine; keep it light."
        )
    if verdict == RECEIVED_ONLY:
        return (
            f"{name} has given you {_what(balance.received_kinds, received)} {_times(received)} "
            "this year and you have not offered anything yet — is there something you could offer?"
        )
    if verdict == EVEN:
        return f"You and {name} give and take evenly: {gave} given, {received} received this year."
    if verdict == ASKED_REPEATEDLY:
        return (
            f"You have asked {name} for help {_times(balance.received_since_last_gave)} "
            "since you last offered any."
        )
    if verdict == RECEIVED_MORE:
        return (
            f"You have received more from {name} than you gave: "
            f"{gave} given, {received} received this year."
        )
    return f"You have given {name} more than you received: {gave} given, {received} received this year."


def balance_clause(balance: Balance) -> str:
    """The same verdict as ``balance_sentence``, short enough to end a reason line
    ("...mostly one to one; you have given 1 favour this year and received none
    yet"); the panel beside it has the detail. Empty when nothing was given or
    received, so the reason then says nothing of it."""
    verdict = verdict_of(balance)
    if verdict == GAVE_ONLY:
        return f"you have given {_count(balance.gave)} this year and received none yet"
    if verdict == RECEIVED_ONLY:
        return f"you have received {_count(balance.received)} this year and given none yet"
    return {
        NONE: "",
        EVEN: "you give and take evenly",
        GAVE_MORE: "you give more than you take",
        RECEIVED_MORE: "you take more than you give",
        ASKED_REPEATEDLY: "you take more than you give",
    }[verdict]


def reciprocity_sentence(name: str, favours: Iterable[Favour], *, today: dt.date) -> str:
    """One sentence on the give and take with ``name`` over the last 12 months."""
    return balance_sentence(name, balance_of(favours, today=today))


def _names(names: Sequence[str], limit: int = 3) -> str:
    """ "Ana", "Ana and Ben", "Ana, Ben and Carla", "Ana, Ben, Carla and 2 others"."""
    if len(names) > limit:
        rest = len(names) - limit
        return f"{', '.join(names[:limit])} and {rest} other{'s' if rest > 1 else ''}"
    if len(names) == 1:
        return names[0]
    return f"{', '.join(names[:-1])} and {names[-1]}"


def reciprocity_overview(
    people: Iterable[tuple[str, Iterable[Favour]]], *, today: dt.date
) -> list[str]:
    """A few sentences about the whole keeper: totals, who you mostly take from,
    who you mostly give to. ``people`` pairs a name with that person's favours.

    Each person is placed by ``verdict_of``, the judgement their own page words, so
    someone given advice once and nothing back is among those you give to here too.
    Names are listed in the order given.
    """
    gave_total = received_total = 0
    take_from: list[str] = []
    give_to: list[str] = []
    even: list[str] = []
    for name, favours in people:
        balance = balance_of(favours, today=today)
        gave_total += balance.gave
        received_total += balance.received
        verdict = verdict_of(balance)
        if verdict in (RECEIVED_ONLY, RECEIVED_MORE, ASKED_REPEATEDLY):
            take_from.append(name)
        elif verdict in (GAVE_ONLY, GAVE_MORE):
            give_to.append(name)
        elif verdict == EVEN:
            even.append(name)
    if gave_total == 0 and received_total == 0:
        return [NOTHING]
    sentences = [
        f"In the last 12 months you gave {_count(gave_total)} and received {_count(received_total)}."
    ]
    if take_from:
        sentences.append(
            f"You mostly take from {_names(take_from)} — is there something you could offer?"
        )
    if give_to:
        sentences.append(f"You mostly give to {_names(give_to)}.")
    if even:
        sentences.append(f"You give and take evenly with {_names(even)}.")
    return sentences


def _count(number: int) -> str:
    return f"{number} favour" if number == 1 else f"{number} favours"
