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

**How much evidence a judgement needs.** One favour is an event, not a pattern:
"you mostly take from Ana" after a single introduction tells the member something
about themselves that the log cannot know (Ana may owe them three favours from
before they used Rapport, or the return favour may be next week). So:

* under ``PATTERN_FROM`` (3) favours in the 12 months, nothing is judged: the
  sentence says what happened and when ("Ana introduced you to someone in March;
  nothing back yet"), and the overview says it is too early to tell;
* from 3, one side "mostly" gives only when it holds a clear majority: at least
  ``CLEAR_SHARE`` (two thirds) of the favours *and* at least ``CLEAR_GAP`` (2)
  more than the other side. Two to one, three to two or five to three read as
  give and take that goes both ways (not "even": the counts are said beside it);
  three to one, four to two or three to none read as one-sided.
  Three is the smallest count where "mostly" can mean more than "the last one";
  two thirds is the share at which a reader would call a split lopsided rather
  than roughly even, and the gap of two keeps a single favour, however small the
  counts, from tipping the verdict.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

GAVE = "gave"
RECEIVED = "received"
WINDOW = dt.timedelta(days=365)
NOTHING = "Nothing given or received in the last 12 months."
PATTERN_FROM = 3
"""Favours in the window before a balance is judged at all; fewer are described."""
CLEAR_SHARE = Fraction(2, 3)
"""The share of the favours the heavier side needs before it "mostly" gives."""
CLEAR_GAP = 2
"""How many more favours the heavier side needs than the lighter, besides the share."""
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
    events: tuple[Favour, ...]
    """The favours in the window, oldest first, for describing a few one by one."""
    today: dt.date


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
        events=tuple(in_window),
        today=today,
    )


GAVE_ONLY = "gave only"
RECEIVED_ONLY = "received only"
EVEN = "even"
GAVE_MORE = "gave more"
RECEIVED_MORE = "received more"
ASKED_REPEATEDLY = "asked repeatedly"
TOO_FEW = "too few"
NONE = "none"
TAKING = frozenset({RECEIVED_ONLY, RECEIVED_MORE, ASKED_REPEATEDLY})
"""Verdicts that say you mostly take."""
GIVING = frozenset({GAVE_ONLY, GAVE_MORE})
"""Verdicts that say you mostly give."""


def _clearly_more(heavier: int, lighter: int) -> bool:
    """Whether ``heavier`` is a clear majority of the favours (module docstring)."""
    return heavier - lighter >= CLEAR_GAP and heavier >= CLEAR_SHARE * (heavier + lighter)


def verdict_of(balance: Balance) -> str:
    """The one judgement of a balance that every sentence about it words.

    The panel sentence, the short clause in a circle's reason and the keeper-wide
    overview all read this, so no page can call a tie even in one place and
    one-sided in another. Under ``PATTERN_FROM`` favours it is ``TOO_FEW``,
    whichever way they went; from there one side needs a clear majority
    (``_clearly_more``) to be said to give more, else the balance is even.
    """
    gave, received = balance.gave, balance.received
    if gave == 0 and received == 0:
        return NONE
    if gave + received < PATTERN_FROM:
        return TOO_FEW
    if received == 0:
        return GAVE_ONLY
    if gave == 0 and not balance.ever_gave:
        return RECEIVED_ONLY
    if _clearly_more(received, gave):
        if balance.ever_gave and balance.received_since_last_gave >= STREAK_TO_MENTION:
            return ASKED_REPEATEDLY
        return RECEIVED_MORE
    if _clearly_more(gave, received):
        return GAVE_MORE
    return EVEN


def balance_sentence(name: str, balance: Balance) -> str:
    """The verdict on ``balance`` as one sentence about ``name`` (the person page's panel)."""
    gave, received = balance.gave, balance.received
    verdict = verdict_of(balance)
    if verdict == NONE:
        return NOTHING
    if verdict == TOO_FEW:
        return _events_sentence(name, balance)
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
        return (
            f"Give and take with {name} goes both ways: "
            f"{gave} given, {received} received this year."
        )
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
    if verdict in (GAVE_ONLY, TOO_FEW) and not balance.received:
        return f"you have given {_count(balance.gave)} this year and received none yet"
    if verdict in (RECEIVED_ONLY, TOO_FEW) and not balance.gave:
        return f"you have received {_count(balance.received)} this year and given none yet"
    if verdict == TOO_FEW:
        return f"you have given {_count(balance.gave)} and received {balance.received} this year"
    return {
        NONE: "",
        EVEN: "give and take goes both ways",
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
    someone who introduced you once is not someone you "mostly take from" here
    either: they are among those it is too early to tell about.
    Names are listed in the order given.
    """
    gave_total = received_total = 0
    take_from: list[str] = []
    give_to: list[str] = []
    even: list[str] = []
    too_few: list[str] = []
    for name, favours in people:
        balance = balance_of(favours, today=today)
        gave_total += balance.gave
        received_total += balance.received
        verdict = verdict_of(balance)
        if verdict in TAKING:
            take_from.append(name)
        elif verdict in GIVING:
            give_to.append(name)
        elif verdict == EVEN:
            even.append(name)
        elif verdict == TOO_FEW:
            too_few.append(name)
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
        sentences.append(f"Give and take goes both ways with {_names(even)}.")
    if too_few:
        sentences.append(f"Too early to tell with {_names(too_few)}: one or two favours so far.")
    return sentences


def _count(number: int) -> str:
    return f"{number} favour" if number == 1 else f"{number} favours"


_GIVEN_YOU = {
    "advice": "gave you advice",
    "introduction": "introduced you to someone",
    "referral": "referred you",
    "help": "helped you",
}
_YOU_GAVE = {
    "advice": "gave {name} advice",
    "introduction": "introduced {name} to someone",
    "referral": "referred {name}",
    "help": "helped {name}",
}


def _month(day: dt.date, today: dt.date) -> str:
    """ "March", or "June 2025" when the window reaches into last year's June too."""
    return day.strftime("%B") if day.year == today.year else day.strftime("%B %Y")


def _events_sentence(name: str, balance: Balance) -> str:
    """One or two favours said as what happened: "Ana introduced you to someone in
    March; nothing back yet". No verdict: an event is not a pattern."""
    today = balance.today
    events = []
    for day, direction, favour in balance.events:
        if direction == RECEIVED:
            actor, deed = name, _GIVEN_YOU.get(favour, "helped you")
        else:
            actor, deed = "you", _YOU_GAVE.get(favour, "helped {name}").format(name=name)
        events.append((actor, deed, _month(day, today)))
    (actor, deed, month), *rest = events
    text = f"{actor} {deed} in {month}"
    for other_actor, other_deed, other_month in rest:
        if (other_actor, other_deed, other_month) == (actor, deed, month):
            text = f"{actor} {deed} twice in {month}"
        elif (other_actor, other_deed) == (actor, deed):
            text += f" and in {other_month}"
        elif other_actor == actor:
            text += f" and {other_deed} in {other_month}"
        else:
            text += f", and {other_actor} {other_deed} in {other_month}"
    if not balance.gave:
        text += "; nothing back yet"
    return text[:1].upper() + text[1:] + "."
