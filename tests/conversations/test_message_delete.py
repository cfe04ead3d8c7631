"""Deleting a message one sent: the text is erased from the row, a tombstone keeps its
place, and nothing anywhere (unread counts, mail, exports) still points at it."""

from __future__ import annotations

import datetime as dt
import importlib
import json

import pytest
from django.db import IntegrityError, connection, transaction

from rapport.conversations.models import Message
from rapport.conversations.selectors import (
    conversation_with,
    conversations_of,
    messages_of,
    unread_by_conversation,
    unread_total,
)
from rapport.conversations.services import message_delete, message_send
from rapport.errors import NotFound, NotPermitted
from rapport.keeper.models import Interaction
from rapport.members.data_export import member_data_export
from rapport.network.models import ConnectionRequest
from rapport.network.services import connection_end
from rapport.notifications.selectors import Window, notification_candidates, what_waits_for
from rapport.safety.services import block_create
from rapport.sql import rows
from rapport.web.models import HomeVersion

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
SECRET = "The merger is off; tell nobody before Thursday."


@pytest.fixture
def ana(make_member):
    return make_member("Ana Ruiz", email="ana@example.org")


@pytest.fixture
def ben(make_member):
    return make_member("Ben Okafor", email="ben@example.org")


@pytest.fixture
def thread(ana, ben, connect, time_machine):
    """Ana asked, Ben accepted: their conversation opens with Ana's note."""
    time_machine.move_to(START, tick=False)
    connect(ana, ben)
    time_machine.shift(dt.timedelta(minutes=5))
    return conversation_with(member=ana, other_id=ben.pk)


def stored(message_id: int) -> tuple[str, object]:
    """The row as the database holds it, past any model instance."""
    [(body, deleted_at)] = rows(
        "SELECT body, deleted_at FROM conversations_message WHERE id = %s", [message_id]
    )
    return body, deleted_at


def test_the_sender_deletes_and_the_text_is_gone_from_the_row(ana, ben, thread, time_machine):
    first = message_send(sender=ana, conversation_id=thread.pk, body="Coffee on Thursday?")
    secret = message_send(sender=ana, conversation_id=thread.pk, body=SECRET)
    last = message_send(sender=ben, conversation_id=thread.pk, body="Thursday works.")
    time_machine.shift(dt.timedelta(hours=3))
    deleted_at = START + dt.timedelta(minutes=5, hours=3)

    tombstone = message_delete(member=ana, conversation_id=thread.pk, message_id=secret.pk)

    assert (tombstone.body, tombstone.deleted_at) == ("", deleted_at)
    body, when = stored(secret.pk)
    assert body == ""
    assert when is not None
    assert not Message.objects.filter(body__contains="merger").exists()
    # Its place, sender and time stay, so the thread still reads in order.
    thread_now = messages_of(conversation=thread)
    assert [m.pk for m in thread_now][1:] == [first.pk, secret.pk, last.pk]
    kept = thread_now[2]
    assert (kept.sender_id, kept.created_at, kept.deleted_at) == (
        ana.pk,
        secret.created_at,
        deleted_at,
    )
    # The other messages are untouched.
    assert stored(first.pk) == ("Coffee on Thursday?", None)
    assert stored(last.pk)[0] == "Thursday works."


def test_deleting_again_changes_nothing_and_gives_the_same_tombstone(ana, thread, time_machine):
    sent = message_send(sender=ana, conversation_id=thread.pk, body=SECRET)
    first = message_delete(member=ana, conversation_id=thread.pk, message_id=sent.pk)
    time_machine.shift(dt.timedelta(days=1))
    again = message_delete(member=ana, conversation_id=thread.pk, message_id=sent.pk)
    assert again.deleted_at == first.deleted_at
    row = Message.objects.get(pk=sent.pk)
    assert (row.body, row.deleted_at) == ("", first.deleted_at)


def test_nobody_deletes_the_other_members_message(ana, ben, thread):
    from_ben = message_send(sender=ben, conversation_id=thread.pk, body="Mine, not Ana's.")
    with pytest.raises(NotPermitted) as refused:
        message_delete(member=ana, conversation_id=thread.pk, message_id=from_ben.pk)
    assert refused.value.code == "not_sender"
    assert refused.value.status == 403
    assert stored(from_ben.pk) == ("Mine, not Ana's.", None)


def test_a_stranger_finds_neither_the_conversation_nor_the_message(ana, thread, make_member):
    sent = message_send(sender=ana, conversation_id=thread.pk, body=SECRET)
    cy = make_member("Cy Tran")
    with pytest.raises(NotFound):
        message_delete(member=cy, conversation_id=thread.pk, message_id=sent.pk)
    assert stored(sent.pk) == (SECRET, None)


