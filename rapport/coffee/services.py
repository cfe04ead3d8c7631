"""Writes for coffee rounds: opting in and out, running a round, "we met".

A round reads everyone due in a few queries per thousand members, hands plain data to the
engine (``rapport.insights.pairing``) and writes the pairs in bulk, so its cost is
the matching's, not one query per member (benchmarks/coffee_round.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from django.db import IntegrityError, models, transaction
from django.utils import timezone

from rapport.coffee.models import (
    TOPICS_MAX,
    CoffeeOptIn,
    CoffeeRound,
    Frequency,
    Pairing,
    Participation,
)
from rapport.coffee.openers import Side, looked_for, opener
from rapport.coffee.schedule import (
    RECENT_ROUNDS,
    hold_day,
    is_due,
    pair_hold_starts_at,
    round_label,
)
from rapport.coffee.selectors import pairing_of
from rapport.conversations.models import Conversation
from rapport.conversations.services import conversations_open_many
from rapport.errors import Conflict, InvalidInput
from rapport.insights.pairing import (
    CANDIDATES_PER_MEMBER,
    Participant,
    RoundPlan,
    member_clusters,
    participant,
    plan_round,
)
from rapport.keeper.models import Person
from rapport.keeper.services import interaction_log, person_create
from rapport.keeper.vocabulary import Circle, Kind, Source
from rapport.members.models import Member
from rapport.members.time_zones import zone_of
from rapport.network.models import Connection
from rapport.network.states import Context
from rapport.prose import counted_length, one_line
from rapport.safety.models import Block
from rapport.safety.selectors import blocked_either_way

BULK = 1000


def _clean_topics(topics: str) -> str:
    """One line, counted as the API counts it (``rapport.prose``)."""
    topics = one_line(topics)
    if counted_length(topics) > TOPICS_MAX:
        raise InvalidInput(
            f"What you would like to talk about is {counted_length(topics):,} characters; "
            f"the limit is {TOPICS_MAX:,}.",
            field="topics",
        )
    return topics


@transaction.atomic
def coffee_opt_in(
    *, member: Member, frequency: str, topics: str = "", now: dt.datetime | None = None
) -> CoffeeOptIn:
    """Join the coffee rounds, or change how often and what about; a place first in
    line is kept."""
    if frequency not in Frequency.values:
        raise InvalidInput(
            f"How often is one of {', '.join(Frequency.values)}; not {frequency!r}.",
            field="frequency",
        )
    topics = _clean_topics(topics)
    now = now or timezone.now()
    opt_in, created = CoffeeOptIn.objects.select_for_update().get_or_create(
        member=member,
        defaults={"frequency": frequency, "topics": topics, "created_at": now, "updated_at": now},
    )
    if not created:
        opt_in.frequency, opt_in.topics, opt_in.updated_at = frequency, topics, now
        opt_in.save(update_fields=["frequency", "topics", "updated_at"])
    return opt_in


@transaction.atomic
def coffee_opt_out(*, member: Member) -> None:
    """Leave the rounds. Past pairings stay: they are the member's history."""
    CoffeeOptIn.objects.filter(member=member).delete()


# What a round reads of each member: the profile fields the weight and openers use, and
# the time zone each pair's hold is chosen in.
OPT_IN_FIELDS = (
    "member_id",
    "frequency",
    "topics",
    "first_in_line",
    "last_round_on",
    *(
        f"member__{name}"
        for name in (
            "name",
            "username",
            "headline",
            "organisation",
            "location",
            "interests",
            "can_help_with",
            "looking_for",
            "time_zone",
        )
    ),
)


def _pairs_among(
    model: type[models.Model], left: str, right: str, members: Collection[int]
) -> list[tuple[int, int]]:
    """Rows of ``model`` joining two of ``members``, read in batches of ids: an
    ``IN (subquery)`` on both columns makes SQLite scan for tens of seconds."""
    ids = sorted(members)
    found: list[tuple[int, int]] = []
    for start in range(0, len(ids), BULK):
        rows = model._default_manager.filter(**{f"{left}__in": ids[start : start + BULK]})
        found += [(a, b) for a, b in rows.order_by().values_list(left, right) if b in members]
    return found


