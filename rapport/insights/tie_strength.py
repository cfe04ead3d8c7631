"""How strong a tie is, from the contacts two people have had: a score in [0, 1].

Granovetter (1973) defined the strength of a tie as "a (probably linear)
combination of the amount of time, the emotional intensity, the intimacy (mutual
confiding), and the reciprocal services which characterize the tie". Marsden &
Campbell (1984) and Gilbert & Karahalios (2009) turned those into measurable
proxies; this module uses six, each a number in [0, 1]:

============  ==========================================================  ======
component     what is measured (units)                                    weight
============  ==========================================================  ======
recency       ``0.5 ** (days since the latest contact / half_life_days)``  0.20
              times ``1 - 0.5 ** (days in touch - 1)``: nothing for a
              tie of one day, half for two (see below)
frequency     contacts per year (see below), ``log1p(rate) / log1p(52)``   0.20
              capped at 1: weekly contact or more is full marks
intimacy      the mean intimacy of the 5 most intimate contacts (a          0.25
              missing one counts 0); a contact's intimacy is its kind's
              weight (coffee, meeting 1.0 ... email 0.3) over
              ``sqrt(group_size)``: one to one beats a group
reciprocity   ``1 - 0.5 ** (exchanges / 3)``, exchanges =                  0.15
              ``min(gave, received) + 0.5 * mutual``
duration      ``1 - 0.5 ** (years from the first contact to the latest   0.10
              / 2)``: a single contact, however old, earns none
multiplexity  ``1 - 0.5 ** (facets / 2)``, facets = distinct kinds - 1 +   0.10
              distinct non-empty contexts
============  ==========================================================  ======

``score = sum(weight * component)``. The weights follow the relative
contributions Gilbert & Karahalios (2009) found on Facebook (intimacy first, then
intensity and recency, then duration and services) and Marsden & Campbell's
finding that closeness is the best single indicator while duration and frequency
are contaminated by shared foci (colleagues see each other often without being
close), hence their lower weights.

**Why sums and counts rather than shares.** Each component only ever grows when a
contact is added (the latest contact can only get later, a count can only grow,
the top five can only get more intimate, ``min(gave, received)`` can only grow).
So the score is monotone: adding any contact, a more recent one included, never
lowers it, and moving a favour from the heavier side to the lighter side never
lowers it either. A share ("60% one to one") would fall when a group email is
added, and a tie does not get weaker because people also email each other. The
why line still speaks in shares ("mostly one to one").

**Recency needs a return.** How lately two people were in touch says how strong
their tie is when there is a tie to be active: Gilbert & Karahalios found days
since the last communication among the best predictors of strength, but between
Facebook friends, ties with a history behind them; and Granovetter's strength is
the amount of time, intensity, intimacy and services the tie has had, of which a
single note has almost none. Counted in full, the recency of one contact (a
request's note accepted yesterday) was 0.2 of a score, and put a day-old
connection above three conversations over two years, the latest 200 days ago, in
the audit's strongest ties.
So recency is weighted by the days the two have been in touch (UTC calendar days
with a contact, as ``track_record`` counts them): nothing for a tie of one day,
however fresh; half for a tie of two (a return, the first sign of a relationship
rather than a meeting); nearly all from five or six. A tie that is only new scores
what its contact was (its kind, its give and take), not that it was recent. Both
factors only grow as contacts are added, so the score stays monotone.

**Duration is time in touch.** Granovetter's "amount of time" is time the two have
spent on the tie, and Marsden & Campbell measured duration as how long two people had
known each other: the span their contacts cover, from the first to the latest. Counted
to ``now`` instead, one message ten years ago earned nearly all of duration's weight,
more than two friends who have met monthly for a year, and grew by itself every day
nothing happened. The span only grows as contacts are added (earlier or later), so the
score stays monotone.

**Frequency** is contacts per year from a point in the relationship until
``now``: the highest such rate over the trailing spans that start at one of the
contacts, each span at least ``MIN_SPAN_DAYS`` (90) long so that two contacts in
one week do not read as a hundred a year. For a steady relationship that is the
rate over its whole duration; for one that has grown closer it is the rate since
it did (so adding a contact, even an old one, never lowers it).

Contacts dated after ``now`` have not happened yet and are ignored.

Limits: the kind weights and component weights are judgement informed by the
studies above, not fitted to Rapport's data; the score measures the contact that
was logged, and an unlogged friendship reads as weak.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable
from dataclasses import dataclass

SECONDS_PER_DAY = 86_400.0
DAYS_PER_YEAR = 365.25

KIND_INTIMACY: dict[str, float] = {
    "coffee": 1.0,
    "meeting": 1.0,
    "call": 0.8,
    "help": 0.8,
    "conversation": 0.7,
    "advice": 0.7,
    "introduction": 0.5,
    "referral": 0.5,
    "gathering": 0.5,
    "message": 0.4,
    "other": 0.4,
    "email": 0.3,
}
"""How intimate a kind of contact is, face to face and voice above text (after
Gilbert & Karahalios 2009's intimacy dimension and media richness: Daft & Lengel
1986). Favours count as fairly intimate: asking for help is confiding."""

KINDS: frozenset[str] = frozenset(KIND_INTIMACY)
DIRECTIONS: frozenset[str] = frozenset({"gave", "received", "mutual"})

WEIGHTS: dict[str, float] = {
    "recency": 0.20,
    "frequency": 0.20,
    "intimacy": 0.25,
    "reciprocity": 0.15,
    "duration": 0.10,
    "multiplexity": 0.10,
}
"""Component weights; they sum to 1 so the score stays in [0, 1]."""

FULL_FREQUENCY_PER_YEAR = 52.0
"""Contacts per year that earn the full frequency component (weekly, Dunbar's 5)."""
MIN_SPAN_DAYS = 90.0
"""Shortest span a frequency is measured over (guards very new relationships)."""
INTIMATE_CORE = 5
"""How many of the most intimate contacts the intimacy component averages."""
EXCHANGES_HALF = 3.0
"""Reciprocated exchanges that earn half the reciprocity component."""
DURATION_HALF_YEARS = 2.0
"""Years in touch (first contact to latest) that earn half the duration component."""
FACETS_HALF = 2.0
"""Extra kinds or contexts that earn half the multiplexity component."""
RETURNS_HALF = 1.0
"""Days in touch beyond the first that earn recency half its weight (a return)."""


@dataclass(frozen=True)
class Contact:
    """One contact between the ego and one other person.

    ``timestamp``: unix seconds. ``kind``: one of ``KINDS``. ``direction``:
    ``"gave"`` (the ego gave a favour), ``"received"`` or ``"mutual"``.
    ``group_size``: how many other people took part (1 = one to one).
    ``context``: how the relationship started or what the contact was about
    (a free label; distinct labels count toward multiplexity).
    """

    timestamp: float
    kind: str
    direction: str = "mutual"
    group_size: int = 1
    context: str = ""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown contact kind {self.kind!r}")
        if self.direction not in DIRECTIONS:
            raise ValueError(f"unknown direction {self.direction!r}")
        if self.group_size < 1:
            raise ValueError("group_size counts the other people and is at least 1")
        if not math.isfinite(self.timestamp):
            raise ValueError("timestamp must be a finite number of unix seconds")


@dataclass(frozen=True)
class TieStrength:
    """A tie's strength: ``score`` in [0, 1], each component in ``breakdown``
    (keys of ``WEIGHTS``, each in [0, 1]) and a readable ``why`` line."""

    score: float
    breakdown: dict[str, float]
    why: str


def contact_intimacy(contact: Contact) -> float:
    """0..1: the kind's intimacy weight over the square root of the group size."""
    return KIND_INTIMACY[contact.kind] / math.sqrt(contact.group_size)


def peak_rate_per_year(timestamps: list[float], *, now: float) -> float:
    """Contacts per year over the best trailing span ending at ``now``.

    ``timestamps`` in unix seconds, sorted ascending, none after ``now``. Each
    span starts at a contact and is at least ``MIN_SPAN_DAYS`` long.
    """
    best = 0.0
    count = len(timestamps)
    min_span = MIN_SPAN_DAYS * SECONDS_PER_DAY
    for index, started in enumerate(timestamps):
        span_years = max(now - started, min_span) / SECONDS_PER_DAY / DAYS_PER_YEAR
        best = max(best, (count - index) / span_years)
    return best


def _saturating(amount: float, half: float) -> float:
    """0 at 0, 1/2 at ``half``, tending to 1."""
    return 1.0 - float(0.5 ** (max(amount, 0.0) / half))


def tie_strength(
    contacts: Iterable[Contact], *, now: float, half_life_days: float = 180.0
) -> TieStrength:
    """The strength of one tie from its contacts, as of ``now`` (unix seconds).

    After Granovetter (1973), with the measurable proxies of Marsden & Campbell
    (1984) and Gilbert & Karahalios (2009); the components, weights and units are
    in the module docstring. ``half_life_days`` sets how fast recency decays.
    Order of ``contacts`` never matters; an empty history scores 0.
    """
    if half_life_days <= 0:
        raise ValueError("half_life_days must be positive")
    past = [c for c in contacts if c.timestamp <= now]
    if not past:
        return TieStrength(0.0, dict.fromkeys(WEIGHTS, 0.0), "no contact logged yet")

    # One pass over the contacts; only the timestamps need sorting.
    timestamps = sorted(c.timestamp for c in past)
    days_since_last = (now - timestamps[-1]) / SECONDS_PER_DAY
    years_in_touch = (timestamps[-1] - timestamps[0]) / SECONDS_PER_DAY / DAYS_PER_YEAR
    rate = peak_rate_per_year(timestamps, now=now)
    intimacies = heapq.nlargest(INTIMATE_CORE, map(contact_intimacy, past))
    gave = received = 0
    kinds: set[str] = set()
    contexts: set[str] = set()
    days_in_touch = len({int(t // SECONDS_PER_DAY) for t in timestamps})
    for contact in past:
        gave += contact.direction == "gave"
        received += contact.direction == "received"
        kinds.add(contact.kind)
        if contact.context:
            contexts.add(contact.context)
    mutual = len(past) - gave - received
    facets = len(kinds) - 1 + len(contexts)

    breakdown = {
        "recency": float(0.5 ** (days_since_last / half_life_days))
        * _saturating(days_in_touch - 1, RETURNS_HALF),
        "frequency": min(1.0, math.log1p(rate) / math.log1p(FULL_FREQUENCY_PER_YEAR)),
        "intimacy": sum(intimacies) / INTIMATE_CORE,
        "reciprocity": _saturating(min(gave, received) + 0.5 * mutual, EXCHANGES_HALF),
        "duration": _saturating(years_in_touch, DURATION_HALF_YEARS),
        "multiplexity": _saturating(facets, FACETS_HALF),
    }
    score = sum(WEIGHTS[name] * value for name, value in breakdown.items())
    why = _why(past, now=now, last=timestamps[-1])
    return TieStrength(min(1.0, max(0.0, score)), breakdown, why)


def _times(count: int) -> str:
    return "once" if count == 1 else "twice" if count == 2 else f"{count} times"


def _ago(days: float) -> str:
    if days < 60:
        return f"{max(int(days), 0)} days ago"
    if days < 730:
        return f"{round(days / 30.44)} months ago"
    return f"{round(days / DAYS_PER_YEAR)} years ago"


def _why(past: list[Contact], *, now: float, last: float) -> str:
    """e.g. "in touch 9 times in the last 90 days, mostly one to one".

    Nothing about give and take: that verdict is ``rapport.insights.reciprocity``'s,
    over favours in the last 12 months. Counted here from every contact's direction
    over all time (a message sent reads as "gave"), it called one piece of advice
    given and nothing back "even", beside a panel saying nothing had come back."""
    recent_90 = recent_365 = one_to_one = 0
    for contact in past:
        age = now - contact.timestamp
        recent_90 += age <= 90 * SECONDS_PER_DAY
        recent_365 += age <= 365 * SECONDS_PER_DAY
        one_to_one += contact.group_size == 1
    if recent_90:
        head = f"in touch {_times(recent_90)} in the last 90 days"
    elif recent_365:
        head = f"in touch {_times(recent_365)} in the last 12 months"
    else:
        days = (now - last) / SECONDS_PER_DAY
        head = f"last in touch {_ago(days)}, {_times(len(past))} in all"
    return head + (", mostly one to one" if 2 * one_to_one >= len(past) else ", mostly in groups")
