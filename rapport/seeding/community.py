"""Build a whole community and write it: the one entry point of `rapport seed`.

Generation (``people``, ``ties``, ``history``) is a pure function of the member count,
the random seed and the time "now", so the same ``--seed`` gives the same community
(with its times relative to now). Writing happens in one transaction: either the
whole community is there, or nothing is.

Every seeded member signs in with the same password, hashed once: hashing 100,000
passwords with Argon2 would take hours, and a seeded community is for testing, not
for real people. The command prints the password, as ``rapport demo`` does.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import connection, models, transaction
from django.utils import timezone

from rapport.conversations.models import Conversation, Message, ReadMark
from rapport.keeper.models import Interaction, InteractionPerson, Person
from rapport.members.folding import search_text
from rapport.members.models import Member
from rapport.network.models import Connection, ConnectionRequest, PastConnection
from rapport.seeding import history
from rapport.seeding.people import DAY_US, People, people_generate
from rapport.seeding.sentences import Voices, profile_texts
from rapport.seeding.tables import (
    NULL_TIME,
    Table,
    indexes_rebuilt_after,
    sequences_reset,
    table_write,
    tables_analyze,
    triggers_set_aside,
)
from rapport.seeding.ties import Ties, ties_generate

SEED_PASSWORD = "rapport-seed"
EMAIL_DOMAIN = "seed.example"
SIGNED_IN_LATELY = 0.7  # members with a last login; the rest signed up and went quiet

MODELS: list[type[models.Model]] = [
    Member,
    ConnectionRequest,
    Connection,
    PastConnection,
    Conversation,
    Message,
    ReadMark,
    Person,
    Interaction,
    InteractionPerson,
]


class SeedRefused(Exception):
    """The database already holds a community."""


@dataclass
class SeedSummary:
    members: int
    seed: int
    rows: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    degree_mean: float = 0.0
    degree_median: float = 0.0
    degree_max: int = 0
    at_cap: int = 0
    password: str = SEED_PASSWORD

    @property
    def total_seconds(self) -> float:
        return sum(self.seconds.values())


def username_of(index: int) -> str:
    """Member ``index`` (from 0) signs in as member1, member2, ..."""
    return f"member{index + 1}"


@dataclass
class _Clock:
    summary: SeedSummary
    progress: Callable[[str], None]
    started: float = field(default_factory=time.perf_counter)

    def lap(self, step: str, detail: str = "") -> None:
        now = time.perf_counter()
        self.summary.seconds[step] = now - self.started
        self.progress(f"{step}: {now - self.started:.1f} s{' · ' + detail if detail else ''}")
        self.started = now


def _ids(count: int) -> np.ndarray:
    return np.arange(1, count + 1, dtype=np.int64)


def member_table(people: People, voices: Voices, rng: np.random.Generator, *, now_us: int) -> Table:
    texts = profile_texts(people, voices, rng)
    count = people.count
    seen = rng.random(count) < SIGNED_IN_LATELY
    last_login = np.minimum(now_us - rng.exponential(10 * DAY_US, count).astype(np.int64), now_us)
    last_login = np.where(seen, np.maximum(last_login, people.joined), NULL_TIME)
    usernames = [username_of(i) for i in range(count)]
    names = voices.full.tolist()
    # COPY skips ``Member.save``, so the seed folds what search reads itself.
    search_folded = [
        search_text(name, organisation, interests)
        for name, organisation, interests in zip(
            names, texts["organisation"], texts["interests"], strict=True
        )
    ]
    return Table(
        Member,
        {
            "id": _ids(count),
            "password": make_password(SEED_PASSWORD),
            "username": usernames,
            "email": [f"{u}@{EMAIL_DOMAIN}" for u in usernames],
            "name": names,
            "date_joined": people.joined,
            "last_login": last_login,
            "is_active": True,
            **texts,
            "search_folded": search_folded,
        },
    )


def request_table(requests: history.Requests) -> Table:
    count = len(requests)
    sender, recipient = requests.sender + 1, requests.recipient + 1
    pending = np.array([state == "pending" for state in requests.state], dtype=bool)
    return Table(
        ConnectionRequest,
        {
            "id": _ids(count),
            "sender_id": sender,
            "recipient_id": recipient,
            "member_low_id": np.minimum(sender, recipient),
            "member_high_id": np.maximum(sender, recipient),
            "context": requests.context,
            "context_detail": requests.detail,
            "introducer_id": requests.introducer + 1,  # -1 (none) becomes NULL_ID
            "verified": "",
            "note": requests.note,
            "offer": requests.offer,
            "state": requests.state,
            "created_at": requests.created,
            "expires_at": requests.created + history.EXPIRES_AFTER_US,
            "decided_at": np.where(pending, NULL_TIME, requests.decided),
        },
    )


def refuse_a_database_with_members() -> None:
    """Raise ``SeedRefused`` when members exist: a seed builds a community in an empty
    database. A database whose members table is not there yet has none."""
    if Member._meta.db_table not in connection.introspection.table_names():
        return
    if present := Member.objects.count():
        raise SeedRefused(
            f"The database already has {present:,} members. `rapport seed` builds a "
            "community in an empty database: create a fresh one (for example "
            "`createdb rapport_load` and DATABASE_URL=postgres://…/rapport_load), then "
            "`rapport migrate` and seed again."
        )


def community_seed(
    *,
    members: int,
    seed: int = 1,
    now: dt.datetime | None = None,
    progress: Callable[[str], None] = lambda line: None,
) -> SeedSummary:
    """Generate ``members`` members and their history, and write them in one transaction."""
    refuse_a_database_with_members()
    now = now or timezone.now()
    now_us = int(now.timestamp() * 1_000_000)
    budgets = history.Budgets(
        cap=settings.RAPPORT_CONNECTION_CAP,
        pending=settings.RAPPORT_REQUEST_BUDGET_PENDING,
        week=settings.RAPPORT_REQUEST_BUDGET_WEEK,
    )
    summary = SeedSummary(members=members, seed=seed)
    clock = _Clock(summary, progress)
    rng = np.random.default_rng(seed)

    people = people_generate(rng, members=members, now_us=now_us)
    ties = history.ties_in_time_order(
        rng, people, ties_generate(rng, people, now_us=now_us, cap=budgets.cap)
    )
    ended = rng.random(len(ties)) < history.ENDED_SHARE
    _degree_summary(summary, Ties(ties.low[~ended], ties.high[~ended], ties.kind[~ended]), budgets)
    clock.lap("members and ties", f"{members:,} members, {len(ties):,} ties")

    voices = Voices.of(people)
    accepted, connected = history.accepted_requests(rng, people, ties, now_us=now_us, voices=voices)
    waiting = history.open_requests(
        rng, people, ties, now_us=now_us, budgets=budgets, accepted=accepted, voices=voices
    )
    answered = history.past_requests(rng, people, ties, now_us=now_us, voices=voices)
    requests, position = history.requests_concat([accepted, waiting, answered])
    accepted_id = position[: len(ties)] + 1
    clock.lap("requests", f"{len(requests):,} ({len(waiting):,} waiting)")

    ended_at = connected + ((now_us - connected) * rng.random(len(ties))).astype(np.int64)
    until = np.where(ended, ended_at, now_us)
    messages = history.messages_generate(
        rng, people, ties, accepted, connected=connected, until=until, voices=voices
    )
    mark_conversation, mark_member, mark_read = history.read_marks(
        rng, ties, messages, now_us=now_us
    )
    clock.lap("conversations", f"{len(ties):,} threads, {len(messages):,} messages")

    keeper = history.keeper_generate(
        rng,
        people,
        ties,
        accepted,
        messages,
        connected=connected,
        ended=ended,
        now_us=now_us,
        never=NULL_TIME,
        voices=voices,
    )
    clock.lap("keeper", f"{len(keeper.person_owner):,} people, {len(keeper.link_person):,} logs")

    member_rows = member_table(people, voices, rng, now_us=now_us)
    clock.lap("profiles")

    kept = np.flatnonzero(~ended)
    gone = np.flatnonzero(ended)
    ender_is_low = rng.random(len(gone)) < 0.5
    last_message = np.zeros(len(ties), dtype=np.int64)
    np.maximum.at(last_message, messages.conversation, messages.created)
    tables = [
        member_rows,
        request_table(requests),
        Table(
            Connection,
            {
                "id": _ids(len(kept)),
                "member_low_id": ties.low[kept] + 1,
                "member_high_id": ties.high[kept] + 1,
                "request_id": accepted_id[kept],
                "created_at": connected[kept],
            },
        ),
        Table(
            PastConnection,
            {
                "id": _ids(len(gone)),
                "owner_id": np.where(ender_is_low, ties.low[gone], ties.high[gone]) + 1,
                "other_id": np.where(ender_is_low, ties.high[gone], ties.low[gone]) + 1,
                "connected_at": connected[gone],
                "ended_at": ended_at[gone],
            },
        ),
        Table(
            Conversation,
            {
                "id": _ids(len(ties)),
                "member_low_id": ties.low + 1,
                "member_high_id": ties.high + 1,
                "origin": Conversation.Origin.CONNECTION.value,
                "created_at": connected,
                "last_message_at": last_message,
            },
        ),
        Table(
            Message,
            {
                "id": _ids(len(messages)),
                "conversation_id": messages.conversation + 1,
                "sender_id": messages.sender + 1,
                "body": messages.body,
                "created_at": messages.created,
            },
        ),
        Table(
            ReadMark,
            {
                "id": _ids(len(mark_read)),
                "conversation_id": mark_conversation + 1,
                "member_id": mark_member + 1,
                "last_read_message_id": mark_read,
            },
        ),
        Table(
            Person,
            {
                "id": _ids(len(keeper.person_owner)),
                "owner_id": keeper.person_owner + 1,
                "member_id": keeper.person_member + 1,
                "name": keeper.person_name,
                "organisation": keeper.person_organisation,
                "role": keeper.person_role,
                # COPY skips the fold a save computes, as for members.
                "search_folded": [
                    search_text(name, organisation, role)
                    for name, organisation, role in zip(
                        keeper.person_name,
                        keeper.person_organisation,
                        keeper.person_role,
                        strict=True,
                    )
                ],
                "met_context": keeper.person_met_context,
                "met_on": keeper.person_met_on,
                "circle": keeper.person_circle,
                "last_contact_at": keeper.person_last_contact,
                "created_at": keeper.person_created,
                "updated_at": keeper.person_created,
            },
        ),
        Table(
            Interaction,
            {
                "id": _ids(len(keeper.interaction_owner)),
                "owner_id": keeper.interaction_owner + 1,
                "occurred_at": keeper.interaction_at,
                "kind": keeper.interaction_kind,
                "direction": keeper.interaction_direction,
                "favour": keeper.interaction_favour,
                "source": keeper.interaction_source,
                "external_key": keeper.interaction_key,
                "created_at": keeper.interaction_at,
            },
        ),
        Table(
            InteractionPerson,
            {
                "id": _ids(len(keeper.link_person)),
                "interaction_id": keeper.link_interaction + 1,
                "person_id": keeper.link_person + 1,
            },
        ),
    ]
    with transaction.atomic():
        with indexes_rebuilt_after(MODELS), triggers_set_aside(MODELS):
            clock.lap("set aside foreign keys, indexes and triggers")
            for table in tables:
                label = table.model._meta.db_table
                summary.rows[label] = table_write(table)
                clock.lap(f"write {label}", f"{summary.rows[label]:,} rows")
        clock.lap("indexes and foreign keys checked")
        sequences_reset(MODELS)
    tables_analyze(MODELS)
    clock.lap("vacuum and analyze" if not connection.in_atomic_block else "analyze")
    return summary


def _degree_summary(summary: SeedSummary, ties: Ties, budgets: history.Budgets) -> None:
    degrees = ties.degrees(summary.members) if summary.members else np.zeros(1, dtype=np.int64)
    summary.degree_mean = float(degrees.mean())
    summary.degree_median = float(np.median(degrees))
    summary.degree_max = int(degrees.max())
    summary.at_cap = int((degrees >= budgets.cap).sum())