def _side(member: Member, opt_in: CoffeeOptIn) -> Side:
    return Side(
        name=member.name or member.username,
        organisation=member.organisation,
        topics=opt_in.topics,
        looking_for=member.looking_for,
        can_help_with=member.can_help_with,
    )


@transaction.atomic
def coffee_round_run(
    *,
    held_on: dt.date | None = None,
    now: dt.datetime | None = None,
    k: int = CANDIDATES_PER_MEMBER,
) -> CoffeeRound:
    """Hold the round of ``held_on`` (today by default): pair everyone due, open a
    conversation for each pair, and put the odd one out first in line.

    409 when that day's round was already held. The member graph's clusters, the
    connections, blocks and the last six rounds' pairs are read in bulk; the pairing
    itself is ``rapport.insights.pairing.plan_round``.
    """
    now = now or timezone.now()
    held_on = held_on or timezone.localdate(now)
    if CoffeeRound.objects.filter(held_on=held_on).exists():
        raise Conflict(f"The round of {round_label(held_on)} was already held.", code="round_held")
    recent_rounds = list(
        CoffeeRound.objects.filter(held_on__lt=held_on)
        .order_by("-held_on")
        .values_list("pk", flat=True)[:RECENT_ROUNDS]
    )
    try:
        with transaction.atomic():
            coffee_round = CoffeeRound.objects.create(held_on=held_on, ran_at=now)
    except IntegrityError:  # another worker holds the same round at this moment
        raise Conflict(
            f"The round of {round_label(held_on)} was already held.", code="round_held"
        ) from None
    opt_ins = [
        opt_in
        for opt_in in CoffeeOptIn.objects.filter(member__is_active=True)
        .select_related("member")
        .only(*OPT_IN_FIELDS)
        .order_by("member_id")
        if is_due(opt_in, held_on)
    ]
    by_id = {opt_in.member_id: opt_in for opt_in in opt_ins}
    ties = _pairs_among(Connection, "member_low_id", "member_high_id", by_id)
    forbidden = [
        *ties,
        *_pairs_among(Block, "blocker_id", "blocked_id", by_id),
        *Pairing.objects.filter(round__in=recent_rounds).values_list(
            "member_low_id", "member_high_id"
        ),
    ]
    clusters = member_clusters(list(by_id), ties)
    people: list[Participant] = [
        participant(
            id=opt_in.member_id,
            interests=opt_in.member.interests,
            topics=opt_in.topics,
            looking_for=opt_in.member.looking_for,
            can_help_with=opt_in.member.can_help_with,
            organisation=opt_in.member.organisation,
            location=opt_in.member.location,
            cluster=clusters.get(opt_in.member_id),
            first_in_line=opt_in.first_in_line,
        )
        for opt_in in opt_ins
    ]
    plan = plan_round(people, forbidden, k=k, seed=held_on.toordinal())
    _write_round(coffee_round, plan, by_id, now=now)
    return coffee_round


