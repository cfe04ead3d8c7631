"""A conversation counts once a day in each keeper, on its owner's own calendar.

Ana lives in London (UTC+0 in November), Kenji in Tokyo (UTC+9). Ana's 23:30 UTC
message on Monday 2 November 2026 is Monday evening for her and Tuesday 08:30 for
him; his reply at 00:30 UTC is Tuesday for both of them.
"""

from __future__ import annotations

import datetime as dt
import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rapport.conversations.selectors import conversation_with
from rapport.keeper.models import Interaction

migration = importlib.import_module("rapport.keeper.migrations.0008_message_days_say_who_wrote")

ACCEPTED = dt.datetime(2026, 10, 30, 12, 0, tzinfo=dt.UTC)
MONDAY_LATE = dt.datetime(2026, 11, 2, 23, 30, tzinfo=dt.UTC)


def _signed_in(member) -> Client:
    client = Client()
    client.force_login(member)
    return client


@pytest.fixture
def thread(make_member, connect, time_machine):
    time_machine.move_to(ACCEPTED, tick=False)
    ana = make_member("Ana Ruiz", time_zone="Europe/London")
    kenji = make_member("Kenji Sato", time_zone="Asia/Tokyo")
    connect(ana, kenji)
    conversation = conversation_with(member=ana, other_id=kenji.pk)

    def post(sender, at: dt.datetime, body: str) -> int:
        """Send ``body`` from the conversation's page at ``at``; the queries it took."""
        time_machine.move_to(at, tick=False)
        url = reverse("conversation", args=[conversation.pk])
        client = _signed_in(sender)
        with CaptureQueriesContext(connection) as captured:
            response = client.post(url, {"body": body}, HTTP_HX_REQUEST="true")
        assert response.status_code == 200
        return len(captured)

    return ana, kenji, conversation, post


def _message_days(owner, conversation) -> list[tuple[str, dt.datetime]]:
    """The owner's "message" interactions for the conversation since it was opened:
    the day each is recorded under, and the first message's time that day."""
    prefix = f"rapport-conversation:{conversation.pk}:"
    return [
        (key.removeprefix(prefix), at)
        for key, at in Interaction.objects.filter(
            owner=owner, kind="message", occurred_at__gt=ACCEPTED
        )
        .order_by("occurred_at")
        .values_list("external_key", "occurred_at")
    ]


def test_each_member_counts_the_conversation_on_their_own_days(thread):
    ana, kenji, conversation, post = thread

    post(ana, MONDAY_LATE, "How was the workshop?")  # Mon 23:30 London, Tue 08:30 Tokyo
    post(kenji, MONDAY_LATE + dt.timedelta(hours=1), "Long, but good.")  # Tue 00:30 / 09:30
    post(ana, MONDAY_LATE + dt.timedelta(hours=15), "Glad to hear.")  # Tue 14:30 / 23:30
    post(kenji, MONDAY_LATE + dt.timedelta(hours=16), "Talk soon.")  # Tue 15:30 / Wed 00:30

    assert _message_days(ana, conversation) == [
        ("2026-11-02", MONDAY_LATE),
        ("2026-11-03", MONDAY_LATE + dt.timedelta(hours=1)),
    ]
    assert _message_days(kenji, conversation) == [
        ("2026-11-03", MONDAY_LATE),
        ("2026-11-04", MONDAY_LATE + dt.timedelta(hours=16)),
    ]


def test_a_reply_between_two_zones_costs_what_it_did_in_utc(thread):
    """The zones come with the thread's members: counting each one's own day reads
    nothing more. A reply the same day: the session, the thread with both members,
    the savepoint, the send checks, the message, the thread's time, the read mark, both
    keepers with their day's interactions, the last contact, the savepoint's release
    (tests/web/test_hot_path_queries.py bounds it for the load benchmark). PostgreSQL
    also takes the sender's sending-limit lock first, a statement of its own so that the
    count after it sees every message committed while it waited
    (rapport/safety/sending_limits.py); SQLite's write lock is the transaction's."""
    ana, kenji, _conversation, post = thread
    post(ana, MONDAY_LATE, "First of the day for both.")
    post(kenji, MONDAY_LATE + dt.timedelta(minutes=5), "His first: coached, a query more.")
    lock = 1 if connection.vendor == "postgresql" else 0

    assert post(ana, MONDAY_LATE + dt.timedelta(minutes=10), "A reply the same day.") == 10 + lock


