"""One-to-one conversations: opened by an accepted request, open while connected."""

from __future__ import annotations

import datetime as dt

import pytest

from rapport.conversations.models import MESSAGE_MAX, Conversation, Message, ReadMark
from rapport.conversations.selectors import (
    conversation_get,
    conversation_with,
    conversations_of,
    last_read_id,
    messages_of,
    unread_total,
)
from rapport.conversations.services import conversation_mark_read, message_send
from rapport.errors import Conflict, InvalidInput, NotFound
from rapport.network.services import connection_end, connection_request_accept

START = dt.datetime(2025, 3, 3, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def ana(make_member):
    return make_member("Ana Lima")


@pytest.fixture
def ben(make_member):
    return make_member("Ben Okafor")


@pytest.fixture
def thread(ana, ben, send_request, time_machine):
    """Ana asked, Ben accepted: their conversation, opened by the acceptance."""
    time_machine.move_to(START, tick=False)
    request = send_request(ana, ben)
    connection_request_accept(member=ben, request_id=request.pk)
    time_machine.shift(dt.timedelta(minutes=5))
    return conversation_with(member=ana, other_id=ben.pk)


def unread(member) -> dict[int, int]:
    return {c.pk: c.unread for c in conversations_of(member=member)}


def test_the_note_becomes_the_first_message_when_the_request_is_accepted(
    ana, ben, send_request, time_machine
):
    time_machine.move_to(START, tick=False)
    request = send_request(ana, ben)
    assert conversation_with(member=ana, other_id=ben.pk) is None

    connection_request_accept(member=ben, request_id=request.pk)

    conversation = conversation_with(member=ben, other_id=ana.pk)
    assert conversation.origin == Conversation.Origin.CONNECTION
    assert conversation.last_message_at == START
    [first] = messages_of(conversation=conversation)
    assert (first.sender, first.body, first.created_at) == (ana, request.note, START)
    # Ana wrote it and Ben read it to accept: nobody has anything unread.
    assert unread(ana) == unread(ben) == {conversation.pk: 0}


def test_messages_arrive_in_order_and_count_as_unread_for_the_other_member_only(
    ana, ben, thread, time_machine
):
    message_send(sender=ana, conversation_id=thread.pk, body="  Are you free on Thursday?  ")
    time_machine.shift(dt.timedelta(minutes=1))
    message_send(sender=ana, conversation_id=thread.pk, body="Coffee at the station?")

    assert [m.body for m in messages_of(conversation=thread)][1:] == [
        "Are you free on Thursday?",
        "Coffee at the station?",
    ]
    assert unread(ben) == {thread.pk: 2}
    assert unread(ana) == {thread.pk: 0}
    assert unread_total(member=ben) == 2

    conversation_mark_read(member=ben, conversation=thread)
    assert unread(ben) == {thread.pk: 0}
    assert last_read_id(member=ben, conversation=thread) == Message.objects.latest("id").pk

    reply = message_send(sender=ben, conversation_id=thread.pk, body="Thursday works.")
    assert unread(ana) == {thread.pk: 1}
    assert unread(ben) == {thread.pk: 0}
    conversation_mark_read(member=ana, conversation=thread)
    assert last_read_id(member=ana, conversation=thread) == reply.pk
    assert ReadMark.objects.filter(conversation=thread).count() == 2


def test_unread_counts_are_kept_per_conversation(ana, ben, thread, make_member, connect):
    cara = make_member("Cara Diaz")
    connect(cara, ben)
    with_cara = conversation_with(member=ben, other_id=cara.pk)
    message_send(sender=cara, conversation_id=with_cara.pk, body="Thanks for accepting!")
    message_send(sender=ana, conversation_id=thread.pk, body="Hello again.")
    message_send(sender=ana, conversation_id=thread.pk, body="And again.")

    assert unread(ben) == {thread.pk: 2, with_cara.pk: 1}
    conversation_mark_read(member=ben, conversation=with_cara)
    assert unread(ben) == {thread.pk: 2, with_cara.pk: 0}
    # Ana sees only her own conversation, never Ben's with Cara.
    assert unread(ana) == {thread.pk: 0}


def test_the_newest_conversation_comes_first_in_one_query(
    ana, ben, thread, make_member, connect, time_machine, django_assert_num_queries
):
    cara = make_member("Cara Diaz")
    connect(cara, ben)
    time_machine.shift(dt.timedelta(minutes=5))
    message_send(sender=ana, conversation_id=thread.pk, body="Newest news.")
    with django_assert_num_queries(1):
        listed = [
            (c.pk, c.member_low.name, c.member_high.name, c.unread)
            for c in conversations_of(member=ben)
        ]
    assert [pk for pk, *_ in listed] == [
        thread.pk,
        conversation_with(member=ben, other_id=cara.pk).pk,
    ]


def test_marking_an_empty_or_read_conversation_read_changes_nothing(ana, ben, thread):
    conversation_mark_read(member=ben, conversation=thread)
    conversation_mark_read(member=ben, conversation=thread)
    assert unread(ben) == {thread.pk: 0}
    assert ReadMark.objects.filter(conversation=thread, member=ben).count() == 1


def test_a_read_mark_only_moves_forward_even_from_a_stale_page(ana, ben, thread):
    first = message_send(sender=ana, conversation_id=thread.pk, body="First of two.")
    # Ben opens the thread in one tab, where his mark is still before ``first``...
    stale = conversation_get(member=ben, conversation_id=thread.pk)
    second = message_send(sender=ana, conversation_id=thread.pk, body="Second of two.")
    # ... reads both in another ...
    conversation_mark_read(member=ben, conversation=thread, up_to=second.pk)
    # ... and the first tab, which showed only ``first``, marks what it showed.
    conversation_mark_read(member=ben, conversation=stale, up_to=first.pk)
    assert last_read_id(member=ben, conversation=thread) == second.pk
    assert unread(ben) == {thread.pk: 0}
    assert ReadMark.objects.filter(conversation=thread, member=ben).count() == 1


def test_a_thread_loaded_by_one_member_is_marked_for_the_other_by_their_own_mark(ana, ben, thread):
    message_send(sender=ana, conversation_id=thread.pk, body="Unread for Ben.")
    loaded_by_ana = conversation_get(member=ana, conversation_id=thread.pk)
    conversation_mark_read(member=ben, conversation=loaded_by_ana)
    assert unread(ben) == {thread.pk: 0}


def test_messages_of_a_thread_loaded_without_its_members_name_their_senders(
    ana, ben, thread, django_assert_num_queries
):
    message_send(sender=ben, conversation_id=thread.pk, body="From Ben.")
    bare = Conversation.objects.get(pk=thread.pk)
    with django_assert_num_queries(2):  # the messages, then both members at once
        listed = [(m.sender.name, m.body) for m in messages_of(conversation=bare)]
    assert listed[-1] == ("Ben Okafor", "From Ben.")
    assert listed[0][0] == "Ana Lima"


@pytest.mark.parametrize(
    ("body", "code"),
    [("", "message_empty"), ("   \n\t ", "message_empty"), ("x" * 5001, "invalid")],
)
def test_an_empty_or_too_long_message_names_the_body(ana, thread, body, code):
    with pytest.raises(InvalidInput) as raised:
        message_send(sender=ana, conversation_id=thread.pk, body=body)
    assert (raised.value.code, raised.value.field) == (code, "body")
    assert Message.objects.filter(conversation=thread).count() == 1


def test_a_message_of_exactly_the_limit_is_sent(ana, thread):
    message = message_send(sender=ana, conversation_id=thread.pk, body="y" * MESSAGE_MAX)
    assert len(message.body) == MESSAGE_MAX


def test_after_the_connection_ends_neither_member_can_write(ana, ben, thread):
    connection_end(member=ana, other_id=ben.pk)
    for sender in (ana, ben):
        loaded = conversation_get(member=sender, conversation_id=thread.pk)
        for given in (None, loaded):
            with pytest.raises(Conflict) as raised:
                message_send(
                    sender=sender,
                    conversation_id=thread.pk,
                    body="Still there?",
                    conversation=given,
                )
            assert raised.value.code == "not_connected"
    assert Message.objects.filter(conversation=thread).count() == 1


def test_reconnecting_reopens_the_same_conversation(ana, ben, thread, send_request):
    connection_end(member=ben, other_id=ana.pk)
    request = send_request(
        ben, ana, note="Ana, sorry I dropped off: shall we pick up the mentoring chat?"
    )
    connection_request_accept(member=ana, request_id=request.pk)
    assert Conversation.objects.count() == 1
    assert [m.body for m in messages_of(conversation=thread)][-1] == request.note
    message_send(sender=ana, conversation_id=thread.pk, body="Welcome back.")


def test_a_stranger_can_neither_read_nor_write(ana, ben, thread, make_member):
    stranger = make_member("Stranger Danger")
    with pytest.raises(NotFound):
        conversation_get(member=stranger, conversation_id=thread.pk)
    with pytest.raises(NotFound):
        message_send(sender=stranger, conversation_id=thread.pk, body="Hello?")
    with pytest.raises(NotFound):
        conversation_mark_read(member=stranger, conversation=thread)
    # ... told exactly as if the conversation did not exist.
    with pytest.raises(NotFound):
        conversation_get(member=stranger, conversation_id=thread.pk + 1000)
    with pytest.raises(NotFound):
        message_send(sender=stranger, conversation_id=thread.pk + 1000, body="Hello?")
    # Nor through a conversation already loaded, as the page hands it over.
    loaded = conversation_get(member=ana, conversation_id=thread.pk)
    with pytest.raises(NotFound):
        message_send(sender=stranger, conversation_id=thread.pk, body="Hello?", conversation=loaded)
    assert list(conversations_of(member=stranger)) == []
    assert Message.objects.filter(conversation=thread).count() == 1
    assert not ReadMark.objects.filter(member=stranger).exists()


def test_each_member_reads_the_conversation_through_their_own_id(ana, ben, thread):
    assert conversation_get(member=ana, conversation_id=thread.pk) == thread
    assert conversation_get(member=ben, conversation_id=thread.pk) == thread
    assert thread.other(ana.pk) == ben.pk
    assert thread.other(ben.pk) == ana.pk
