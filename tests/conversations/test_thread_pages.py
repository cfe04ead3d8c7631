"""A long thread on its page: the latest messages first, and the earlier ones a link away.

The API pages back with ``before``; the page must not leave a member who has written
more than one page's worth unable to read the start of their own conversation.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from rapport.conversations.models import Message
from rapport.conversations.selectors import conversation_with, last_read_id
from rapport.conversations.services import message_send
from tests.web.page_text import main_text

SHOWN = 200  # messages on one page, as many as the API gives at most


@pytest.fixture
def long_thread(make_member, connect, time_machine):
    """Alice and Bob, connected, with the request's note and then 204 numbered messages,
    one every ten seconds (a faster burst would meet the sending limits)."""
    time_machine.move_to(dt.datetime(2025, 3, 3, 9, 0, tzinfo=dt.UTC), tick=False)
    alice, bob = make_member("Alice Archer"), make_member("Bob Baker")
    connect(alice, bob)
    conversation = conversation_with(member=alice, other_id=bob.pk)
    for n in range(1, 205):
        time_machine.shift(dt.timedelta(seconds=10))
        message_send(
            sender=bob if n % 2 else alice, conversation_id=conversation.pk, body=f"Number {n}."
        )
    return alice, bob, conversation


def _numbers(response) -> list[int]:
    return [int(n) for n in re.findall(r"Number (\d+)\.", main_text(response))]


def _earlier_link(response) -> str | None:
    found = re.search(r'<a href="([^"]*)"[^>]*>Earlier messages</a>', response.content.decode())
    return found and found.group(1).replace("&amp;", "&")


def test_the_earliest_messages_of_a_long_thread_are_a_link_away(long_thread, signed_in):
    alice, _bob, conversation = long_thread
    client = signed_in(alice)
    url = reverse("conversation", args=[conversation.pk])

    latest = client.get(url)
    assert _numbers(latest) == list(range(5, 205))
    earlier = _earlier_link(latest)
    assert earlier is not None

    older = client.get(earlier)
    assert older.status_code == 200
    # The note that opened the thread, and the first four messages.
    assert _numbers(older) == [1, 2, 3, 4]
    assert "Leeds meetup" in main_text(older)
    assert _earlier_link(older) is None  # nothing before the first message
    assert f'href="{url}#latest"' in older.content.decode()  # back to the latest


def test_reading_an_earlier_page_does_not_mark_the_latest_read(long_thread, signed_in):
    _alice, bob, conversation = long_thread
    messages = list(Message.objects.filter(conversation=conversation).order_by("pk"))
    # Bob wrote Number 203 and has not read Alice's Number 204 yet.
    assert last_read_id(member=bob, conversation=conversation) == messages[-2].pk

    response = signed_in(bob).get(
        reverse("conversation", args=[conversation.pk]), {"before": messages[5].pk}
    )

    assert response.status_code == 200
    assert _numbers(response) == [1, 2, 3, 4]
    assert last_read_id(member=bob, conversation=conversation) == messages[-2].pk


def test_a_thread_of_one_page_has_no_earlier_link(make_member, connect, signed_in):
    alice, bob = make_member("Alice Archer"), make_member("Bob Baker")
    connect(alice, bob)
    conversation = conversation_with(member=alice, other_id=bob.pk)
    response = signed_in(alice).get(reverse("conversation", args=[conversation.pk]))
    assert _earlier_link(response) is None
    assert "Leeds meetup" in main_text(response)


@pytest.mark.parametrize("before", ["abc", "-3", "0", "99999999999999999999999"])
def test_a_before_that_is_no_message_id_shows_the_latest_page(
    make_member, connect, signed_in, before
):
    alice, bob = make_member("Alice Archer"), make_member("Bob Baker")
    connect(alice, bob)
    conversation = conversation_with(member=alice, other_id=bob.pk)
    message_send(sender=bob, conversation_id=conversation.pk, body="Number 1.")
    response = signed_in(alice).get(
        reverse("conversation", args=[conversation.pk]), {"before": before}
    )
    assert response.status_code == 200
    assert _numbers(response) == [1]
