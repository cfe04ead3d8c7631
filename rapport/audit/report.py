"""The network audit: of a member's connections, which ones they actually talk to.

One function, ``network_audit``, makes the report; the page, the API, the
command-line summary and the downloadable HTML all render what it returns, so they
always show the same figures. Reads come from ``rapport.audit.selectors`` (three
queries); the science is the engine's (``rapport.insights``: tie strength, circles
found from contact frequency, dormant ties) and the keeper's reading of found
circles (``rapport.ego.circle_mapping``). docs/audit.md defines every figure.

It is about the member's own network and is shown to that member only. The tie
strengths in it are scores about other people: they never leave the owner's page,
report or API answer.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from typing import cast

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Max, Q, Sum
from django.utils import timezone

from rapport.audit.board import Candidate, Seat, SeatSuggestion, board_suggestions
from rapport.audit.charts import LayerBar, MonthBar
from rapport.audit.selectors import (
    AuditMaterial,
    AuditPerson,
    audit_material_of,
    connected_on_rapport,
)
from rapport.ego.circle_mapping import LAYERED, ORDINALS, History, circle_code, per_year
from rapport.insights.circles import find_circles
from rapport.insights.suggestions import DORMANT_QUIET_DAYS, Suggestion, dormant_ties
from rapport.insights.tie_strength import Contact, TieStrength, tie_strength
from rapport.insights.track_record import TrackRecord, held_back, seat_earned, track_record
from rapport.keeper.models import Interaction, KeySeat, Person
from rapport.keeper.vocabulary import Circle, Direction, Kind, SeatGroup
from rapport.members.models import Member
from rapport.wording import counted

DAY = 86_400.0
RECENT_DAYS = 365
""""In the last 12 months": a conversation less than 365 days before the audit."""
STRONGEST = 150
"""Dunbar's number: how many of the strongest active ties the audit lists."""
DORMANT_SHOWN = 20
BOARD_POOL = 36
"""How many of the strongest ties the board suggestions choose from (three a seat)."""
REST_SAMPLE = 12
MONTHS_SHOWN = 240
"""The monthly chart covers at most the last 20 years."""

CONVERSATIONAL_KINDS = frozenset(
    {
        Kind.CONVERSATION,
        Kind.MEETING,
        Kind.CALL,
        Kind.COFFEE,
        Kind.MESSAGE,
        Kind.EMAIL,
        Kind.INTRODUCTION,
        Kind.ADVICE,
        Kind.REFERRAL,
        Kind.HELP,
    }
)
"""Kinds of interaction that are an exchange between two people. Not "gathering"
(being in the same room as many others) nor "other"; an imported LinkedIn
endorsement is not one either, though stored as "help" (see
``rapport.audit.selectors.ENDORSEMENT_KEY_PREFIX``)."""

LAYER_SIZES = (5, 15, 50, 150)


@dataclass(frozen=True)
class Figures:
    """The headline figures, about the member's connections (see docs/audit.md)."""

    connections: int
    imported: int
    on_rapport: int
    exchanged: int
    exchanged_recently: int
    both_ways: int
    in_strongest: int
    in_touch_beyond: int
    dormant: int
    chosen: int
    rest: int
    rest_archived: int

    @property
    def never(self) -> int:
        return self.connections - self.exchanged


@dataclass(frozen=True)
class Tie:
    """One of the strongest ties, with the circle its history suggests."""

    rank: int
    person_id: int
    name: str
    score: float
    why: str
    suggested_circle: str
    suggested_reason: str
    circle: str
    archived: bool

    @property
    def suggested_label(self) -> str:
        return Circle.labels.get(self.suggested_circle, self.suggested_circle)

    @property
    def circle_label(self) -> str:
        return Circle.labels.get(self.circle, self.circle)


@dataclass(frozen=True)
class Dormant:
    person_id: int
    name: str
    reason: str
    peak: float
    archived: bool


@dataclass(frozen=True)
class Rest:
    """Contacts, not connections: how many, how many already archived, a few names,
    and the ids of those not archived yet (what "archive them all" would archive)."""

    total: int
    archived: int
    sample: list[str]
    to_archive: tuple[int, ...] = field(repr=False)


@dataclass(frozen=True)
class NetworkAudit:
    member_name: str
    generated_at: dt.datetime
    figures: Figures
    sentences: list[str]
    circles: list[LayerBar]
    circles_sentence: str
    months: list[MonthBar]
    months_sentence: str
    conversations_before_chart: int
    strongest: list[Tie]
    board: list[SeatSuggestion]
    dormant: list[Dormant]
    dormant_total: int
    rest: Rest