def test_a_message_of_another_conversation_is_not_found_through_this_one(
    ana, ben, thread, make_member, connect
):
    cy = make_member("Cy Tran")
    connect(cy, ana)
    other = conversation_with(member=ana, other_id=cy.pk)
    elsewhere = message_send(sender=ana, conversation_id=other.pk, body="To Cy only.")
    with pytest.raises(NotFound):
        message_delete(member=ana, conversation_id=thread.pk, message_id=elsewhere.pk)
    with pytest.raises(NotFound):
        message_delete(member=ana, conversation_id=thread.pk, message_id=999_999)
    assert stored(elsewhere.pk) == ("To Cy only.", None)


def test_an_introducers_note_is_not_the_participants_to_delete(make_member, connect):
    from rapport.conversations.services import conversation_open_for_introduction

    ana, ben, ines = make_member("Ana Ruiz"), make_member("Ben Okafor"), make_member("Ines")
    opened = conversation_open_for_introduction(
        a=ana.pk, b=ben.pk, introducer=ines, body="Ana, meet Ben.", now=START
    )
    [note] = messages_of(conversation=opened)
    for member in (ana, ben):
        with pytest.raises(NotPermitted):
            message_delete(member=member, conversation_id=opened.pk, message_id=note.pk)
    # The introducer is not in the thread.
    with pytest.raises(NotFound):
        message_delete(member=ines, conversation_id=opened.pk, message_id=note.pk)


def test_ones_own_words_can_be_taken_back_after_the_connection_ends(ana, ben, thread):
    sent = message_send(sender=ana, conversation_id=thread.pk, body=SECRET)
    connection_end(member=ben, other_id=ana.pk)
    message_delete(member=ana, conversation_id=thread.pk, message_id=sent.pk)
    assert stored(sent.pk)[0] == ""


@pytest.mark.parametrize("blocker", ["ana", "ben"])
def test_a_block_either_way_leaves_each_only_their_own_to_delete(ana, ben, thread, blocker):
    mine = message_send(sender=ana, conversation_id=thread.pk, body=SECRET)
    theirs = message_send(sender=ben, conversation_id=thread.pk, body="Ben's words.")
    if blocker == "ana":
        block_create(blocker=ana, blocked_id=ben.pk)
    else:
        block_create(blocker=ben, blocked_id=ana.pk)

    with pytest.raises(NotPermitted):
        message_delete(member=ana, conversation_id=thread.pk, message_id=theirs.pk)
    with pytest.raises(NotPermitted):
        message_delete(member=ben, conversation_id=thread.pk, message_id=mine.pk)
    message_delete(member=ana, conversation_id=thread.pk, message_id=mine.pk)
    message_delete(member=ben, conversation_id=thread.pk, message_id=theirs.pk)
    assert stored(mine.pk)[0] == stored(theirs.pk)[0] == ""


def test_the_database_refuses_a_deleted_message_with_a_body_and_a_live_one_without(ana, thread):
    sent = message_send(sender=ana, conversation_id=thread.pk, body=SECRET)
    with pytest.raises(IntegrityError), transaction.atomic():
        Message.objects.filter(pk=sent.pk).update(deleted_at=START)
    with pytest.raises(IntegrityError), transaction.atomic():
        Message.objects.filter(pk=sent.pk).update(body="")
    with pytest.raises(IntegrityError), transaction.atomic():
        Message.objects.create(
            conversation=thread, sender=ana, body="Still here", created_at=START, deleted_at=START
        )
    Message.objects.filter(pk=sent.pk).update(body="", deleted_at=START)  # a tombstone: fine
    assert stored(sent.pk)[0] == ""


# Unread -------------------------------------------------------------------------------


def test_a_deleted_message_the_other_had_not_read_is_no_longer_unread(ana, ben, thread):
    kept = message_send(sender=ana, conversation_id=thread.pk, body="Coffee on Thursday?")
    taken_back = message_send(sender=ana, conversation_id=thread.pk, body=SECRET)
    assert unread_total(member=ben) == 2

    message_delete(member=ana, conversation_id=thread.pk, message_id=taken_back.pk)

    assert unread_total(member=ben) == 1
    assert unread_by_conversation(member_id=ben.pk) == {thread.pk: 1}
    assert {c.pk: c.unread for c in conversations_of(member=ben)} == {thread.pk: 1}

    message_delete(member=ana, conversation_id=thread.pk, message_id=kept.pk)
    assert unread_total(member=ben) == 0
    assert unread_by_conversation(member_id=ben.pk) == {}
    assert {c.pk: c.unread for c in conversations_of(member=ben)} == {thread.pk: 0}


def test_a_deleted_message_waits_for_no_notification_mail(ana, ben, thread, time_machine):
    taken_back = message_send(sender=ana, conversation_id=thread.pk, body=SECRET)
    time_machine.shift(dt.timedelta(minutes=15))
    now = START + dt.timedelta(minutes=20)
    assert ben.pk in notification_candidates(now=now)
    assert [c.unread for c in what_waits_for(member=ben, window=Window.at(now)).conversations] == [
        1
    ]

    message_delete(member=ana, conversation_id=thread.pk, message_id=taken_back.pk)

    assert ben.pk not in notification_candidates(now=now)
    assert not what_waits_for(member=ben, window=Window.at(now)).conversations