def _write_round(
    coffee_round: CoffeeRound,
    plan: RoundPlan,
    by_id: dict[int, CoffeeOptIn],
    *,
    now: dt.datetime,
) -> None:
    thursday = hold_day(coffee_round.held_on)
    # Members cluster in a few zones: each pair of zones' hold is worked out once.
    holds: dict[tuple[str, str], dt.datetime] = {}
    pairings = []
    for pair in plan.pairs:
        low, high = by_id[pair.a], by_id[pair.b]
        low_side, high_side = _side(low.member, low), _side(high.member, high)
        zones = (low.member.time_zone, high.member.time_zone)
        if zones not in holds:
            holds[zones] = pair_hold_starts_at(
                zone_of(low.member), zone_of(high.member), thursday=thursday
            )
        starts = holds[zones]
        pairings.append(
            Pairing(
                round=coffee_round,
                member_low_id=pair.a,
                member_high_id=pair.b,
                hold_starts_at=starts,
                weight=pair.weight,
                shared=list(pair.shared),
                # As each looker wrote them, while the round's topics are at hand.
                low_gets=[looked_for(term, low_side) for term in pair.a_gets],
                high_gets=[looked_for(term, high_side) for term in pair.b_gets],
                bridges=list(pair.bridges),
                opener_low=opener(
                    me=low_side,
                    other=high_side,
                    shared=list(pair.shared),
                    i_can_help=bool(pair.b_gets),
                    they_can_help=bool(pair.a_gets),
                    # The day as its reader (the other one) will see the hold.
                    hold_on=starts.astimezone(zone_of(high.member)).date(),
                ),
                opener_high=opener(
                    me=high_side,
                    other=low_side,
                    shared=list(pair.shared),
                    i_can_help=bool(pair.a_gets),
                    they_can_help=bool(pair.b_gets),
                    hold_on=starts.astimezone(zone_of(low.member)).date(),
                ),
            )
        )
    threads = conversations_open_many(
        pairs=[(p.member_low_id, p.member_high_id) for p in pairings],
        origin=Conversation.Origin.COFFEE,
        now=now,
    )
    for pairing in pairings:
        pairing.conversation_id = threads.get((pairing.member_low_id, pairing.member_high_id))
    Pairing.objects.bulk_create(pairings, batch_size=BULK)
    places = [
        Participation(round=coffee_round, member_id=member_id, pairing=pairing)
        for pairing in pairings
        for member_id in (pairing.member_low_id, pairing.member_high_id)
    ]
    places += [
        Participation(round=coffee_round, member_id=member_id, pairing=None)
        for member_id in plan.left_out
    ]
    Participation.objects.bulk_create(places, batch_size=BULK)
    paired = [member_id for pair in plan.pairs for member_id in (pair.a, pair.b)]
    for ids, first_in_line in ((paired, False), (plan.left_out, True)):
        for start in range(0, len(ids), BULK):
            CoffeeOptIn.objects.filter(member_id__in=ids[start : start + BULK]).update(
                first_in_line=first_in_line, last_round_on=coffee_round.held_on, updated_at=now
            )


def _keeper_person_for(*, owner: Member, other: Member, met_on: dt.date) -> Person:
    """``owner``'s keeper entry for ``other``: the one linked to them, or a new
    acquaintance met over coffee (not one of the 150: one coffee is a start).

    An entry the conversation made (an acquaintance with no "how we met") learns that
    the coffee round is how they met."""
    existing = Person.objects.filter(owner=owner, member=other).first()
    if existing is not None:
        if not existing.met_context:
            existing.met_context, existing.met_on = Context.COFFEE, met_on
            existing.updated_at = timezone.now()
            existing.save(update_fields=["met_context", "met_on", "updated_at"])
        return existing
    return person_create(
        owner=owner,
        name=other.name or other.username,
        member_id=other.pk,
        organisation=other.organisation,
        role=other.headline[:160],
        met_context=Context.COFFEE,
        met_on=met_on,
        circle=Circle.ACQUAINTANCE,
    )


@transaction.atomic
def coffee_pairing_met(
    *, member: Member, pairing_id: int, now: dt.datetime | None = None
) -> Pairing:
    """Either of the two says "we met": a coffee in both keepers, and from then on a
    request between them may carry the verified context "coffee". Saying it twice
    changes nothing."""
    now = now or timezone.now()
    pairing = pairing_of(member=member, pairing_id=pairing_id, lock=True)
    if now < pairing.round.ran_at:
        raise Conflict("The round has not started yet.", code="round_not_started")
    field_name = "low_met_at" if pairing.member_low_id == member.pk else "high_met_at"
    if getattr(pairing, field_name) is None:
        setattr(pairing, field_name, now)
        pairing.save(update_fields=[field_name])
    note = f"Paired in the coffee round of {round_label(pairing.round.held_on)}."
    keepers = [(pairing.member_low, pairing.member_high), (pairing.member_high, pairing.member_low)]
    # A keeper is its owner's alone: across a block (either way) the one who said it
    # writes their own, and nothing reaches the other's. The answer stays the same,
    # so the blocked member learns nothing of the block from it.
    if blocked_either_way(pairing.member_low_id, pairing.member_high_id):
        keepers = [(owner, other) for owner, other in keepers if owner.pk == member.pk]
    for owner, other in keepers:
        person = _keeper_person_for(owner=owner, other=other, met_on=timezone.localdate(now))
        interaction_log(
            owner=owner,
            person_ids=[person.pk],
            kind=Kind.COFFEE,
            occurred_at=now,
            note=note,
            source=Source.RAPPORT,
            external_key=f"rapport-coffee:{pairing.pk}",
        )
    return pairing
