"""The keeper's fixed vocabularies: circles, interaction kinds, directions, seats.

Circles follow Dunbar's layers (5 support, 15 sympathy, 50, 150), inclusive: the
15-circle's capacity counts the 5 inside it too.
"""

from __future__ import annotations

import datetime as dt


class Circle:
    SUPPORT = "5"
    SYMPATHY = "15"
    FIFTY = "50"
    HUNDRED_FIFTY = "150"
    ACQUAINTANCE = "acquaintance"
    PAST = "past"

    choices = [
        (SUPPORT, "5 · support"),
        (SYMPATHY, "15 · sympathy"),
        (FIFTY, "50 · good friends and close colleagues"),
        (HUNDRED_FIFTY, "150 · the people you keep up with"),
        (ACQUAINTANCE, "Acquaintance"),
        (PAST, "Past"),
    ]
    labels = dict(choices)
    codes = [code for code, _label in choices]
    # Inclusive capacities: everyone in the 5 also counts toward the 15, and so on.
    layered = [SUPPORT, SYMPATHY, FIFTY, HUNDRED_FIFTY]
    capacity = {SUPPORT: 5, SYMPATHY: 15, FIFTY: 50, HUNDRED_FIFTY: 150}
    default_cadence_days = {SUPPORT: 7, SYMPATHY: 30, FIFTY: 90, HUNDRED_FIFTY: 365}

    @classmethod
    def inner_or_same(cls, circle: str) -> list[str]:
        """The layered circles at or inside ``circle`` (for inclusive counts)."""
        if circle not in cls.layered:
            return [circle]
        return cls.layered[: cls.layered.index(circle) + 1]


class Kind:
    CONVERSATION = "conversation"
    MEETING = "meeting"
    CALL = "call"
    COFFEE = "coffee"
    MESSAGE = "message"
    EMAIL = "email"
    GATHERING = "gathering"
    INTRODUCTION = "introduction"
    ADVICE = "advice"
    REFERRAL = "referral"
    HELP = "help"
    OTHER = "other"

    choices = [
        (CONVERSATION, "Conversation"),
        (MEETING, "Meeting"),
        (CALL, "Call"),
        (COFFEE, "Coffee"),
        (MESSAGE, "Message"),
        (EMAIL, "Email"),
        (GATHERING, "Gathering"),
        (INTRODUCTION, "Introduction"),
        (ADVICE, "Advice"),
        (REFERRAL, "Referral"),
        (HELP, "Help"),
        (OTHER, "Other"),
    ]
    labels = dict(choices)
    codes = [code for code, _label in choices]
    # What can be given or received: these are the favours reciprocity counts.
    favours = [INTRODUCTION, ADVICE, REFERRAL, HELP]


class Direction:
    GAVE = "gave"
    RECEIVED = "received"
    MUTUAL = "mutual"

    choices = [(GAVE, "I gave"), (RECEIVED, "I received"), (MUTUAL, "Mutual")]
    labels = dict(choices)
    codes = [code for code, _label in choices]


class Source:
    MANUAL = "manual"
    RAPPORT = "rapport"  # messages exchanged on Rapport
    IMPORT = "import"

    choices = [(MANUAL, "Logged by hand"), (RAPPORT, "On Rapport"), (IMPORT, "Imported")]


class SeatGroup:
    TEACH = "teach"
    SUPPORT = "support"
    PROMOTE = "promote"
    PUSH = "push"

    choices = [
        (TEACH, "People who teach you"),
        (SUPPORT, "People who support you"),
        (PROMOTE, "People who promote you"),
        (PUSH, "People who push you"),
    ]
    labels = dict(choices)


# Twelve seats in four groups of three (after Janine Garner's "network of 12 key
# people"); the member may rename every role.
DEFAULT_SEATS: list[tuple[str, str]] = [
    (SeatGroup.TEACH, "Mentor who has walked the path"),
    (SeatGroup.TEACH, "Expert in my field"),
    (SeatGroup.TEACH, "Someone from a different world"),
    (SeatGroup.SUPPORT, "Confidant"),
    (SeatGroup.SUPPORT, "Sounding board"),
    (SeatGroup.SUPPORT, "Someone who looks after my wellbeing"),
    (SeatGroup.PROMOTE, "Sponsor who speaks for me"),
    (SeatGroup.PROMOTE, "Connector who opens doors"),
    (SeatGroup.PROMOTE, "Champion in my industry"),
    (SeatGroup.PUSH, "Challenger who questions my thinking"),
    (SeatGroup.PUSH, "Someone a step ahead"),
    (SeatGroup.PUSH, "Truth-teller"),
]
SEAT_COUNT = len(DEFAULT_SEATS)

SNOOZE_MAX = dt.timedelta(days=365)


class DateKind:
    """What a yearly date in someone's life is. "Other" carries its own words
    ("Started at Transit Lab", "Daughter Mia's birthday"), an anniversary may
    ("Wedding"); a birthday is only ever theirs, and each person has one at most."""

    BIRTHDAY = "birthday"
    ANNIVERSARY = "anniversary"
    OTHER = "other"

    choices = [(BIRTHDAY, "Birthday"), (ANNIVERSARY, "Anniversary"), (OTHER, "Other")]
    labels = dict(choices)
    codes = [code for code, _label in choices]
