"""Reads about conversations, for one of the two participants only."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.dateparse import parse_datetime

from rapport.conversations.models import Conversation, Message, ReadMark
from rapport.errors import NotFound
from rapport.members.models import Member
from rapport.sql import rows


def conversations_of(*, member: Member) -> QuerySet[Conversation]:
    """The member's conversations, newest first, each with its unread count for them."""
    last_read = ReadMark.objects.filter(conversation=OuterRef("pk"), member=member).values(
        "last_read_message_id"
    )[:1]
    return (
        Conversation.objects.filter(Q(member_low=member) | Q(member_high=member))
        .select_related("member_low", "member_high")
        .annotate(
            last_read=Coalesce(Subquery(last_read, output_field=IntegerField()), Value(0)),
        )
        .annotate(
            unread=Count(
                "messages",
                filter=Q(messages__id__gt=F("last_read")) & ~Q(messages__sender=member),
            )
        )
        .order_by(F("last_message_at").desc(nulls_last=True), "-id")
    )


# The two reads below run on every signed-in page (the navigation's unread badge) and on
# the home page, so they are plain SQL: the ORM spent more time building these queries
# than the database spent answering them (docs/benchmarks.md, "Load"). The home page
# sends them in one round trip with its other reads (web.selectors.home_overview).

# Parameters: the member's id four times. Columns: conversation_id, unread.
UNREAD_SQL = """
    SELECT m.conversation_id AS conversation_id, COUNT(*) AS unread
    FROM conversations_conversation c
    JOIN conversations_message m ON m.conversation_id = c.id
    LEFT JOIN conversations_readmark r ON r.conversation_id = c.id AND r.member_id = %s
    WHERE (c.member_low_id = %s OR c.member_high_id = %s)
      AND m.sender_id <> %s
      AND m.id > COALESCE(r.last_read_message_id, 0)
    GROUP BY m.conversation_id
"""


def unread_by_conversation(*, member_id: int) -> dict[int, int]:
    """Messages from the other side after the member's read mark, per conversation;
    threads with nothing unread are left out. The same rule as ``conversations_of``."""
    return dict(rows(UNREAD_SQL, [member_id] * 4))


def unread_total(*, member: Member) -> int:
    return sum(unread_by_conversation(member_id=member.pk).values())


@dataclass(frozen=True)
class RecentConversation:
    pk: int
    other_id: int
    other_name: str
    last_message_at: dt.datetime | None
    unread: int


# Parameters: the member's id three times, then the limit. Columns: conversation_id,
# last_message_at, other_id, other_name, other_username, in no order
# (``recent_from_rows`` puts them newest first). The latest conversations are chosen
# before the other member is joined: joining every thread's member first cost three
# times as much for a member with twenty threads (docs/benchmarks.md, "Load").
RECENT_SQL = """
    SELECT c.id AS conversation_id, c.last_message_at AS last_message_at,
           o.id AS other_id, o.name AS other_name, o.username AS other_username
    FROM (
        SELECT id, last_message_at,
               CASE WHEN member_low_id = %s THEN member_high_id ELSE member_low_id END
                   AS other_id
        FROM conversations_conversation
        WHERE member_low_id = %s OR member_high_id = %s
        ORDER BY last_message_at DESC NULLS LAST, id DESC
        LIMIT %s
    ) c
    JOIN members_member o ON o.id = c.other_id
"""


def aware(value: dt.datetime | str | None) -> dt.datetime | None:
    """A time from plain SQL: PostgreSQL gives aware datetimes; SQLite naive ones (or
    text) in UTC."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is not None and value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value


def recent_from_rows(found: list[tuple], unread: dict[int, int]) -> list[RecentConversation]:
    """``RECENT_SQL``'s rows as conversations, newest first, with their unread counts."""
    recent = [
        RecentConversation(
            pk=pk,
            other_id=other_id,
            other_name=name or username,
            last_message_at=aware(last_message_at),
            unread=unread.get(pk, 0),
        )
        for pk, last_message_at, other_id, name, username in found
    ]
    never = dt.datetime.min.replace(tzinfo=dt.UTC)
    recent.sort(key=lambda c: (c.last_message_at is not None, c.last_message_at or never, c.pk))
    recent.reverse()
    return recent


def conversations_recent(
    *, member_id: int, limit: int, unread: dict[int, int] | None = None
) -> list[RecentConversation]:
    """The member's latest ``limit`` conversations, newest first, with the other member's
    name and the unread count (from ``unread``, as ``unread_by_conversation`` returns)."""
    if unread is None:
        unread = unread_by_conversation(member_id=member_id)
    return recent_from_rows(rows(RECENT_SQL, [member_id, member_id, member_id, limit]), unread)


# What a thread's page shows of its two members. Loading whole profiles for the
# join cost the conversation page a quarter of its time (docs/benchmarks.md, "Load");
# any other field still loads, with one more query, when something reads it.
_THREAD_FIELDS = (
    "id",
    "member_low_id",
    "member_high_id",
    "origin",
    "created_at",
    "last_message_at",
    "member_low__username",
    "member_low__name",
    "member_high__username",
    "member_high__name",
)


def conversation_get(*, member: Member, conversation_id: int) -> Conversation:
    conversation = (
        Conversation.objects.filter(pk=conversation_id)
        .filter(Q(member_low=member) | Q(member_high=member))
        .select_related("member_low", "member_high")
        .only(*_THREAD_FIELDS)
        .first()
    )
    if conversation is None:
        raise NotFound("No such conversation.")
    return conversation


def conversation_with(*, member: Member, other_id: int) -> Conversation | None:
    low, high = sorted((member.pk, other_id))
    return Conversation.objects.filter(member_low_id=low, member_high_id=high).first()


def members_loaded(conversation: Conversation) -> dict[int, Member]:
    """The conversation's members that came loaded with it (``conversation_get``), by id."""
    members = {}
    for name in ("member_low", "member_high"):
        if Conversation._meta.get_field(name).is_cached(conversation):
            member = getattr(conversation, name)
            members[member.pk] = member
    return members


def messages_of(
    *, conversation: Conversation, limit: int = 200, before: int | None = None
) -> list[Message]:
    """The latest ``limit`` messages (older than message id ``before``), oldest first.

    Each message's ``sender`` is one of the thread's two members: when the conversation
    came with them loaded (``conversation_get``), they are reused rather than joined
    again with every row, which loaded a whole member per message (docs/benchmarks.md,
    "Load"); otherwise the senders are joined as before."""
    messages = Message.objects.filter(conversation=conversation)
    if before is not None:
        messages = messages.filter(id__lt=before)
    members = members_loaded(conversation)
    if len(members) < 2:
        messages = messages.select_related("sender")
    newest = list(messages.order_by("-id")[:limit])
    for message in newest:
        sender = members.get(message.sender_id)
        if sender is not None:
            message.sender = sender
    newest.reverse()
    return newest


def last_read_id(*, member: Member, conversation: Conversation) -> int:
    return (
        ReadMark.objects.filter(conversation=conversation, member=member)
        .values_list("last_read_message_id", flat=True)
        .first()
        or 0
    )
