"""`rapport seed`: every rule Rapport keeps holds in a generated community, and the same
seed gives the same community."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.conf import settings
from django.core.management import CommandError
from django.db import connection
from django.db.models import Count, F, Max, Min, Q

from rapport.conversations.models import Conversation, Message, ReadMark
from rapport.keeper.models import Interaction, Person
from rapport.members.models import Member
from rapport.network.models import Connection, ConnectionRequest, PastConnection
from rapport.network.states import NOTE_MAX, NOTE_MIN, REQUEST_EXPIRES_AFTER
from rapport.seeding.community import SEED_PASSWORD
from tests.seeding.conftest import MEMBERS, NOW, seed


def _degrees() -> Counter:
    degrees: Counter = Counter()
    for low, high in Connection.objects.values_list("member_low_id", "member_high_id"):
        degrees[low] += 1
        degrees[high] += 1
    return degrees


def _who_wrote(interaction: Interaction) -> str:
    """A seeded conversation day's direction from its messages (days are UTC's here)."""
    _prefix, conversation_id, day = interaction.external_key.split(":")
    start = dt.datetime.fromisoformat(day).replace(tzinfo=dt.UTC)
    senders = set(
        Message.objects.filter(
            conversation_id=int(conversation_id),
            created_at__gte=start,
            created_at__lt=start + dt.timedelta(days=1),
        ).values_list("sender_id", flat=True)
    )
    mine, theirs = interaction.owner_id in senders, bool(senders - {interaction.owner_id})
    return "mutual" if mine and theirs else "gave" if mine else "received"


def test_the_command_prints_what_it_made_and_how_to_sign_in(seeded):
    assert f"Seeding {MEMBERS} members (seed 7)" in seeded
    assert f"password '{SEED_PASSWORD}'" in seeded
    assert "member1, member2" in seeded
    assert Member.objects.count() == MEMBERS
    assert Connection.objects.count() > MEMBERS  # several ties each on average


def test_every_database_constraint_holds(seeded):
    # Foreign keys are checked at commit on SQLite; check them now, by name of table.
    connection.check_constraints()
    assert not ConnectionRequest.objects.filter(member_low__gte=F("member_high")).exists()
    assert not Connection.objects.filter(member_low__gte=F("member_high")).exists()
    assert not Conversation.objects.filter(member_low__gte=F("member_high")).exists()
    lengths = [len(note) for note in ConnectionRequest.objects.values_list("note", flat=True)]
    assert min(lengths) >= NOTE_MIN and max(lengths) <= NOTE_MAX


def test_degrees_are_heavy_tailed(seeded):
    degrees = sorted(_degrees().values())
    median = degrees[len(degrees) // 2]
    assert degrees[-1] >= 3 * median
    assert max(degrees) <= settings.RAPPORT_CONNECTION_CAP


def test_each_connection_came_from_an_accepted_request_whose_note_opened_the_thread(seeded):
    for connection_row in Connection.objects.select_related("request")[:200]:
        request = connection_row.request
        assert request.state == "accepted"
        assert (request.member_low_id, request.member_high_id) == (
            connection_row.member_low_id,
            connection_row.member_high_id,
        )
        assert request.created_at < connection_row.created_at <= request.expires_at
        thread = Conversation.objects.get(
            member_low=connection_row.member_low_id, member_high=connection_row.member_high_id
        )
        first = Message.objects.filter(conversation=thread).order_by("id").first()
        assert first.body == request.note
        assert first.sender_id == request.sender_id
    assert (
        Conversation.objects.count() == Connection.objects.count() + PastConnection.objects.count()
    )


def test_requests_waiting_keep_the_rules_of_the_inbox(seeded):
    pending = ConnectionRequest.objects.filter(state="pending")
    assert pending.exists()
    # Still open, never between connected members, within the sender's budgets.
    assert not pending.filter(expires_at__lte=NOW).exists()
    connected = set(Connection.objects.values_list("member_low_id", "member_high_id"))
    pairs = list(pending.values_list("member_low_id", "member_high_id"))
    assert not connected & set(pairs)
    assert len(pairs) == len(set(pairs))
    open_per_sender = (
        ConnectionRequest.objects.filter(state__in=("pending", "declined"), expires_at__gt=NOW)
        .values("sender")
        .annotate(n=Count("id"))
    )
    assert max(row["n"] for row in open_per_sender) <= settings.RAPPORT_REQUEST_BUDGET_PENDING
    week = (
        ConnectionRequest.objects.filter(created_at__gt=NOW - dt.timedelta(days=7), state="pending")
        .values("sender")
        .annotate(n=Count("id"))
    )
    assert all(row["n"] <= settings.RAPPORT_REQUEST_BUDGET_WEEK for row in week)
    # Answered requests lie in the past, with their decision after them.
    answered = ConnectionRequest.objects.exclude(state="pending")
    assert not answered.filter(decided_at__isnull=True).exists()
    assert not answered.filter(decided_at__lt=F("created_at")).exists()
    assert set(answered.values_list("state", flat=True)) >= {"accepted", "expired", "declined"}
    assert not ConnectionRequest.objects.exclude(
        expires_at=F("created_at") + REQUEST_EXPIRES_AFTER
    ).exists()


def test_threads_run_over_years_and_closed_ones_stop_when_the_tie_ended(seeded):
    span = Message.objects.aggregate(first=Min("created_at"), last=Max("created_at"))
    assert span["last"] <= NOW
    assert span["last"] - span["first"] > dt.timedelta(days=2 * 365)
    # Some threads go on after the note, some stop there.
    per_thread = Counter(Message.objects.values_list("conversation_id", flat=True))
    assert 1 in per_thread.values() and max(per_thread.values()) >= 5
    for past in PastConnection.objects.all()[:50]:
        low, high = sorted((past.owner_id, past.other_id))
        thread = Conversation.objects.get(member_low=low, member_high=high)
        assert not thread.messages.filter(created_at__gt=past.ended_at).exists()
    # last_message_at is the last message, as message_send keeps it.
    mismatched = Conversation.objects.annotate(latest=Max("messages__created_at")).exclude(
        last_message_at=F("latest")
    )
    assert not mismatched.exists()


def test_read_marks_point_at_the_threads_own_messages_and_some_wait_unread(seeded):
    marks = ReadMark.objects.annotate(
        first=Min("conversation__messages__id"), last=Max("conversation__messages__id")
    )
    assert ReadMark.objects.count() == 2 * Conversation.objects.count()
    assert not marks.filter(
        Q(last_read_message_id__lt=F("first")) | Q(last_read_message_id__gt=F("last"))
    ).exists()
    assert marks.filter(last_read_message_id__lt=F("last")).exists()


def test_a_sample_of_members_keep_their_keeper(seeded):
    owners = set(Person.objects.values_list("owner_id", flat=True))
    assert 0 < len(owners) < MEMBERS / 4
    linked = Person.objects.filter(member__isnull=False)
    for person in linked[:100]:
        low, high = sorted((person.owner_id, person.member_id))
        assert Conversation.objects.filter(member_low=low, member_high=high).exists()
    # One "message" interaction per thread and day, keyed as the conversation service keys it.
    days = Interaction.objects.filter(kind="message", source="rapport")
    assert days.exists()
    assert all(
        key.startswith("rapport-conversation:")
        for key in days.values_list("external_key", flat=True)[:50]
    )
    # Each day says who wrote it, as the conversation service would have logged it.
    assert set(days.values_list("direction", flat=True)) == {"gave", "received", "mutual"}
    for interaction in days.order_by("pk")[:30]:
        assert interaction.direction == _who_wrote(interaction)
    assert Interaction.objects.filter(source="manual", favour__in=["advice", "help"]).exists()
    # Circles are layered by closeness: at most 5 people in anyone's 5.
    fives = Person.objects.filter(circle="5").values("owner").annotate(n=Count("id"))
    assert max(row["n"] for row in fives) <= 5
    assert not Person.objects.filter(
        interactions__isnull=False, last_contact_at__isnull=True
    ).exists()


def test_a_second_seed_into_the_same_database_is_refused(seeded):
    with pytest.raises(CommandError, match=f"already has {MEMBERS} members"):
        seed()
    assert Member.objects.count() == MEMBERS


@pytest.mark.argon2  # the module's community was hashed with the production hasher
def test_seeded_members_sign_in_with_the_printed_password(seeded, client):
    assert client.login(username="member1", password=SEED_PASSWORD)
    assert client.get("/").status_code == 200
    thread = Conversation.objects.filter(Q(member_low=1) | Q(member_high=1)).first()
    if thread is not None:
        assert client.get(f"/conversations/{thread.pk}/").status_code == 200
    assert client.get("/api/requests").status_code == 200