# --- Words ---------------------------------------------------------------------------


def _share(part: int, whole: int) -> str:
    if not whole:
        return ""
    percent = 100 * part / whole
    if 0 < percent < 1:
        return " (under 1%)"
    return f" ({round(percent)}%)"


def _join(parts: Sequence[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


# Named in a sentence, which the audit page links (``audit_links``); the API and the
# downloaded file, opened offline, keep the words.
IMPORT_PAGE = "import page"


def _figure_sentences(figures: Figures) -> list[str]:
    n = figures.connections
    if not n:
        return [
            "You have no connections to audit yet. Bring in your LinkedIn export on the "
            f"{IMPORT_PAGE}, or connect with members here: the audit then tells which "
            "connections are real relationships."
        ]
    sources = []
    if figures.imported:
        sources.append(f"{figures.imported:,} imported from LinkedIn")
    if figures.on_rapport:
        sources.append(f"{figures.on_rapport:,} made on Rapport")
    sentences = [
        f"You have {counted(n, 'connection')} ({_join(sources)}; someone in both counts once)."
        if len(sources) > 1
        else f"You have {counted(n, 'connection')}, {sources[0]}."
    ]
    if figures.exchanged:
        sentences.append(
            f"You have exchanged a message with {figures.exchanged:,} of them"
            f"{_share(figures.exchanged, n)}; {figures.exchanged_recently:,} in the last "
            f"12 months{_share(figures.exchanged_recently, n)}; "
            f"{figures.both_ways:,} both ways{_share(figures.both_ways, n)}."
        )
    else:
        sentences.append("You have not exchanged a message with any of them yet.")
    if figures.never:
        sentences.append(
            f"{figures.never:,} of your connections{_share(figures.never, n)}: "
            "connected, never a word."
        )
    groups = [
        (figures.in_strongest, "is among your strongest ties", "are among your strongest ties"),
        (figures.in_touch_beyond, "more you talked to this year", "more you talked to this year"),
        (figures.dormant, "is a dormant tie worth reviving", "are dormant ties worth reviving"),
        (
            figures.chosen,
            "sits in one of your circles or on your board",
            "sit in one of your circles or on your board",
        ),
    ]
    parts = [f"{people:,} {one if people == 1 else many}" for people, one, many in groups if people]
    if parts:
        sentences.append(f"Of your connections, {_join(parts)}.")
    if figures.rest == n:
        rest = "All of them are contacts, not connections"
    elif figures.rest == 1:
        rest = f"The other one{_share(1, n)} is a contact, not a connection"
    else:
        rest = f"The other {figures.rest:,}{_share(figures.rest, n)} are contacts, not connections"
    if not figures.rest:
        return sentences
    if figures.rest_archived:
        rest += f"; {figures.rest_archived:,} of them archived (kept, out of your keeper's lists)"
    sentences.append(rest + ".")
    return sentences


# --- Circles ------------------------------------------------------------------------


def _layer_bars(sizes: list[int]) -> list[LayerBar]:
    """The found circles read as Dunbar's layers, as the insights page reads them:
    circle 0 as the 5, 1 as the 15, 2 as the 50, and the 4th and beyond as the 150
    (so the 150's bar is the outermost circle found)."""
    bars = []
    for index, layer in enumerate(LAYER_SIZES):
        if index < len(LAYERED) - 1:
            found = sizes[index] if index < len(sizes) else None
        else:
            found = sizes[-1] if len(sizes) >= len(LAYERED) else None
        bars.append(LayerBar(layer=layer, found=found))
    return bars


def _circles_sentence(sizes: list[int], mean_frequency: list[float]) -> str:
    if not sizes:
        return "No circles yet: a circle needs people you are in touch with at least once a year."
    return (
        f"Your history falls into {counted(len(sizes), 'circle')} of "
        f"{_join([f'{size:,}' for size in sizes])} {'person' if sizes[-1] == 1 else 'people'} "
        "(each counting the ones inside it), "
        f"in touch {_join([per_year(rate) for rate in mean_frequency])} times a year on "
        "average; Dunbar's layers hold about 5, 15, 50 and 150."
    )


# --- Conversations per month ------------------------------------------------------------


def _month_start(year: int, month: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime(year, month, 1))


def _next_month(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)


def _months(moments: list[float], *, now: dt.datetime) -> tuple[list[MonthBar], int]:
    """Conversations per calendar month (in the site's time zone), from the month of
    the first one to this month, at most ``MONTHS_SHOWN`` months; and how many came
    before the months shown."""
    if not moments:
        return [], 0
    local_now = timezone.localtime(now)
    first = timezone.localtime(dt.datetime.fromtimestamp(min(moments), tz=dt.UTC))
    year, month = first.year, first.month
    shown_from = local_now.year * 12 + local_now.month - MONTHS_SHOWN + 1
    if year * 12 + month < shown_from:
        year, month = divmod(shown_from - 1, 12)
        month += 1
    keys: list[tuple[int, int]] = []
    edges: list[float] = []
    while (year, month) <= (local_now.year, local_now.month):
        keys.append((year, month))
        edges.append(_month_start(year, month).timestamp())
        year, month = _next_month(year, month)
    edges.append(_month_start(year, month).timestamp())
    counts = [0] * len(keys)
    before = 0
    for moment in moments:
        slot = bisect.bisect_right(edges, moment) - 1
        if slot < 0:
            before += 1
        elif slot < len(keys):
            counts[slot] += 1
    return [
        MonthBar(year=y, month=m, conversations=c) for (y, m), c in zip(keys, counts, strict=True)
    ], before


def _months_sentence(months: list[MonthBar], before: int) -> str:
    total = sum(month.conversations for month in months)
    if not total:
        return "No conversations logged or imported yet."
    last_year = sum(month.conversations for month in months[-12:])
    by_year: dict[int, int] = defaultdict(int)
    for month in months:
        by_year[month.year] += month.conversations
    best_year = max(by_year, key=lambda year: (by_year[year], year))
    sentence = (
        f"{counted(total, 'conversation')} since {months[0].label}; "
        f"{last_year:,} in the last 12 months; your busiest year was {best_year} "
        f"with {by_year[best_year]:,}."
    )
    if before:
        sentence += f" {before:,} earlier ones are left off the chart."
    return sentence


# --- Everything ---------------------------------------------------------------------


@dataclass
class _Person:
    """What one pass over the touches gathers about one person."""

    contacts: list[Contact] = field(default_factory=list)
    last: float = 0.0
    exchanged: bool = False
    recent: bool = False
    gave: bool = False
    received: bool = False
    mutual: bool = False
    advice_received: int = 0
    introductions_received: int = 0
    help_received: int = 0


def _gather(
    material: AuditMaterial, *, at: float
) -> tuple[dict[int, _Person], list[float], list[tuple[int, float]]]:
    """Per person: contacts, last contact and what was exchanged; the moments of
    every conversation (each interaction once); and (person, moment) pairs for the
    circles. Touches after ``at`` have not happened yet and are left out.

    One pass, written for speed: it runs once per person per interaction."""
    recent_from = at - RECENT_DAYS * DAY
    people: dict[int, _Person] = {}
    seen: set[int] = set()
    conversations: list[float] = []
    pairs: list[tuple[int, float]] = []
    sizes = material.group_sizes
    talk = CONVERSATIONAL_KINDS
    gave_code, received_code = Direction.GAVE, Direction.RECEIVED
    for person_id, interaction_id, moment, kind, direction, favour, endorsement in material.touches:
        if moment > at:
            continue
        person = people.get(person_id)
        if person is None:
            person = people[person_id] = _Person()
        person.contacts.append(Contact(moment, kind, direction, sizes.get(interaction_id, 1)))
        pairs.append((person_id, moment))
        if moment > person.last:
            person.last = moment
        if endorsement or kind not in talk:
            continue
        if interaction_id not in seen:
            seen.add(interaction_id)
            conversations.append(moment)
        person.exchanged = True
        if moment > recent_from:
            person.recent = True
        if direction == gave_code:
            person.gave = True
        elif direction == received_code:
            person.received = True
            what = favour or kind
            if what == Kind.ADVICE:
                person.advice_received += 1
            elif what in (Kind.INTRODUCTION, Kind.REFERRAL):
                person.introductions_received += 1
            elif what == Kind.HELP:
                person.help_received += 1
        else:
            person.mutual = True
    return people, conversations, pairs


def _placement(history: History, *, n_circles: int, code: str) -> str:
    """Why a circle is suggested, in a few words: "About 21 contacts a year: the first
    of 3 circles found, read as the 5". The circles section explains the reading.
    A history that has not earned that circle says what a closer one needs and
    where it stands for now (``rapport.insights.track_record``)."""
    index = history.index or 0
    rate = per_year(history.frequency or 0.0)
    where = (
        "the only circle found"
        if n_circles == 1
        else f"the {ORDINALS[index] if index < len(ORDINALS) else f'{index + 1}th'} of "
        f"{n_circles} circles found"
    )
    found = LAYERED[history.found_layer or 0]
    placed = f"{_capitalised(rate)} contacts a year: {where}, read as the {found}"
    if history.held_back:
        return f"{placed}; {held_back(history.record)}, so the {code} for now"
    return placed


_NOT_PLACED = TrackRecord(days=0, span_days=0.0, both_ways=False)
"""The record of someone in no found circle: it is never read, so never computed."""


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _person_id(dormant: Suggestion) -> int:
    """``dormant_ties`` hands back the keys it was given, here person ids; its
    ``Suggestion.node`` is typed for any key, so mypy cannot see they are ints."""
    return cast(int, dormant.node)


def audit_from(material: AuditMaterial, *, member_name: str, now: dt.datetime) -> NetworkAudit:
    """The audit from material already read: the engine's part, no queries.

    The strongest ties are ranked among the active ones you have talked with: in a
    circle the engine finds from contact frequency and not gone quiet (what the
    keeper would suggest as 5 to 150), with at least one conversation. The board's
    candidates are those of them whose history has earned a key seat
    (``rapport.insights.track_record``): a tie made yesterday may be strong by
    recency, but is not yet one of twelve key people. Dormant ties
    are the engine's (strong once, quiet over a year), scored by the strength at
    their latest contact, which is the tie at its warmest since then. Each person's
    tie strength is computed once, and only when needed.
    """
    at = now.timestamp()
    everyone = material.people
    gathered, conversations, pairs = _gather(material, at=at)
    gathered = {pk: person for pk, person in gathered.items() if pk in everyone}
    found = find_circles(pairs, end=at)

    histories: dict[Hashable, tuple[float, float]] = {}
    quiet_before = at - DORMANT_QUIET_DAYS * DAY
    suggested: dict[int, tuple[str, str]] = {}
    strengths: dict[int, TieStrength] = {}
    records: dict[int, TrackRecord] = {}
    for person_id, person in gathered.items():
        # Only someone in a found circle has a layer for the record to hold back.
        record = (
            track_record(person.contacts, now=at) if person_id in found.membership else _NOT_PLACED
        )
        history = History(
            contacts=len(person.contacts),
            last_contact=person.last,
            index=found.membership.get(person_id),
            frequency=found.frequencies.get(person_id),
            record=record,
        )
        code = circle_code(history, now=at)
        if code in Circle.layered and person.exchanged:
            suggested[person_id] = (code, _placement(history, n_circles=found.n_circles, code=code))
            strengths[person_id] = tie_strength(person.contacts, now=at)
            records[person_id] = record
        elif person.last < quiet_before:
            peak = tie_strength(person.contacts, now=person.last).score
            histories[person_id] = (peak, person.last)
    dormant_all = dormant_ties(histories, now=at, limit=len(histories))
    dormant_ids = {_person_id(item) for item in dormant_all}

    ranked = sorted(
        strengths, key=lambda pk: (-strengths[pk].score, everyone[pk].name.casefold(), pk)
    )
    strongest_ids = ranked[:STRONGEST]
    strongest = [
        Tie(
            rank=rank,
            person_id=pk,
            name=everyone[pk].name,
            score=round(strengths[pk].score, 4),
            why=_capitalised(strengths[pk].why),
            suggested_circle=suggested[pk][0],
            suggested_reason=suggested[pk][1],
            circle=everyone[pk].circle,
            archived=everyone[pk].archived,
        )
        for rank, pk in enumerate(strongest_ids, start=1)
    ]
    dormant = [
        Dormant(
            person_id=_person_id(item),
            name=everyone[_person_id(item)].name,
            reason=item.reason,
            peak=round(item.score, 4),
            archived=everyone[_person_id(item)].archived,
        )
        for item in dormant_all[:DORMANT_SHOWN]
    ]

    seated = {seat.person_id for seat in material.seats if seat.person_id is not None}
    seats = [
        Seat(
            position=seat.position,
            group=seat.group,
            role=seat.role,
            held_by=everyone[seat.person_id].name if seat.person_id in everyone else None,
        )
        for seat in material.seats
    ]
    pool = [
        Candidate(
            person_id=pk,
            name=everyone[pk].name,
            score=strengths[pk].score,
            why=strengths[pk].why,
            advice_received=gathered[pk].advice_received,
            introductions_received=gathered[pk].introductions_received,
            help_received=gathered[pk].help_received,
            reciprocity=strengths[pk].breakdown["reciprocity"],
        )
        for pk in strongest_ids
        if pk not in seated and not everyone[pk].archived and seat_earned(records[pk])
    ][:BOARD_POOL]
    board = board_suggestions(seats, pool)

    figures, rest = _partition(everyone, gathered, set(strongest_ids), dormant_ids, seated)
    months, before = _months(conversations, now=now)
    return NetworkAudit(
        member_name=member_name,
        generated_at=now,
        figures=figures,
        sentences=_figure_sentences(figures),
        circles=_layer_bars(found.sizes),
        circles_sentence=_circles_sentence(found.sizes, found.mean_frequency),
        months=months,
        months_sentence=_months_sentence(months, before),
        conversations_before_chart=before,
        strongest=strongest,
        board=board,
        dormant=dormant,
        dormant_total=len(dormant_all),
        rest=rest,
    )


def _partition(
    everyone: dict[int, AuditPerson],
    gathered: dict[int, _Person],
    strongest: set[int],
    dormant: set[int],
    seated: set[int],
) -> tuple[Figures, Rest]:
    """The headline figures over the member's connections, and the rest.

    Each connection lands in exactly one group, the first that holds: among the
    strongest ties; talked to in the last 12 months; a dormant tie worth reviving;
    in one of the member's circles (5 to 150) or on the board; the rest.
    """
    tally = dict.fromkeys(
        (
            "connections",
            "imported",
            "on_rapport",
            "exchanged",
            "recent",
            "both",
            "strongest",
            "beyond",
            "dormant",
            "chosen",
            "archived",
        ),
        0,
    )
    rest_people: list[AuditPerson] = []
    for person in everyone.values():
        if not person.connection:
            continue
        history = gathered.get(person.id)
        tally["connections"] += 1
        tally["imported"] += person.connected_on is not None
        tally["on_rapport"] += person.on_rapport
        if history is not None and history.exchanged:
            tally["exchanged"] += 1
            tally["recent"] += history.recent
            tally["both"] += history.mutual or (history.gave and history.received)
        if person.id in strongest:
            tally["strongest"] += 1
        elif history is not None and history.recent:
            tally["beyond"] += 1
        elif person.id in dormant:
            tally["dormant"] += 1
        elif person.circle in Circle.layered or person.id in seated:
            tally["chosen"] += 1
        else:
            rest_people.append(person)
            tally["archived"] += person.archived
    rest_people.sort(key=lambda person: (person.name.casefold(), person.id))
    rest = Rest(
        total=len(rest_people),
        archived=tally["archived"],
        sample=[person.name for person in rest_people if not person.archived][:REST_SAMPLE],
        to_archive=tuple(person.id for person in rest_people if not person.archived),
    )
    figures = Figures(
        connections=tally["connections"],
        imported=tally["imported"],
        on_rapport=tally["on_rapport"],
        exchanged=tally["exchanged"],
        exchanged_recently=tally["recent"],
        both_ways=tally["both"],
        in_strongest=tally["strongest"],
        in_touch_beyond=tally["beyond"],
        dormant=tally["dormant"],
        chosen=tally["chosen"],
        rest=len(rest_people),
        rest_archived=tally["archived"],
    )
    return figures, rest


AUDIT_CACHE_FROM = 20_000
"""Interactions from which a member's audit is kept in Django's cache.

At 30,000 connections and 200,000 interactions the audit takes seconds to compute
(benchmarks/audit.py: reading the rows, then the engine over every contact), far
over a page's budget; below this many it takes a fraction of a second and is simply
computed. From it, the result is kept under a key that any change to the keeper
changes (``_fingerprint``). A kept audit older than ``AUDIT_FRESH_FOR`` is still
shown (the page says when it was computed) while the ``audit_prepare`` task
computes a new one in the background; the same task computes it ahead after an
archive or a restore (and after an import, when the importer enqueues it)."""
AUDIT_FRESH_FOR = dt.timedelta(days=1)
"""How old a kept audit may be before a visit asks for a new one: "the last 12
months" and dormancy move with the calendar, slowly."""
AUDIT_CACHE_SECONDS = 7 * 24 * 3600
AUDIT_REFRESH_GUARD_SECONDS = 600
"""While one refresh is queued, visits for ten minutes do not queue another."""


def _fingerprint(*, owner: Member) -> tuple[int, str]:
    """How many interactions the owner has, and a cache key that changes whenever
    anything the audit reads does. Three small queries, on indexes.

    Interactions are only ever created or deleted (ids never reused: SQLite's
    AUTOINCREMENT, PostgreSQL's sequences), so their count and highest id catch every
    change to the history. People change through the keeper services, which stamp
    ``updated_at`` (a merge stamps the person kept and deletes the other; the audit's
    archive and restore stamp too); their count and highest id catch additions and
    deletions, and how many are archived or placed in a circle catches an archive or
    a move within the same instant. Connecting with a member one already has an entry
    for, or being left by one, changes no person: how many of them are Rapport
    connections, and the sum of their ids, catch that. The board is twelve rows, read
    whole. Time is not in the key: an old audit is refreshed instead
    (``AUDIT_FRESH_FOR``); the time zone is, as it draws the months (the member's, on a
    page or in ``audit_prepare``).
    """
    interactions = Interaction.objects.filter(owner=owner).aggregate(
        total=Count("id"), top=Max("id")
    )
    people = Person.objects.filter(owner=owner).aggregate(
        total=Count("id"),
        top=Max("id"),
        changed=Max("updated_at"),
        archived=Count("id", filter=Q(archived_at__isnull=False)),
        placed=Count("id", filter=Q(circle__in=Circle.layered)),
        on_rapport=Count("id", filter=connected_on_rapport(owner=owner)),
        on_rapport_ids=Sum("id", filter=connected_on_rapport(owner=owner)),
    )
    seats = list(
        KeySeat.objects.filter(owner=owner)
        .order_by("position")
        .values_list("position", "person_id", "role", "group")
    )
    changed = people["changed"].isoformat() if people["changed"] else ""
    board = hashlib.sha256(repr(seats).encode()).hexdigest()[:16]
    key = (
        f"audit:{owner.pk}:{interactions['total']}:{interactions['top']}:"
        f"{people['total']}:{people['top']}:{changed}:{people['archived']}:"
        f"{people['placed']}:{people['on_rapport']}:{people['on_rapport_ids']}:{board}:"
        f"{timezone.get_current_timezone_name()}"
    )
    return interactions["total"], key


def _compute(member: Member, *, now: dt.datetime) -> NetworkAudit:
    return audit_from(
        audit_material_of(owner=member), member_name=member.name or member.username, now=now
    )


def _refresh_later(member: Member) -> None:
    """Queue one background refresh of ``member``'s audit (once per guard period)."""
    from rapport.audit.tasks import audit_prepare

    if cache.add(f"audit:refreshing:{member.pk}", True, AUDIT_REFRESH_GUARD_SECONDS):
        transaction.on_commit(lambda: audit_prepare.enqueue(member.pk))


def network_audit(*, member: Member, now: dt.datetime) -> NetworkAudit:
    """The whole audit of ``member``'s network: what the page, the API, the command
    and the HTML report all show.

    Three queries for the cache key, then three to read, unless the history is large
    (``AUDIT_CACHE_FROM``) and an audit of it is kept: that one is returned (its
    ``generated_at`` says when it was computed), and a refresh is queued when it is
    older than ``AUDIT_FRESH_FOR``.
    """
    size, key = _fingerprint(owner=member)
    large = size >= AUDIT_CACHE_FROM
    if large:
        kept: NetworkAudit | None = cache.get(key)  # only this function sets the key
        if kept is not None:
            if now - kept.generated_at > AUDIT_FRESH_FOR:
                _refresh_later(member)
            return kept
    audit = _compute(member, now=now)
    if large:
        cache.set(key, audit, AUDIT_CACHE_SECONDS)
    return audit


def network_audit_prepare(*, member: Member, now: dt.datetime) -> bool:
    """Keep ``member``'s audit ready in the cache when their history is large enough
    to be kept and no fresh audit of it is; True when it was computed now."""
    cache.delete(f"audit:refreshing:{member.pk}")
    size, key = _fingerprint(owner=member)
    if size < AUDIT_CACHE_FROM:
        return False
    kept = cache.get(key)
    if kept is not None and now - kept.generated_at <= AUDIT_FRESH_FOR:
        return False
    cache.set(key, _compute(member, now=now), AUDIT_CACHE_SECONDS)
    return True


def seat_group_label(group: str) -> str:
    return SeatGroup.labels.get(group, group)
