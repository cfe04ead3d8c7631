"""Reading what the network audit needs about one member, in three queries.

The audit is about the member's whole keeper: every person (imported LinkedIn
connections, Rapport connections, people added by hand) and every interaction,
whatever its source. It reads the same two things as ``rapport.ego.selectors``
(the keeper's people, then one row per person per interaction) but not the
network's connections and second-degree ties, which the audit does not use, and
it reads each moment as unix seconds (``EpochSeconds``): at 200,000 interactions,
building datetimes alone would cost about a second. The third query is the board
of twelve seats, read without creating it.

Three queries whatever the size of the keeper, so the page's query count is a
constant; the time grows with the rows (benchmarks/audit.py).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q

from rapport.audit.epoch import EpochSeconds
from rapport.keeper.models import InteractionPerson, KeySeat, Person
from rapport.keeper.vocabulary import DEFAULT_SEATS
from rapport.members.models import Member
from rapport.network.models import Connection, PastConnection

ARCHIVED_PER_PAGE = 100


@dataclass(frozen=True)
class AuditPerson:
    """A person in the owner's keeper, with what the audit asks of them.

    ``connection``: the owner connected with them on another network
    (``connected_on``, set by an import) or on Rapport (``on_rapport``).
    """

    id: int
    name: str
    circle: str
    connected_on: dt.date | None
    on_rapport: bool
    archived: bool

    @property
    def connection(self) -> bool:
        return self.connected_on is not None or self.on_rapport


def connected_on_rapport(*, owner: Member) -> Q:
    """A condition on ``owner``'s keeper people: linked to a member the owner is
    connected with on Rapport, or was until they ended it (their past connections).

    Being linked to a member is not enough: a keeper entry is linked whenever two
    members meet through Rapport (a coffee pairing, an introduction, an ask answered,
    a message), connected or not. Two subqueries on indexes, inside the query that
    reads the people, so the audit's query count stays what it was."""
    connected = Connection.objects.filter(
        Q(member_low=owner, member_high=OuterRef("member"))
        | Q(member_low=OuterRef("member"), member_high=owner)
    )
    ended = PastConnection.objects.filter(owner=owner, other=OuterRef("member"))
    return Q(member__isnull=False) & (Q(Exists(connected)) | Q(Exists(ended)))


AuditTouch = tuple[int, int, float, str, str, str, bool]
"""One interaction as it concerns one person: (person id, interaction id, unix
seconds, kind, direction, favour, endorsement). Plain tuples, straight from the
database: at 200,000 rows an object apiece would cost a tenth of a second more."""

ENDORSEMENT_KEY_PREFIX = "linkedin:endorsement"
"""How the LinkedIn importer marks an imported endorsement (``external_key``). It
stores one as a "help" interaction; the audit counts it toward tie strength as the
keeper does, but not as an exchange: a click on a skill is not a conversation."""


@dataclass(frozen=True)
class BoardSeat:
    """One of the twelve seats; ``person_id`` is None when the seat is empty."""

    position: int
    group: str
    role: str
    person_id: int | None


@dataclass
class AuditMaterial:
    people: dict[int, AuditPerson]
    touches: list[AuditTouch]
    group_sizes: dict[int, int]
    seats: list[BoardSeat]


def audit_material_of(*, owner: Member) -> AuditMaterial:
    """Everything the audit reads about ``owner``'s keeper. Three queries."""
    people = {
        pk: AuditPerson(
            id=pk,
            name=name,
            circle=circle,
            connected_on=connected_on,
            on_rapport=on_rapport,
            archived=archived_at is not None,
        )
        for pk, name, circle, connected_on, on_rapport, archived_at in Person.objects.filter(
            owner=owner
        )
        .order_by()
        .annotate(
            on_rapport=ExpressionWrapper(
                connected_on_rapport(owner=owner), output_field=BooleanField()
            )
        )
        .values_list("pk", "name", "circle", "connected_on", "on_rapport", "archived_at")
    }
    rows = (
        InteractionPerson.objects.filter(interaction__owner=owner)
        .order_by()
        .annotate(
            at=EpochSeconds("interaction__occurred_at"),
            endorsement=ExpressionWrapper(
                Q(interaction__external_key__startswith=ENDORSEMENT_KEY_PREFIX),
                output_field=BooleanField(),
            ),
        )
        .values_list(
            "person_id",
            "interaction_id",
            "at",
            "interaction__kind",
            "interaction__direction",
            "interaction__favour",
            "endorsement",
        )
    )
    touches: list[AuditTouch] = list(rows.iterator(chunk_size=10_000))
    group_sizes = Counter(touch[1] for touch in touches)
    stored = {
        position: BoardSeat(position=position, group=group, role=role, person_id=person_id)
        for position, group, role, person_id in KeySeat.objects.filter(owner=owner)
        .order_by("position")
        .values_list("position", "group", "role", "person_id")
    }
    # A member who never opened the board has no seat rows yet: the defaults stand in,
    # and the board is created when they seat someone (``key_seat_update``).
    seats = [
        stored.get(position) or BoardSeat(position=position, group=group, role=role, person_id=None)
        for position, (group, role) in enumerate(DEFAULT_SEATS, start=1)
    ]
    return AuditMaterial(people=people, touches=touches, group_sizes=dict(group_sizes), seats=seats)


def archived_people(*, owner: Member, page: int | str = 1) -> Page[Person]:
    """The owner's archived people, by name, a page of ``ARCHIVED_PER_PAGE`` at a time.
    Two queries (the total, then the page); a page past the end gives the last.
    ``page`` may be the query string's text as typed: one that is not a number gives
    the first page."""
    people = (
        Person.objects.filter(owner=owner, archived_at__isnull=False)
        .only("pk", "name", "organisation", "role", "connected_on", "archived_at")
        .order_by("name", "id")
    )
    return Paginator(people, ARCHIVED_PER_PAGE).get_page(page)
