"""The four requests of the load benchmark cost a fixed number of queries, however many
connections, conversations, messages and requests a member has (docs/benchmarks.md)."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from rapport.conversations.selectors import conversation_with
from rapport.conversations.services import message_send
from rapport.network.services import connection_request_accept

_names = itertools.count(1)

# Exact for the home page: the session with its member (and their home version), and
# after a change one round trip for everything the page shows
# (web.selectors.home_overview), the navigation's unread badge included; a page kept
# since the last change skips that one.
HOME_QUERIES = 2
HOME_KEPT_QUERIES = 1
# Exact for a conversation page: the session, one query for the thread, its members,
# the reader's read mark, whether the two are connected and the navigation's unread
# count (conversations.selectors.conversation_page), the messages, and moving the read
# mark when the page shows something new (it was 9: docs/benchmarks.md, "Load").
CONVERSATION_QUERIES = 4
CONVERSATION_READ_QUERIES = 3
# Exact: the session, then the waiting requests with their senders and introducers
# (network.selectors.requests_waiting).
REQUESTS_API_QUERIES = 2
# Upper bounds where other features' services take part: the first-message coach, the
# keeper's "message" interaction on both sides of a reply.
# A reply costs 10 today (it was 24: the page hands its thread, with both members, to
# the service; blocks, the connection and the first-message rule are checked in one
# query; both keepers, with the day's interactions, are read in one query); the bound
# leaves room for a rule or two, not for a loop.
MESSAGE_POST_QUERIES = 12


@pytest.fixture
def member_growing(make_member, send_request, settings, time_machine):
    """A member, and ``grow(n)``: n more connections, each with a thread where both
    wrote (the friend's last message unread), and n more requests waiting. A row a
    minute: the member's messages one after the other would meet the sending limits."""
    settings.RAPPORT_REQUEST_BUDGET_PENDING = 100
    settings.RAPPORT_REQUEST_BUDGET_WEEK = 100
    time_machine.move_to(timezone.now(), tick=False)
    member = make_member("Busy Member")
    threads = []

    def grow(rows: int) -> None:
        for _ in range(rows):
            time_machine.shift(dt.timedelta(minutes=1))
            n = next(_names)
            friend = make_member(f"Friend {n}")
            request = send_request(friend, member)
            connection_request_accept(member=member, request_id=request.pk)
            thread = conversation_with(member=member, other_id=friend.pk)
            message_send(sender=member, conversation_id=thread.pk, body=f"Hello {n}")
            message_send(sender=friend, conversation_id=thread.pk, body=f"Hi back {n}")
            threads.append(thread)
            send_request(make_member(f"Asker {n}"), member)

    return member, grow, threads


def _count(client, method: str, url: str, **extra) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        response = getattr(client, method)(url, **extra)
    return response.status_code, len(captured)


def test_the_home_page_costs_two_queries_for_two_rows_or_twelve(member_growing, signed_in):
    member, grow, _ = member_growing
    client = signed_in(member)
    grow(2)
    assert _count(client, "get", reverse("home")) == (200, HOME_QUERIES)
    assert _count(client, "get", reverse("home")) == (200, HOME_KEPT_QUERIES)
    grow(10)
    assert _count(client, "get", reverse("home")) == (200, HOME_QUERIES)
    assert _count(client, "get", reverse("home")) == (200, HOME_KEPT_QUERIES)
    page = client.get(reverse("home")).content.decode()
    assert "Friend" in page and "Asker" in page
    assert "1 unread" in page  # each thread's last message is the friend's


def test_a_conversation_page_costs_the_same_for_two_messages_or_forty(member_growing, signed_in):
    member, grow, threads = member_growing
    client = signed_in(member)
    grow(3)
    url = reverse("conversation", args=[threads[0].pk])
    # The friend's last message is unread: the page moves the read mark.
    assert _count(client, "get", url) == (200, CONVERSATION_QUERIES)
    assert _count(client, "get", url) == (200, CONVERSATION_READ_QUERIES)
    thread = threads[0]
    friend = thread.member_high if thread.member_low_id == member.pk else thread.member_low
    for n in range(19):
        message_send(sender=member, conversation_id=thread.pk, body=f"More {n}")
        message_send(sender=friend, conversation_id=thread.pk, body=f"Reply {n}")
    assert _count(client, "get", url) == (200, CONVERSATION_QUERIES)
    assert _count(client, "get", url) == (200, CONVERSATION_READ_QUERIES)
    assert "Reply 18" in client.get(url).content.decode()


def test_the_requests_api_costs_the_same_for_two_requests_or_twelve(member_growing, signed_in):
    member, grow, _ = member_growing
    client = signed_in(member)  # the session, as the benchmark's browser-like client
    grow(2)
    with CaptureQueriesContext(connection) as captured:
        assert len(client.get("/api/requests").json()) == 2
    few = len(captured)
    grow(10)
    with CaptureQueriesContext(connection) as captured:
        assert len(client.get("/api/requests").json()) == 12
    assert len(captured) == few == REQUESTS_API_QUERIES


def test_posting_a_message_costs_the_same_in_a_long_thread(
    member_growing, signed_in, django_assert_max_num_queries
):
    member, grow, threads = member_growing
    client = signed_in(member)
    grow(2)
    url = reverse("conversation", args=[threads[0].pk])
    post = {"HTTP_HX_REQUEST": "true"}
    status, first = _count(client, "post", url, data={"body": "First from the page"}, **post)
    assert status == 200
    for n in range(10):
        client.post(url, {"body": f"Filler {n}"}, **post)
    with django_assert_max_num_queries(MESSAGE_POST_QUERIES):
        status, later = _count(client, "post", url, data={"body": "Later from the page"}, **post)
    assert (status, later) == (200, first)
