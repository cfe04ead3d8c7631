"""A HEAD changes nothing (RFC 9110 9.2.1: it is safe), though the API answers it by
running the GET: a link checker or a monitor polling a thread must not mark it read for
its member, nor set up a board they never opened. Its headers stay GET's.

Every GET of the API whose handler writes is here, one test each: reading the latest
messages (the read mark) and the board of key people (its twelve rows).
"""

from __future__ import annotations

import pytest

from rapport.conversations.selectors import conversation_with, conversations_of
from rapport.conversations.services import message_send
from rapport.keeper.models import KeySeat
from rapport.network.services import connection_request_accept


@pytest.fixture
def ana(make_member):
    return make_member("Ana Lima")


@pytest.fixture
def ben(make_member):
    return make_member("Ben Okafor")


def unread(member) -> dict[int, int]:
    return {c.pk: c.unread for c in conversations_of(member=member)}


def same_headers(head, got) -> bool:
    return (head.status_code, head["Content-Type"], head["Content-Length"]) == (
        got.status_code,
        got["Content-Type"],
        got["Content-Length"],
    )


def test_head_on_the_latest_messages_leaves_them_unread(ana, ben, send_request, api_as):
    connection_request_accept(member=ben, request_id=send_request(ana, ben).pk)
    thread = conversation_with(member=ana, other_id=ben.pk)
    message_send(sender=ben, conversation_id=thread.pk, body="How did the pilot go?")
    assert unread(ana) == {thread.pk: 1}
    client = api_as(ana).client
    path = f"/api/conversations/{thread.pk}/messages"

    head = client.head(path)

    assert head.status_code == 200
    assert unread(ana) == {thread.pk: 1}
    got = client.get(path)
    assert unread(ana) == {thread.pk: 0}  # GET still marks the thread read
    assert same_headers(head, got)


def test_head_on_the_board_sets_nothing_up(ana, api_as):
    client = api_as(ana).client

    head = client.head("/api/keeper/seats")

    assert head.status_code == 200
    assert not KeySeat.objects.filter(owner=ana).exists()
    got = client.get("/api/keeper/seats")
    assert KeySeat.objects.filter(owner=ana).count() == 12  # GET still sets it up
    assert same_headers(head, got)
    assert same_headers(client.head("/api/keeper/seats"), got)
