"""The first message each side of a pairing is offered, and the "why you two" lines.

An opener is a suggestion: the member may send it as it is, change it or write
their own. It asks about the other person before it mentions oneself, because a
first message about oneself only reads like a leaflet (the note-quality rules of
requests apply in spirit here too).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from rapport.insights.profile_words import as_written, keywords, phrases

QUOTE_MAX = 140
# How an opener begins after the greeting, as the round writes it: on the round's day,
# when "this week" is true. ``opener_as_read`` says it again for the day it is read.
PAIRED_US = "the coffee round paired us"
PAIRED_THIS_WEEK = f"{PAIRED_US} this week."
# The time an opener proposes: the hold's day, in the round's week.
HOLD_SENTENCE = re.compile(r"Would half an hour on \w+ suit you, or another day that week\?")
HOLD_PASSED = "Would half an hour one day soon suit you?"


@dataclass(frozen=True)
class Side:
    """What an opener may use of one member: their public profile and round topics."""

    name: str
    organisation: str = ""
    topics: str = ""
    looking_for: str = ""
    can_help_with: str = ""

    @property
    def first_name(self) -> str:
        return self.name.split()[0] if self.name.strip() else "there"


def listed(words: list[str] | tuple[str, ...]) -> str:
    """ "a", "a and b", "a, b and c"."""
    words = list(words)
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} and {words[-1]}"


def _first_sentence(text: str) -> str:
    text = " ".join(text.split())
    for stop in (". ", "! ", "? "):
        if stop in text:
            text = text.split(stop, 1)[0]
    text = text.rstrip(".!?")
    if len(text) > QUOTE_MAX:
        text = text[: QUOTE_MAX - 1].rsplit(" ", 1)[0] + "…"
    return text


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


def opener(
    *,
    me: Side,
    other: Side,
    shared: list[str],
    i_can_help: bool,
    they_can_help: bool,
    hold_on: dt.date,
) -> str:
    """A first message from ``me`` to ``other``: their interests first, then what one
    could do for the other, then a time."""
    lines = [f"Hi {other.first_name}, {PAIRED_THIS_WEEK}"]
    other_topics = sorted(phrases(other.topics))
    if shared:
        word = "it" if len(shared) == 1 else "them"
        lines.append(f"We both care about {listed(shared[:3])}: how did you get into {word}?")
    elif other_topics:
        lines.append(f"You said you'd like to talk about {listed(other_topics[:2])}; I'm curious.")
    elif other.organisation:
        lines.append(f"I'd love to hear what you're working on at {other.organisation}.")
    else:
        lines.append("I'd love to hear what you're working on these days.")
    if i_can_help and other.looking_for:
        quoted = _lower_first(_first_sentence(other.looking_for))
        lines.append(f'You wrote that you\'re looking for "{quoted}": I may be able to help there.')
    if they_can_help and me.looking_for:
        lines.append(f"And I'd like to ask about {_lower_first(_first_sentence(me.looking_for))}.")
    lines.append(f"Would half an hour on {hold_on:%A} suit you, or another day that week?")
    return " ".join(lines)


def _week_of(day: dt.date) -> dt.date:
    """The Monday of ``day``'s week: rounds are held on Mondays, and a week starts with
    its round."""
    return day - dt.timedelta(days=day.weekday())


def paired_when(held_on: dt.date, today: dt.date) -> str:
    """When the round of ``held_on`` paired two members, as said on ``today`` (the
    reader's day, in their time zone): "this week" in the round's week, "last week" in
    the next, then "on 2 November" ("on 2 November 2026" from another year).

    Why: an opener read two weeks after its round still said "this week". A reader
    whose day is still the Sunday before the round's Monday (a zone behind the
    instance's) is about to start the round's week: "this week" too."""
    weeks = (_week_of(today) - _week_of(held_on)).days // 7
    if weeks <= 0:
        return "this week"
    if weeks == 1:
        return "last week"
    year = f" {held_on.year}" if held_on.year != today.year else ""
    return f"on {held_on.day} {held_on:%B}{year}"


def opener_as_read(text: str, *, held_on: dt.date, today: dt.date) -> str:
    """An opener the round of ``held_on`` wrote (``opener``), as true on ``today``:
    once the round's week is over, when it paired the two is said as ``paired_when``
    says it, and the hold's Thursday, now past, gives way to "one day soon".

    The round keeps the text it wrote (a member's data export has it as it was); only
    its reading changes."""
    when = paired_when(held_on, today)
    if when == "this week":
        return text
    text = text.replace(PAIRED_THIS_WEEK, f"{PAIRED_US} {when}.", 1)
    return HOLD_SENTENCE.sub(HOLD_PASSED, text, count=1)


def looked_for(term: str, looker: Side) -> str:
    """A matched term as the looker wrote it. A round keeps the words whole; pairings
    from before it did kept the folded keyword ("form"), found here in the profile."""
    return as_written(term, looker.looking_for, looker.topics)


def reasons(
    *,
    me: Side,
    other: Side,
    shared: list[str],
    i_get: list[str],
    they_get: list[str],
    bridges: list[str],
    other_organisation: str,
) -> list[str]:
    """Why these two were paired, from ``me``'s side, one sentence each. What one looks
    for is named in the looker's own words (``looked_for``)."""
    said: list[str] = []
    # "plain language" shared already says "plain" and "language".
    in_shared = keywords(" ".join(shared))
    i_get = [looked_for(term, me) for term in i_get if not keywords(term) <= in_shared]
    they_get = [looked_for(term, other) for term in they_get if not keywords(term) <= in_shared]
    if shared:
        said.append(f"You both care about {listed(shared)}.")
    if they_get:
        said.append(f"You offer what {other.first_name} is looking for ({listed(they_get)}).")
    if i_get:
        said.append(f"{other.first_name} offers what you are looking for ({listed(i_get)}).")
    crossing = []
    if "cluster" in bridges:
        crossing.append("a different part of the community")
    if "organisation" in bridges and other_organisation:
        crossing.append(f"another organisation ({other_organisation})")
    if "place" in bridges:
        crossing.append("another place")
    if crossing:
        said.append(
            f"{other.first_name} comes from {listed(crossing)}: someone you would not "
            "otherwise meet."
        )
    return said
