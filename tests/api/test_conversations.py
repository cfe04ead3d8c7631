"""One-to-one conversations: reading, writing, unread counts that are yours alone."""

from __future__ import annotations

import pytest

from rapport.conversations.models import Message
from rapport.conversations.selectors import conversation_with
from rapport.conversations.services import message_send
from rapport.network.services import connection_end
from rapport.safety.services import block_create
from tests.api.public_shape import MEMBER_KEYS, NO_PHOTO, assert_no_private_keys


@pytest.fixture
def pair(make_member, connect):
    """Ada and Ben, connected, with the conversation their request opened."""
    ada, ben = make_member("Ada Lovelace"), make_member("Ben Okafor")
    connect(ada, ben)
    return ada, ben, conversation_with(member=ada, other_id=ben.pk)


def test_conversations_show_the_other_member_and_my_unread_count(pair, api_as):
    ada, ben, conversation = pair
    message_send(sender=ben, conversation_id=conversation.pk, body="Coffee on Thursday?")
    message_send(sender=ben, conversation_id=conversation.pk, body="Or Friday.")

    ada_view = api_as(ada).get("/conversations").json()
    ben_view = api_as(ben).get("/conversations").json()

    assert [(row["other"]["name"], row["unread"]) for row in ada_view] == [("Ben Okafor", 2)]
    assert [(row["other"]["name"], row["unread"]) for row in ben_view] == [("Ada Lovelace", 0)]
    assert set(ada_view[0]) == {"id", "other", "last_message_at", "unread"}
    assert set(ada_view[0]["other"]) == MEMBER_KEYS
    assert ada_view[0]["id"] == conversation.pk
    assert ada_view[0]["last_message_at"] is not None
    assert_no_private_keys(ada_view)


def test_reading_messages_lists_them_oldest_first_and_marks_them_read(pair, api_as):
    ada, ben, conversation = pair
    message_send(sender=ben, conversation_id=conversation.pk, body="Coffee on Thursday?")
    api = api_as(ada)

    response = api.get(f"/conversations/{conversation.pk}/messages")

    assert response.status_code == 200
    rows = response.json()
    assert set(rows[0]) == {
        "id",
        "sender_id",
        "mine",
        "body",
        "created_at",
        "deleted",
        "deleted_at",
    }
    # The request's note opened the thread; Ada sent it.
    assert [(row["sender_id"], row["mine"]) for row in rows] == [(ada.pk, True), (ben.pk, False)]
    assert rows[0]["body"].startswith("Hi Ben")
    assert rows[1]["body"] == "Coffee on Thursday?"
    assert api.get("/conversations").json()[0]["unread"] == 0


def test_limit_returns_the_latest_messages(pair, api_as):
    ada, ben, conversation = pair
    for n in range(3):
        message_send(sender=ben, conversation_id=conversation.pk, body=f"Message {n}")

    rows = api_as(ada).get(f"/conversations/{conversation.pk}/messages", {"limit": 2}).json()
    too_many = api_as(ada).get(f"/conversations/{conversation.pk}/messages", {"limit": 0})

    assert [row["body"] for row in rows] == ["Message 1", "Message 2"]
    assert (too_many.status_code, too_many.json()["field"]) == (422, "limit")


def test_before_pages_back_without_marking_the_thread_read(pair, api_as):
    ada, ben, conversation = pair
    for n in range(4):
        message_send(sender=ben, conversation_id=conversation.pk, body=f"Message {n}")
    api = api_as(ada)
    newest = Message.objects.filter(conversation=conversation).latest("id").pk

    older = api.get(f"/conversations/{conversation.pk}/messages", {"before": newest, "limit": 2})

    assert [row["body"] for row in older.json()] == ["Message 1", "Message 2"]
    assert api.get("/conversations").json()[0]["unread"] == 4


def test_sending_a_message_writes_it_and_the_other_sees_it_unread(pair, api_as):
    ada, ben, conversation = pair

    response = api_as(ada).post(f"/conversations/{conversation.pk}/messages", {"body": " Hello "})

    assert response.status_code == 201
    assert response.json()["body"] == "Hello"
    assert response.json()["mine"] is True
    assert Message.objects.filter(conversation=conversation, sender=ada, body="Hello").exists()
    assert api_as(ben).get("/conversations").json()[0]["unread"] == 1
    assert api_as(ada).get("/conversations").json()[0]["unread"] == 0


