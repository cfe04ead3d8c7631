"""List pages cost the same number of queries for two rows or twenty."""

from __future__ import annotations

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rapport.conversations.selectors import conversation_with
from rapport.conversations.services import message_send
from rapport.members.models import Member
from rapport.network.services import (
    connection_end,
    connection_request_accept,
    connection_request_decline,
)

_names = itertools.count(1)


@pytest.fixture
def busy(make_member, send_request, connect, settings):
    """A member, and a function that gives them more of every kind of row."""
    settings.RAPPORT_REQUEST_BUDGET_PENDING = 100
    settings.RAPPORT_REQUEST_BUDGET_WEEK = 100
    member = make_member("Busy Member")

    def grow(rows: int) -> None:
        for _ in range(rows):
            n = next(_names)
            friend = make_member(f"Friend {n}", headline="Engineer")
            request = send_request(friend, member)
            connection_request_accept(member=member, request_id=request.pk)
            conversation = conversation_with(member=member, other_id=friend.pk)
            message_send(sender=friend, conversation_id=conversation.pk, body=f"Hello {n}")
            message_send(sender=member, conversation_id=conversation.pk, body=f"Hi back {n}")
            introducer = make_member(f"Introducer {n}")
            connect(member, introducer)
            send_request(
                make_member(f"Asker {n}"), member, context="introduced", introducer_id=friend.pk
            )
            target = make_member(f"Target {n}")
            declined = send_request(member, target)
            connection_request_decline(member=target, request_id=declined.pk)
            send_request(member, make_member(f"Other target {n}"))
            connection_end(member=member, other_id=introducer.pk)

    return member, grow


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    ("name", "limit"),
    [
        ("home", 6),
        ("requests_inbox", 5),
        ("connections", 7),
        ("conversations", 4),
    ],
)
def test_list_pages_do_not_grow_with_their_rows(
    name, limit, busy, signed_in, django_assert_max_num_queries
):
    member, grow = busy
    client = signed_in(member)
    grow(2)
    few = _queries(client, reverse(name))
    grow(6)
    with django_assert_max_num_queries(limit):
        many = _queries(client, reverse(name))
    assert many == few


def test_a_conversation_page_does_not_grow_with_its_messages(
    busy, signed_in, django_assert_max_num_queries
):
    member, grow = busy
    grow(1)
    friend = Member.objects.get(name__startswith="Friend ")
    conversation = conversation_with(member=member, other_id=friend.pk)
    client = signed_in(member)
    url = reverse("conversation", args=[conversation.pk])
    message_send(sender=friend, conversation_id=conversation.pk, body="One unread")
    few = _queries(client, url)
    for n in range(12):
        sender = friend if n % 2 else member
        message_send(sender=sender, conversation_id=conversation.pk, body=f"Message {n}")
    # Both visits find one or more unread messages to mark read.
    with django_assert_max_num_queries(4):
        many = _queries(client, url)
    assert many == few
    assert "Message 11" in client.get(url).content.decode()