def test_a_later_message_still_waits_with_only_itself_counted(ana, ben, thread, time_machine):
    taken_back = message_send(sender=ana, conversation_id=thread.pk, body=SECRET)
    message_send(sender=ana, conversation_id=thread.pk, body="Coffee on Thursday?")
    message_delete(member=ana, conversation_id=thread.pk, message_id=taken_back.pk)
    time_machine.shift(dt.timedelta(minutes=15))
    now = START + dt.timedelta(minutes=20)
    assert ben.pk in notification_candidates(now=now)
    [waiting] = what_waits_for(member=ben, window=Window.at(now)).conversations
    assert waiting.unread == 1


def test_deleting_moves_both_members_home_versions(ana, ben, thread):
    """The badge and the home page are kept between changes (rapport/web/home_pages.py):
    the database's own trigger must see the deletion, on both databases."""
    sent = message_send(sender=ana, conversation_id=thread.pk, body=SECRET)
    before = dict(HomeVersion.objects.values_list("member_id", "version"))
    message_delete(member=ana, conversation_id=thread.pk, message_id=sent.pk)
    after = dict(HomeVersion.objects.values_list("member_id", "version"))
    assert after[ana.pk] > before[ana.pk]
    assert after[ben.pk] > before[ben.pk]


def test_the_message_triggers_survive_the_table_rebuild(db):
    """On SQLite the tombstone migration rebuilt the message table, which drops its
    triggers; it put back exactly those migration web.0001 made."""
    if connection.vendor != "sqlite":
        found = rows(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = 'conversations_message'::regclass"
            " AND NOT tgisinternal",
            [],
        )
        assert [name for (name,) in found] == ["web_home_message_written"]
        return
    home = importlib.import_module("rapport.web.migrations.0001_home_version")
    made = sorted(sql.strip() for sql in home._sqlite()[0] if "ON conversations_message " in sql)
    found = rows(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s ORDER BY name",
        ["conversations_message"],
    )
    assert len(made) == 3
    assert sorted(sql for (sql,) in found) == made


# What deleting keeps: the day the two talked -------------------------------------------


def test_the_day_they_talked_still_counts_in_both_keepers(ana, ben, thread):
    sent = message_send(sender=ana, conversation_id=thread.pk, body=SECRET)
    logged = {
        owner.pk: list(
            Interaction.objects.filter(owner=owner, kind="message").values_list(
                "external_key", "occurred_at"
            )
        )
        for owner in (ana, ben)
    }
    assert all(logged.values())

    message_delete(member=ana, conversation_id=thread.pk, message_id=sent.pk)

    for owner in (ana, ben):
        assert (
            list(
                Interaction.objects.filter(owner=owner, kind="message").values_list(
                    "external_key", "occurred_at"
                )
            )
            == logged[owner.pk]
        )
    # ... and the keeper never held the text.
    assert not Interaction.objects.filter(note__contains="merger").exists()
    thread.refresh_from_db()
    assert thread.last_message_at == sent.created_at


# Exports ------------------------------------------------------------------------------


def test_both_exports_hold_the_tombstone_and_not_the_text(ana, ben, thread):
    sent = message_send(sender=ana, conversation_id=thread.pk, body=SECRET)
    message_delete(member=ana, conversation_id=thread.pk, message_id=sent.pk)
    for member in (ana, ben):
        export = member_data_export(member=member)
        assert "merger" not in json.dumps(export, default=str)
        [row] = [r for r in export["records"]["conversations.Message"] if r["id"] == sent.pk]
        assert row["body"] == ""
        assert row["deleted_at"] is not None
        assert row["sender_id"] == ana.pk


def test_a_deleted_opening_note_leaves_the_recipients_export_too(ana, ben, thread):
    """The accepted request's note became the thread's first message: deleting that
    message takes it out of Ben's export; Ana's own record of her request keeps it."""
    request = ConnectionRequest.objects.get(sender=ana, recipient=ben)
    opening = messages_of(conversation=thread)[0]
    assert (opening.sender_id, opening.body) == (ana.pk, request.note)
    fragment = request.note[:30]
    assert fragment in json.dumps(member_data_export(member=ben), default=str)

    message_delete(member=ana, conversation_id=thread.pk, message_id=opening.pk)

    bens = member_data_export(member=ben)
    assert fragment not in json.dumps(bens, default=str)
    [seen] = bens["records"]["network.ConnectionRequest"]
    assert seen["note"] == "" and seen["state"] == "accepted"
    [anas] = member_data_export(member=ana)["records"]["network.ConnectionRequest"]
    assert anas["note"] == request.note


def test_another_message_deleted_leaves_the_recipients_note(ana, ben, thread):
    request = ConnectionRequest.objects.get(sender=ana, recipient=ben)
    sent = message_send(sender=ana, conversation_id=thread.pk, body=SECRET)
    message_delete(member=ana, conversation_id=thread.pk, message_id=sent.pk)
    [seen] = member_data_export(member=ben)["records"]["network.ConnectionRequest"]
    assert seen["note"] == request.note
