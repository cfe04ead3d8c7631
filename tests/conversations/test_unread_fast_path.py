"""The plain-SQL reads behind the navigation's badge and the home page's list agree with
the ORM's ``conversations_of``, which the conversations page and the API use."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from rapport.conversations.selectors import (
    conversation_with,
    conversations_of,
    conversations_recent,
    unread_by_conversation,
    unread_total,
)
from rapport.conversations.services import conversation_mark_read, message_send
from rapport.network.services import connection_end, connection_request_accept

START = dt.datetime(2025, 3, 3, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def circle(make_member, send_request, time_machine):
    """Ana and four friends, each thread opened by an accepted request."""
    time_machine.move_to(START, tick=False)
    ana = make_member("Ana Lima")
    friends = []
    for name in ("Ben Okafor", "Cy Tanaka", "Dee Mensah", "Eli Novak"):
        friend = make_member(name)
        request = send_request(friend, ana)
        connection_request_accept(member=ana, request_id=request.pk)
        friends.append(friend)
    return ana, friends


def _orm_unread(member) -> dict[int, int]:
    return {c.pk: c.unread for c in conversations_of(member=member) if c.unread}


@pytest.mark.parametrize("seed", range(6))
def test_the_fast_counts_match_the_orm_after_any_mix_of_writing_and_reading(
    circle, time_machine, seed
):
    ana, friends = circle
    rng = random.Random(seed)
    threads = [conversation_with(member=ana, other_id=f.pk) for f in friends]
    for step in range(30):
        time_machine.shift(dt.timedelta(minutes=7))
        k = rng.randrange(len(friends))
        action = rng.random()
        if action < 0.45:
            message_send(sender=friends[k], conversation_id=threads[k].pk, body=f"from {step}")
        elif action < 0.75:
            message_send(sender=ana, conversation_id=threads[k].pk, body=f"to {step}")
        elif action < 0.95:
            conversation_mark_read(member=ana, conversation=threads[k])
        else:
            conversation_mark_read(member=friends[k], conversation=threads[k])
        for member in (ana, friends[k]):
            assert unread_by_conversation(member_id=member.pk) == _orm_unread(member)
    assert unread_total(member=ana) == sum(_orm_unread(ana).values())


def test_recent_conversations_are_newest_first_with_the_other_name_and_unread(circle, time_machine):
    ana, friends = circle
    threads = [conversation_with(member=ana, other_id=f.pk) for f in friends]
    for k in (2, 0, 3):
        time_machine.shift(dt.timedelta(hours=1))
        message_send(sender=friends[k], conversation_id=threads[k].pk, body="News")
    recent = conversations_recent(member_id=ana.pk, limit=3)
    assert [c.pk for c in recent] == [threads[3].pk, threads[0].pk, threads[2].pk]
    assert [c.other_name for c in recent] == ["Eli Novak", "Ben Okafor", "Dee Mensah"]
    assert [c.unread for c in recent] == [1, 1, 1]
    assert recent[0].last_message_at == START + dt.timedelta(hours=3)
    assert recent[0].last_message_at.tzinfo is not None


def test_an_ended_connection_keeps_its_thread_and_its_unread(circle, time_machine):
    ana, friends = circle
    thread = conversation_with(member=ana, other_id=friends[0].pk)
    message_send(sender=friends[0], conversation_id=thread.pk, body="Before it ended")
    connection_end(member=friends[0], other_id=ana.pk)
    assert unread_by_conversation(member_id=ana.pk) == {thread.pk: 1}
    assert thread.pk in [c.pk for c in conversations_recent(member_id=ana.pk, limit=8)]
