"""Reading one member's ego network from the database, in a fixed number of queries.

The cap keeps an ego network small: at most 150 alters and 150 x 150 = 22,500 ties
from them to one another and to second-degree members. Every read here is bounded
by that, never by the size of the community, so a member's insights cost the same
on an instance of 1,000 members as on one of 100,000 (benchmarks/insights.py).

Six queries whatever the size: the member's connections; every connection touching
one of their alters; the profiles of the alters and second-degree members; the
owner's keeper people; the owner's keeper interactions (one row per person per
interaction); the pending requests to or from the owner. With no connections the
second and third are skipped.

A member blocked either way is left out of the profiles (by subqueries in the third
query, not a seventh): their ties still shape the owner's network, but no insight
ever names them.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Q

from rapport.keeper.models import InteractionPerson, Person
from rapport.members.models import Member
from rapport.network.models import Connection, ConnectionRequest
from rapport.safety.models import Block


@dataclass(frozen=True)
class EgoMember:
    """What the engine may know of a member in the ego network: their public profile,
    and their photo's hash for the page that names them (None without a photo)."""

    id: int
    name: str
    organisation: str
    location: str
    interests: tuple[str, ...]
    photo_hash: str | None = None


@dataclass(frozen=True)
class KeeperPerson:
    """A person in the owner's keeper; ``member_id`` is set when they are a member."""

    id: int
    name: str
    member_id: int | None
    circle: str


@dataclass(frozen=True)
class Touch:
    """One keeper interaction as it concerns one person (a group meeting with three
    people is three touches sharing an ``interaction_id``)."""

    person_id: int
    interaction_id: int
    occurred_at: dt.datetime
    kind: str
    direction: str


@dataclass
class EgoNetwork:
    """The raw material of one member's insights, read in one go.

    ``ties`` are connections with at least one alter at an end and the owner at
    neither (alter-alter and alter-second-degree), each pair once, low id first.
    ``members`` holds the owner, the active alters and second-degree members by id,
    none blocked either way.
    ``group_sizes`` says how many people took part in each keeper interaction.
    """

    owner_id: int
    alter_ids: frozenset[int]
    ties: list[tuple[int, int]]
    members: dict[int, EgoMember]
    people: dict[int, KeeperPerson]
    touches: list[Touch]
    group_sizes: dict[int, int] = field(default_factory=dict)
    pending_with: frozenset[int] = frozenset()

    @property
    def second_degree_ids(self) -> set[int]:
        ids = {node for tie in self.ties for node in tie}
        return ids - self.alter_ids - {self.owner_id}

    def person_for_member(self) -> dict[int, KeeperPerson]:
        """The owner's keeper entry for each member that has one, by member id."""
        return {
            person.member_id: person
            for person in self.people.values()
            if person.member_id is not None
        }


def _interests(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())


def ego_network_of(*, member: Member) -> EgoNetwork:
    """Everything the insights engine needs about ``member``'s network. Six queries."""
    owner_id = member.pk
    own = Connection.objects.filter(Q(member_low_id=owner_id) | Q(member_high_id=owner_id))
    alter_ids = frozenset(
        high if low == owner_id else low
        for low, high in own.values_list("member_low_id", "member_high_id")
    )

    ties: list[tuple[int, int]] = []
    members: dict[int, EgoMember] = {}
    if alter_ids:
        alters = list(alter_ids)
        # Two index scans (member_low, member_high) OR-ed: the rows touching an alter.
        ties = [
            (low, high)
            for low, high in Connection.objects.filter(
                Q(member_low_id__in=alters) | Q(member_high_id__in=alters)
            )
            .exclude(member_low_id=owner_id)
            .exclude(member_high_id=owner_id)
            .order_by()
            .values_list("member_low_id", "member_high_id")
        ]
        ids = alter_ids | {owner_id} | {node for tie in ties for node in tie}
        members = {
            pk: EgoMember(
                id=pk,
                name=name,
                organisation=organisation.strip(),
                location=location.strip(),
                interests=_interests(interests),
                photo_hash=photo_hash,
            )
            for pk, name, organisation, location, interests, photo_hash in Member.objects.filter(
                pk__in=list(ids), is_active=True
            )
            .exclude(pk__in=Block.objects.filter(blocker_id=owner_id).values("blocked_id"))
            .exclude(pk__in=Block.objects.filter(blocked_id=owner_id).values("blocker_id"))
            .order_by()
            # Nobody blocked either way is here, so every photo may be seen: a left join
            # on the photo's key, not a subquery a row, as the rows run to 22,650.
            .values_list(
                "pk", "name", "organisation", "location", "interests", "photo__content_hash"
            )
        }

    people = {
        pk: KeeperPerson(id=pk, name=name, member_id=member_id, circle=circle)
        for pk, name, member_id, circle in Person.objects.filter(owner_id=owner_id)
        .order_by()
        .values_list("pk", "name", "member_id", "circle")
    }
    touches = [
        Touch(
            person_id=person_id,
            interaction_id=interaction_id,
            occurred_at=occurred_at,
            kind=kind,
            direction=direction,
        )
        for person_id, interaction_id, occurred_at, kind, direction in (
            InteractionPerson.objects.filter(interaction__owner_id=owner_id)
            .order_by()
            .values_list(
                "person_id",
                "interaction_id",
                "interaction__occurred_at",
                "interaction__kind",
                "interaction__direction",
            )
        )
    ]
    group_sizes = Counter(touch.interaction_id for touch in touches)
    pending_with = frozenset(
        other
        for sender, recipient in ConnectionRequest.objects.filter(
            # A request held for a moderator still waits, as far as its sender knows;
            # its recipient has not been shown it, so for them it is nothing yet.
            Q(sender_id=owner_id, state__in=("pending", "held"))
            | Q(recipient_id=owner_id, state="pending")
        )
        .order_by()
        .values_list("sender_id", "recipient_id")
        for other in (sender, recipient)
        if other != owner_id
    )
    return EgoNetwork(
        owner_id=owner_id,
        alter_ids=alter_ids,
        ties=ties,
        members=members,
        people=people,
        touches=touches,
        group_sizes=dict(group_sizes),
        pending_with=pending_with,
    )