def test_an_empty_message_is_refused_on_its_field(pair, api_as):
    ada, _ben, conversation = pair

    response = api_as(ada).post(f"/conversations/{conversation.pk}/messages", {"body": "   "})

    assert (response.status_code, response.json()["field"]) == (422, "body")
    assert Message.objects.count() == 1  # only the note


def test_a_stranger_cannot_see_or_write_to_a_conversation(pair, make_member, api_as):
    _ada, _ben, conversation = pair
    stranger = api_as(make_member("Cy Tran"))

    read = stranger.get(f"/conversations/{conversation.pk}/messages")
    write = stranger.post(f"/conversations/{conversation.pk}/messages", {"body": "Hi!"})

    assert (read.status_code, read.json()["code"]) == (404, "not_found")
    assert (write.status_code, write.json()["code"]) == (404, "not_found")
    assert stranger.get("/conversations").json() == []
    assert Message.objects.count() == 1


def test_after_ending_the_connection_the_thread_is_read_only(pair, api_as):
    ada, ben, conversation = pair
    connection_end(member=ben, other_id=ada.pk)

    for member in (ada, ben):
        api = api_as(member)
        response = api.post(f"/conversations/{conversation.pk}/messages", {"body": "Still there?"})
        assert (response.status_code, response.json()["code"]) == (409, "not_connected")
        assert api.get(f"/conversations/{conversation.pk}/messages").status_code == 200
    assert Message.objects.count() == 1


def test_conversation_lists_cost_the_same_queries_for_3_or_10(make_member, api_as, connect):
    ada = make_member("Ada Lovelace")
    api = api_as(ada)

    def grow(rows: int) -> None:
        for _ in range(rows):
            other = make_member()
            connect(other, ada)
            conversation = conversation_with(member=ada, other_id=other.pk)
            message_send(sender=other, conversation_id=conversation.pk, body="Hello")

    grow(3)
    with_three = api.queries("/conversations")
    grow(7)

    assert len(api.get("/conversations").json()) == 10
    assert api.queries("/conversations") == with_three <= 3


def test_reading_a_thread_costs_the_same_queries_for_3_or_10_messages(pair, api_as):
    ada, ben, conversation = pair
    api = api_as(ada)
    path = f"/conversations/{conversation.pk}/messages"
    for n in range(2):
        message_send(sender=ben, conversation_id=conversation.pk, body=f"Message {n}")
    with_three = api.queries(path)
    for n in range(7):
        message_send(sender=ben, conversation_id=conversation.pk, body=f"More {n}")

    assert len(api.get(path).json()) == 10
    assert api.queries(path) == with_three <= 6


def test_a_member_someone_blocked_sees_only_their_name_in_the_thread(pair, api_as):
    """A thread outlives a block, but the blocked member sees nothing of the blocker's
    profile (docs/security.md), as the conversation's page shows only their name; the
    blocker still sees the blocked member's profile."""
    ada, ben, _conversation = pair
    block_create(blocker=ada, blocked_id=ben.pk)
    ada.headline, ada.location = "Quietly moved on", "Lisbon"
    ada.save(update_fields=["headline", "location"])

    bens_view = api_as(ben).get("/conversations").json()
    adas_view = api_as(ada).get("/conversations").json()

    # The shape of any member's, empty: as one who left their profile empty, so the
    # answer does not tell Ben that a block exists.
    assert [row["other"] for row in bens_view] == [
        {
            "id": ada.pk,
            "username": ada.username,
            "name": "Ada Lovelace",
            **dict.fromkeys(
                ("headline", "organisation", "location", "bio", "can_help_with", "looking_for"),
                "",
            ),
            "interests": [],
            **NO_PHOTO,
        }
    ]
    assert set(bens_view[0]["other"]) == MEMBER_KEYS
    assert set(adas_view[0]["other"]) == MEMBER_KEYS
    assert adas_view[0]["other"]["name"] == "Ben Okafor"
