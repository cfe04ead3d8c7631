"""Seeding runs that need an empty database of their own: the cap, determinism, and on
PostgreSQL the indexes and foreign keys set aside during COPY coming back intact."""

from __future__ import annotations

from collections import Counter

import pytest
from django.db import connection, transaction

from rapport.conversations.models import Message
from rapport.keeper.models import Person
from rapport.members.models import Member
from rapport.network.models import Connection, ConnectionRequest
from rapport.seeding.community import MODELS
from tests.conftest import postgres_available
from tests.seeding.conftest import seed


def test_no_member_is_over_the_cap_even_a_small_one(db, settings):
    settings.RAPPORT_CONNECTION_CAP = 12
    seed(members=150, seed=3)
    degrees: Counter = Counter()
    for low, high in Connection.objects.values_list("member_low_id", "member_high_id"):
        degrees[low] += 1
        degrees[high] += 1
    assert max(degrees.values()) <= 12
    # The cap is reached, not just respected from afar: connectors fill it.
    assert max(degrees.values()) >= 10


@pytest.mark.parametrize("members", [2, 10])
def test_a_tiny_community_seeds_too(db, members):
    """Too small for any owner to keep a member in their keeper: it crashed in numpy."""
    seed(members=members, seed=1)
    assert Member.objects.count() == members


def _snapshot() -> tuple:
    return (
        list(
            Member.objects.order_by("id").values_list(
                "username", "name", "organisation", "location", "interests"
            )
        ),
        list(
            Connection.objects.order_by("id").values_list(
                "member_low_id", "member_high_id", "created_at"
            )
        ),
        list(ConnectionRequest.objects.order_by("id").values_list("sender_id", "state", "note")),
        list(
            Message.objects.order_by("id").values_list(
                "conversation_id", "sender_id", "body", "created_at"
            )
        ),
        list(Person.objects.order_by("id").values_list("owner_id", "member_id", "circle")),
    )


class _Undo(Exception):
    pass


def test_the_same_seed_gives_the_same_community(db):
    snapshots = []
    for chosen in (11, 11, 12):
        try:
            with transaction.atomic():
                seed(members=120, seed=chosen)
                snapshots.append(_snapshot())
                raise _Undo
        except _Undo:
            pass
    assert snapshots[0] == snapshots[1]
    assert snapshots[0][1] != snapshots[2][1]


def _schema() -> list[tuple]:
    tables = [model._meta.db_table for model in MODELS]
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid)
            FROM pg_constraint WHERE conrelid = ANY(%s::regclass[])
            UNION ALL
            SELECT indrelid::regclass::text, indexrelid::regclass::text,
                   pg_get_indexdef(indexrelid)
            FROM pg_index WHERE indrelid = ANY(%s::regclass[])
            """,
            [tables, tables],
        )
        return cursor.fetchall()


@pytest.mark.postgres
@pytest.mark.skipif(not postgres_available(), reason="needs PostgreSQL (DATABASE_URL)")
def test_copy_puts_back_every_index_and_foreign_key_it_set_aside(db):
    before = _schema()
    assert any("FOREIGN KEY" in row[2] for row in before)
    seed(members=150, seed=4)
    assert sorted(_schema()) == sorted(before)
    # And they hold: a second pending request for a seeded pair is refused.
    pending = ConnectionRequest.objects.filter(state="pending").first()
    from django.db import IntegrityError

    with pytest.raises(IntegrityError), transaction.atomic():
        ConnectionRequest.objects.create(
            sender_id=pending.recipient_id,
            recipient_id=pending.sender_id,
            member_low_id=pending.member_low_id,
            member_high_id=pending.member_high_id,
            context="other",
            context_detail="again",
            note=pending.note,
            created_at=pending.created_at,
            expires_at=pending.expires_at,
        )


@pytest.mark.postgres
@pytest.mark.skipif(not postgres_available(), reason="needs PostgreSQL (DATABASE_URL)")
def test_a_seed_outside_a_transaction_leaves_its_tables_vacuumed(transactional_db):
    # Rows written by COPY are not all-visible until VACUUM: the first reads of every
    # page would write it again, and index-only scans would visit the heap.
    seed(members=150, seed=5)
    tables = [model._meta.db_table for model in MODELS]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, relpages, relallvisible FROM pg_class WHERE relname = ANY(%s)",
            [tables],
        )
        found = {name: (pages, visible) for name, pages, visible in cursor.fetchall()}
    assert found["members_member"][0] > 0
    assert all(visible == pages for pages, visible in found.values()), found
