"""Reads about conversations, for one of the two participants only."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypedDict, cast

from django.db import connection, models
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from rapport.conversations.models import Conversation, Message, ReadMark
from rapport.errors import NotFound
from rapport.members.member_sql import MEMBER_NAME_FIELDS
from rapport.members.models import Member
from rapport.model_rows import row_parts, row_shape
from rapport.network.models import ConnectionRequest
from rapport.network.selectors import WAITING_COUNT_SQL
from rapport.photos.selectors import photo_hash_seen, photo_hash_sql
from rapport.safety.models import Block
from rapport.sql import rows

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class ConversationListed(TypedDict):
    """What ``conversations_of`` adds to each conversation it reads."""

    last_read: int
    other_member_id: int
    other_photo_hash: str | None
    other_blocked_me: bool
    unread: int


def conversations_of(
    *, member: Member
) -> QuerySet[WithAnnotations[Conversation, ConversationListed]]:
    """The member's conversations, newest first, each with its unread count for them and
    the other member's photo's hash (``other_photo_hash``), as they let the member see
    it: a conversation outlives a block, and the one who blocked shows no photo, nor
    anything of their profile but their name (``other_blocked_me``)."""
    last_read = ReadMark.objects.filter(conversation=OuterRef("pk"), member=member).values(
        "last_read_message_id"
    )[:1]
    other_id = Case(
        When(member_low_id=member.pk, then=F("member_high_id")), default=F("member_low_id")
    )
    return (
        Conversation.objects.filter(Q(member_low=member) | Q(member_high=member))
        .select_related("member_low", "member_high")
        .annotate(
            last_read=Coalesce(Subquery(last_read, output_field=IntegerField()), Value(0)),
            other_member_id=other_id,
        )
        .annotate(
            other_photo_hash=photo_hash_seen("other_member_id", viewer_id=member.pk),
            other_blocked_me=Exists(
                Block.objects.filter(blocker_id=OuterRef("other_member_id"), blocked_id=member.pk)
            ),
        )
        .annotate(
            unread=Count(
                "messages",
                filter=Q(messages__id__gt=F("last_read"))
                & ~Q(messages__sender=member)
                & Q(messages__deleted_at__isnull=True),
            )
        )
        .order_by(F("last_message_at").desc(nulls_last=True), "-id")
    )


# The two reads below run on every signed-in page (the navigation's unread badge) and on
# the home page, so they are plain SQL: the ORM spent more time building these queries
# than the database spent answering them (docs/benchmarks.md, "Load"). The home page
# sends them in one round trip with its other reads (web.selectors.home_overview).

# What makes a message ``m`` unread for the member whose id is the one parameter, with
# their read mark ``r`` joined: the other side sent it, after the mark, and it is not
# deleted (a deleted message says nothing, so a count that included it would point at
# nothing). The unread badge, the lists and the notification mail share this one rule.
UNREAD_MESSAGE_SQL = """m.sender_id <> %s
      AND m.id > COALESCE(r.last_read_message_id, 0)
      AND m.deleted_at IS NULL"""

# Parameters: the member's id four times. Columns: conversation_id, unread.
UNREAD_SQL = f"""
    SELECT m.conversation_id AS conversation_id, COUNT(*) AS unread
    FROM conversations_conversation c
    JOIN conversations_message m ON m.conversation_id = c.id
    LEFT JOIN conversations_readmark r ON r.conversation_id = c.id AND r.member_id = %s
    WHERE (c.member_low_id = %s OR c.member_high_id = %s)
      AND {UNREAD_MESSAGE_SQL}
    GROUP BY m.conversation_id
"""  # noqa: S608 - column names only


def unread_by_conversation(*, member_id: int) -> dict[int, int]:
    """Messages from the other side after the member's read mark, and not deleted, per
    conversation; threads with nothing unread are left out. The same rule as
    ``conversations_of``."""
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
    # The other member's photo as the member may see it (rapport.photos.selectors).
    other_photo_hash: str | None = None


# Parameters: the member's id four times, then the limit. Columns: conversation_id,
# last_message_at, other_id, other_name, other_username, other_photo_hash, in no order
# (``recent_from_rows`` puts them newest first). The latest conversations are chosen
# before the other member is joined: joining every thread's member first cost three
# times as much for a member with twenty threads (docs/benchmarks.md, "Load").
RECENT_SQL = f"""
    SELECT c.id AS conversation_id, c.last_message_at AS last_message_at,
           o.id AS other_id, o.name AS other_name, o.username AS other_username,
           {photo_hash_sql("o.id", "%s")} AS other_photo_hash
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
"""  # noqa: S608 - built from constants: the photos app's rule, with a placeholder


def aware(value: dt.datetime | str | None) -> dt.datetime | None:
    """A time from plain SQL: PostgreSQL gives aware datetimes; SQLite naive ones (or
    text) in UTC."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is not None and value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value


