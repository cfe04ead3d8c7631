"""The invariants hold in the database itself, even for a writer that skips the services.

A bug in a service, a management shell or a future importer must not be able to store
a second connection between two members or a request to oneself: the database refuses.
Check constraints are asserted by name, which both SQLite and PostgreSQL report.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from rapport.conversations.models import Conversation, Message, ReadMark
from rapport.network.models import Connection, ConnectionRequest
from rapport.pairs import ordered_pair

NOW = dt.datetime(2025, 3, 3, 9, 0, tzinfo=dt.UTC)
NOTE = "We met at the Leeds meetup and talked about mentoring for an hour."


@pytest.fixture
def pair(make_member):
    a, b = make_member("Ana Lima"), make_member("Ben Okafor")
    return (a, b) if a.pk < b.pk else (b, a)


def request_row(sender, recipient, **overrides) -> ConnectionRequest:
    low, high = ordered_pair(sender.pk, recipient.pk)
    fields = {
        "sender": sender,
        "recipient": recipient,
        "member_low_id": low,
        "member_high_id": high,
        "context": "worked_together",
        "note": NOTE,
        "created_at": NOW,
        "expires_at": NOW + dt.timedelta(days=30),
    }
    fields.update(overrides)
    return ConnectionRequest.objects.create(**fields)


def refused(name: str | None = None):
    """Expect the insert inside to be refused, by the named constraint when given."""
    return pytest.raises(IntegrityError, match=name) if name else pytest.raises(IntegrityError)


def test_a_pair_is_connected_once(pair):
    low, high = pair
    Connection.objects.create(member_low=low, member_high=high, created_at=NOW)
    with refused(), transaction.atomic():
        Connection.objects.create(member_low=low, member_high=high, created_at=NOW)
    assert Connection.objects.count() == 1


def test_a_connection_is_stored_low_id_first(pair):
    low, high = pair
    with refused("connection_pair_ordered"), transaction.atomic():
        Connection.objects.create(member_low=high, member_high=low, created_at=NOW)
    with refused("connection_pair_ordered"), transaction.atomic():
        Connection.objects.create(member_low=low, member_high=low, created_at=NOW)
    assert not Connection.objects.exists()


def test_a_request_cannot_be_sent_to_oneself(pair):
    low, high = pair
    # The pair columns are kept valid, so only the self check can refuse this row.
    with refused("request_not_to_self"), transaction.atomic():
        request_row(low, low, member_low_id=low.pk, member_high_id=high.pk)
    assert not ConnectionRequest.objects.exists()


def test_a_request_stores_its_pair_low_id_first(pair):
    low, high = pair
    with refused("request_pair_ordered"), transaction.atomic():
        request_row(low, high, member_low_id=high.pk, member_high_id=low.pk)
    assert not ConnectionRequest.objects.exists()


@pytest.mark.parametrize("length", [0, 39, 601])
def test_a_note_outside_40_to_600_characters_is_refused(pair, length):
    with refused("request_note_length"), transaction.atomic():
        request_row(*pair, note="n" * length)
    assert not ConnectionRequest.objects.exists()


@pytest.mark.parametrize("length", [40, 600])
def test_a_note_of_40_or_600_characters_is_stored(pair, length):
    request_row(*pair, note="é" * length)
    assert ConnectionRequest.objects.get().note == "é" * length


def test_one_pending_request_per_pair_in_either_direction(pair):
    low, high = pair
    request_row(low, high)
    with refused(), transaction.atomic():
        request_row(low, high)
    with refused(), transaction.atomic():
        request_row(high, low)
    assert ConnectionRequest.objects.count() == 1


def test_closed_requests_do_not_block_a_new_pending_one(pair):
    low, high = pair
    for state in ("accepted", "declined", "withdrawn", "expired"):
        request_row(low, high, state=state)
    request_row(high, low)
    assert ConnectionRequest.objects.filter(state="pending").count() == 1


def test_a_request_state_outside_the_graph_is_refused(pair):
    with refused("request_state_known"), transaction.atomic():
        request_row(*pair, state="ghosted")
    assert not ConnectionRequest.objects.exists()


def test_a_context_outside_the_list_is_refused(pair):
    with refused("request_context_known"), transaction.atomic():
        request_row(*pair, context="bought_a_list")
    assert not ConnectionRequest.objects.exists()


@pytest.fixture
def conversation(pair):
    low, high = pair
    return Conversation.objects.create(member_low=low, member_high=high, created_at=NOW)


def test_a_message_body_cannot_be_empty(pair, conversation):
    with refused("message_not_empty"), transaction.atomic():
        Message.objects.create(conversation=conversation, sender=pair[0], body="", created_at=NOW)
    assert not Message.objects.exists()


def test_a_pair_has_one_conversation(pair, conversation):
    low, high = pair
    with refused(), transaction.atomic():
        Conversation.objects.create(member_low=low, member_high=high, created_at=NOW)
    with refused("conversation_pair_ordered"), transaction.atomic():
        Conversation.objects.create(member_low=high, member_high=low, created_at=NOW)
    assert Conversation.objects.count() == 1


def test_a_member_has_one_read_mark_per_conversation(pair, conversation):
    low, high = pair
    ReadMark.objects.create(conversation=conversation, member=low, last_read_message_id=1)
    ReadMark.objects.create(conversation=conversation, member=high, last_read_message_id=1)
    with refused(), transaction.atomic():
        ReadMark.objects.create(conversation=conversation, member=low, last_read_message_id=2)
    assert ReadMark.objects.count() == 2