def _directions(owner, conversation) -> dict[str, str]:
    """The direction of each of the owner's days of the conversation, by day."""
    prefix = f"rapport-conversation:{conversation.pk}:"
    return {
        key.removeprefix(prefix): direction
        for key, direction in Interaction.objects.filter(
            owner=owner, external_key__startswith=prefix
        ).values_list("external_key", "direction")
    }


def test_a_day_reads_as_who_wrote_that_day_on_each_members_calendar(thread):
    """One side writing is giving, the other side's keeper receiving; a day on which
    both wrote is mutual. The request's note alone (30 October) went one way."""
    ana, kenji, conversation, post = thread

    post(ana, MONDAY_LATE, "How was the workshop?")  # Mon 23:30 London, Tue 08:30 Tokyo
    assert _directions(ana, conversation) == {"2026-10-30": "gave", "2026-11-02": "gave"}
    assert _directions(kenji, conversation) == {"2026-10-30": "received", "2026-11-03": "received"}

    post(kenji, MONDAY_LATE + dt.timedelta(hours=1), "Long, but good.")  # Tue 00:30 / 09:30
    # Ana's Monday stays hers alone; his Tuesday has both of them in it.
    assert _directions(ana, conversation) == {
        "2026-10-30": "gave",
        "2026-11-02": "gave",
        "2026-11-03": "received",
    }
    assert _directions(kenji, conversation) == {"2026-10-30": "received", "2026-11-03": "mutual"}

    post(ana, MONDAY_LATE + dt.timedelta(hours=15), "Glad to hear.")  # Tue 14:30 / 23:30
    post(ana, MONDAY_LATE + dt.timedelta(hours=15, minutes=5), "Really.")
    assert _directions(ana, conversation)["2026-11-03"] == "mutual"
    assert _directions(kenji, conversation)["2026-11-03"] == "mutual"


def test_unanswered_messages_stay_given(thread):
    ana, kenji, conversation, post = thread
    for minutes in (0, 5, 10):  # Mon 21:30 London, Tue 06:30 Tokyo, and on
        post(ana, MONDAY_LATE - dt.timedelta(hours=2) + dt.timedelta(minutes=minutes), "Hello?")

    assert _directions(ana, conversation)["2026-11-02"] == "gave"
    assert _directions(kenji, conversation)["2026-11-03"] == "received"


def test_a_reply_that_makes_the_day_mutual_costs_one_query_more(thread):
    """The day's first message from the second side turns both keepers' day to
    mutual: one UPDATE for the two rows, once a day at most; every later message of
    the day finds them mutual and costs what it did (the test above)."""
    ana, kenji, _conversation, post = thread
    post(ana, MONDAY_LATE - dt.timedelta(hours=3), "First of the day for both.")
    post(ana, MONDAY_LATE - dt.timedelta(hours=2, minutes=55), "Hers again: no change.")
    lock = 1 if connection.vendor == "postgresql" else 0
    # His first message to her: coached (a query more), and the day turns mutual.
    assert post(kenji, MONDAY_LATE - dt.timedelta(hours=2, minutes=50), "Glad you wrote.") == (
        10 + lock + 1 + 1
    )


def _run_migration(function) -> None:
    # The migration's functions ask the schema editor only for its connection.
    function(apps, SimpleNamespace(connection=connection))


def test_the_migration_reads_past_days_from_the_messages_and_goes_back_to_mutual(thread):
    """Days logged before they said who wrote were all mutual. The migration reads each
    keeper's day from the messages between its first message and the next day's (each
    owner's own calendar, so a day is what was logged, whatever zone it was logged in)."""
    ana, kenji, conversation, post = thread
    post(ana, MONDAY_LATE, "How was the workshop?")
    post(kenji, MONDAY_LATE + dt.timedelta(hours=1), "Long, but good.")
    post(ana, MONDAY_LATE + dt.timedelta(hours=15), "Glad to hear.")
    post(ana, MONDAY_LATE + dt.timedelta(days=3), "Nothing back yet.")
    live = {member: _directions(member, conversation) for member in (ana, kenji)}
    by_hand = Interaction.objects.create(
        owner=ana, occurred_at=MONDAY_LATE, kind="call", direction="gave", created_at=ACCEPTED
    )

    _run_migration(migration.all_mutual_again)
    assert {d for member in (ana, kenji) for d in _directions(member, conversation).values()} == {
        "mutual"
    }

    _run_migration(migration.say_who_wrote)
    assert {member: _directions(member, conversation) for member in (ana, kenji)} == live
    assert live[ana] == {
        "2026-10-30": "gave",
        "2026-11-02": "gave",
        "2026-11-03": "mutual",
        "2026-11-05": "gave",
    }
    by_hand.refresh_from_db()
    assert by_hand.direction == "gave"