def recent_from_rows(
    found: list[tuple[Any, ...]], unread: dict[int, int]
) -> list[RecentConversation]:
    """``RECENT_SQL``'s rows as conversations, newest first, with their unread counts."""
    recent = [
        RecentConversation(
            pk=pk,
            other_id=other_id,
            other_name=name or username,
            last_message_at=aware(last_message_at),
            unread=unread.get(pk, 0),
            other_photo_hash=photo_hash,
        )
        for pk, last_message_at, other_id, name, username, photo_hash in found
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
    return recent_from_rows(rows(RECENT_SQL, [member_id] * 4 + [limit]), unread)


# The page's four more columns: whether the two are connected, the reader's unread
# messages in their other threads (the navigation's number, this thread being read now),
# the other member's photo's hash as the reader may see it (none when they blocked
# the reader: a thread outlives a block), and the requests waiting for the reader's
# answer (the navigation's other number, the network app's rule). Parameters: the
# reader's id six times, then the reader's id and the time now.
# (PostgreSQL sums bigints as numeric, hence the cast.)
_OTHER_MEMBER = "CASE WHEN c.member_low_id = %s THEN c.member_high_id ELSE c.member_low_id END"
_PAGE_COLUMNS = f"""
    EXISTS (SELECT 1 FROM network_connection n
            WHERE n.member_low_id = c.member_low_id AND n.member_high_id = c.member_high_id),
    (SELECT CAST(COALESCE(SUM(u.unread), 0) AS INTEGER)
     FROM ({UNREAD_SQL}) u WHERE u.conversation_id <> c.id),
    {photo_hash_sql(f"({_OTHER_MEMBER})", "%s")},
    (SELECT wc.waiting FROM ({WAITING_COUNT_SQL}) wc)
"""  # noqa: S608 - constants: the unread rule of ``unread_by_conversation``, the photos and
# network apps' rules


# A thread as its page and the API read it, in one prepared query: the conversation,
# the name and username of each member (loading whole profiles cost the page a quarter
# of its time; any other field still loads, with a query, when something reads it), and
# how far the reader has read. Through the ORM, building this query took longer than
# the database took to answer it (docs/benchmarks.md, "Load").
# Each member's time zone comes too: a reply records its day in the other's keeper on
# their own calendar (``keeper.services.interaction_record_message``).
THREAD_MEMBER_FIELDS = (*MEMBER_NAME_FIELDS, "time_zone")


@functools.cache
def _thread_sql(page: bool) -> str:
    """Parameters: with ``page``, the reader's id six times, the reader's id again and
    the time now; then the reader's id, the conversation's id and the reader's id twice."""
    member = row_shape(Member, THREAD_MEMBER_FIELDS)
    extra = f", {_PAGE_COLUMNS}" if page else ""
    return f"""
        SELECT {row_shape(Conversation).select("c")}, {member.select("lo")},
               {member.select("hi")}, COALESCE(r.last_read_message_id, 0){extra}
        FROM conversations_conversation c
        JOIN members_member lo ON lo.id = c.member_low_id
        JOIN members_member hi ON hi.id = c.member_high_id
        LEFT JOIN conversations_readmark r ON r.conversation_id = c.id AND r.member_id = %s
        WHERE c.id = %s AND (c.member_low_id = %s OR c.member_high_id = %s)
    """  # noqa: S608 - no value is written into the text, only column lists


@dataclass(frozen=True)
class ReaderMark:
    """How far the member who loaded a conversation had read it, when they did."""

    member_id: int
    last_read: int


def _thread_from_row(reader_id: int, row: Sequence[Any]) -> tuple[Conversation, Sequence[Any]]:
    """The conversation of a ``_thread_sql`` row, its members and the reader's read mark
    attached; and the row's remaining columns."""
    conversation_shape = row_shape(Conversation)
    member = row_shape(Member, THREAD_MEMBER_FIELDS)
    conversation_row, low_row, high_row, rest = row_parts(row, conversation_shape, member, member)
    conversation = conversation_shape.instance(conversation_row)
    conversation.member_low = member.instance(low_row)
    conversation.member_high = member.instance(high_row)
    # COALESCE(r.last_read_message_id, 0): a message id, or 0.
    conversation.read_mark = ReaderMark(member_id=reader_id, last_read=cast(int, rest[0]))
    return conversation, rest[1:]


def conversation_get(*, member: Member, conversation_id: int) -> Conversation:
    """The member's conversation ``conversation_id`` with both its members' names, and
    how far the member has read it (``read_mark``); NotFound if it is not theirs."""
    me = member.pk
    found = rows(_thread_sql(page=False), [me, conversation_id, me, me])
    if not found:
        raise NotFound("No such conversation.")
    return _thread_from_row(me, found[0])[0]


@dataclass(frozen=True)
class ConversationPage:
    thread: Conversation  # as ``conversation_get`` gives it
    connected: bool
    unread_elsewhere: int  # the reader's unread messages in their other conversations
    waiting: int  # the requests waiting for the reader's answer
    # The other member's photo as the reader may see it (rapport.photos.selectors).
    other_photo_hash: str | None = None


def conversation_page(*, member: Member, conversation_id: int) -> ConversationPage:
    """What a conversation's page shows besides its messages, in one query."""
    me = member.pk
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    params = [me] * 7 + [now, me, conversation_id, me, me]
    found = rows(_thread_sql(page=True), params)
    if not found:
        raise NotFound("No such conversation.")
    thread, (connected, unread_elsewhere, other_photo_hash, waiting) = _thread_from_row(
        me, found[0]
    )
    return ConversationPage(
        thread=thread,
        connected=bool(connected),
        unread_elsewhere=unread_elsewhere,
        waiting=waiting,
        other_photo_hash=other_photo_hash,
    )


@dataclass(frozen=True)
class SuggestedFirstMessage:
    """A first message that what brought the two together (a coffee pairing) suggests
    to one of them, pointed to where they write: not put in the box, which would send
    it for them at a careless click."""

    why: str  # "The coffee round of 2 November 2026 paired you"
    body: str  # for the reader alone: the other has their own
    offered_at: str  # the page that offers it to send as it is or change


# Features that open conversations suggest a first message there. Like ``_openers`` in
# services, they register in their AppConfig.ready, so conversations never import them.
# A suggester answers for a member and their conversation, and gives None once either
# of the two has written since what it suggests for.
_suggesters: list[Callable[[Member, Conversation], SuggestedFirstMessage | None]] = []


def first_message_suggester_register(
    suggester: Callable[[Member, Conversation], SuggestedFirstMessage | None],
) -> None:
    """Add ``suggester(member, conversation)``; registering it twice is harmless."""
    if suggester not in _suggesters:
        _suggesters.append(suggester)


def first_message_suggested(
    *, member: Member, conversation: Conversation
) -> SuggestedFirstMessage | None:
    """The first suggestion a registered feature makes to ``member`` in ``conversation``."""
    for suggester in _suggesters:
        suggested = suggester(member, conversation)
        if suggested is not None:
            return suggested
    return None


def conversation_with(*, member: Member, other_id: int) -> Conversation | None:
    low, high = sorted((member.pk, other_id))
    return Conversation.objects.filter(member_low_id=low, member_high_id=high).first()


def members_loaded(conversation: Conversation) -> dict[int, Member]:
    """The conversation's members that came loaded with it (``conversation_get``), by id."""
    members: dict[int, Member] = {}
    for name in ("member_low", "member_high"):
        field = cast("models.ForeignKey[Member, Member]", Conversation._meta.get_field(name))
        if field.is_cached(conversation):
            member = getattr(conversation, name)
            members[member.pk] = member
    return members


@functools.cache
def _messages_sql(before: bool) -> str:
    """Parameters: the conversation's id, with ``before`` the message id to page back
    from, then the limit."""
    older = "AND m.id < %s" if before else ""
    return f"""
        SELECT {row_shape(Message).select("m")} FROM conversations_message m
        WHERE m.conversation_id = %s {older} ORDER BY m.id DESC LIMIT %s
    """  # noqa: S608 - no value is written into the text, only a column list


def messages_of(
    *, conversation: Conversation, limit: int = 200, before: int | None = None
) -> list[Message]:
    """The latest ``limit`` messages (older than message id ``before``), oldest first.

    The senders are the ones that came loaded with the conversation (its two members,
    from ``conversation_get``), and any other (an introduction's note is the
    introducer's) read with one query, rather than one member joined with every row
    (docs/benchmarks.md, "Load")."""
    params: list[object] = [conversation.pk]
    if before is not None:
        params.append(before)
    params.append(limit)
    shape = row_shape(Message)
    newest = [shape.instance(row) for row in rows(_messages_sql(before is not None), params)]
    members = members_loaded(conversation)
    missing = {message.sender_id for message in newest} - members.keys()
    if missing:
        members |= Member.objects.in_bulk(missing)
    for message in newest:
        message.conversation = conversation
        message.sender = members[message.sender_id]
    newest.reverse()
    return newest


def request_note_deleted(*, request: ConnectionRequest) -> bool:
    """Whether the message an accepted request's note became (its sender's, written at
    the acceptance: ``services.conversation_open_from_request``) was deleted since."""
    if request.decided_at is None:
        return False  # not accepted: no note became a message
    return Message.objects.filter(
        conversation__member_low_id=request.member_low_id,
        conversation__member_high_id=request.member_high_id,
        sender_id=request.sender_id,
        created_at=request.decided_at,
        deleted_at__isnull=False,
    ).exists()


def last_read_id(*, member: Member, conversation: Conversation) -> int:
    return (
        ReadMark.objects.filter(conversation=conversation, member=member)
        .values_list("last_read_message_id", flat=True)
        .first()
        or 0
    )
