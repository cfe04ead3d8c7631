"""Writes about conversations: opening one, sending a message, deleting one, reading."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from rapport.conversations.models import MESSAGE_MAX, Conversation, Message
from rapport.conversations.selectors import ReaderMark, last_read_id, members_loaded
from rapport.errors import Conflict, InvalidInput, NotFound, NotPermitted
from rapport.keeper.services import interaction_record_message
from rapport.members.models import Member
from rapport.network.models import ConnectionRequest
from rapport.network.note_quality import note_refuse_if_leaflet
from rapport.network.selectors import CONNECTED_SQL, are_connected
from rapport.pairs import ordered_pair
from rapport.prose import counted_length, paragraphs
from rapport.safety.selectors import BLOCKED_EITHER_WAY_SQL
from rapport.safety.sending_limits import (
    MESSAGES_PER_DAY,
    MESSAGES_PER_MINUTE,
    refuse_beyond,
    sending_lock,
)
from rapport.sql import rows, write


def conversation_open(
    *, a: int, b: int, origin: str = Conversation.Origin.CONNECTION, now: dt.datetime | None = None
) -> Conversation:
    low, high = ordered_pair(a, b)
    conversation, _created = Conversation.objects.get_or_create(
        member_low_id=low,
        member_high_id=high,
        defaults={"origin": origin, "created_at": now or timezone.now()},
    )
    return conversation


def conversations_open_many(
    *, pairs: list[tuple[int, int]], origin: str, now: dt.datetime
) -> dict[tuple[int, int], int]:
    """``conversation_open`` for thousands of pairs at once (a coffee round): one insert
    per batch, existing threads kept. Returns ``{(low, high): conversation id}``."""
    ordered = sorted({ordered_pair(a, b) for a, b in pairs})
    Conversation.objects.bulk_create(
        [
            Conversation(member_low_id=lo, member_high_id=hi, origin=origin, created_at=now)
            for lo, hi in ordered
        ],
        batch_size=1000,
        ignore_conflicts=True,
    )
    wanted = set(ordered)
    found: dict[tuple[int, int], int] = {}
    lows = sorted({lo for lo, _hi in ordered})
    for start in range(0, len(lows), 1000):
        rows = Conversation.objects.filter(member_low_id__in=lows[start : start + 1000])
        for pk, lo, hi in rows.values_list("pk", "member_low_id", "member_high_id"):
            if (lo, hi) in wanted:
                found[(lo, hi)] = pk
    return found


def conversation_open_from_request(*, request: ConnectionRequest, now: dt.datetime) -> Conversation:
    """On acceptance the request's note becomes the thread's first message."""
    conversation = conversation_open(a=request.sender_id, b=request.recipient_id, now=now)
    message = Message.objects.create(
        conversation=conversation, sender_id=request.sender_id, body=request.note, created_at=now
    )
    Conversation.objects.filter(pk=conversation.pk).update(last_message_at=now)
    # The sender wrote it and the recipient has just read it to accept.
    for member_id in (request.sender_id, request.recipient_id):
        _mark_read(conversation_id=conversation.pk, member_id=member_id, message_id=message.pk)
    interaction_record_message(
        conversation_id=conversation.pk, sender=request.sender, recipient=request.recipient, at=now
    )
    return conversation


# Members who are not connected may still write when something brought them together
# (an introduction both accepted, a coffee pairing). Those features register a check
# here in their AppConfig.ready, so conversations never import them.
_openers: list[Callable[[int, int], bool]] = []


def conversation_opener_register(opener: Callable[[int, int], bool]) -> None:
    """Add ``opener(a_id, b_id) -> bool``; registering the same function twice is harmless."""
    if opener not in _openers:
        _openers.append(opener)


def conversation_is_open(*, a: int, b: int, connected: bool | None = None) -> bool:
    """Whether the two may write: connected (``connected``, when the caller has read it),
    or brought together by a registered feature."""
    if connected is None:
        connected = are_connected(a=a, b=b)
    return connected or _opened_by_a_feature(a=a, b=b)


def _opened_by_a_feature(*, a: int, b: int) -> bool:
    return any(opener(a, b) for opener in _openers)


def conversation_open_for_introduction(
    *, a: int, b: int, introducer: Member, body: str, now: dt.datetime
) -> Conversation:
    """An introduction both accepted opens (or reuses) their thread with the introducer's note.

    The note is the introducer's, not either participant's: it is unread for both, and
    it records no interaction in their keepers.
    """
    conversation = conversation_open(a=a, b=b, origin=Conversation.Origin.INTRODUCTION, now=now)
    Message.objects.create(
        conversation=conversation, sender=introducer, body=body[:MESSAGE_MAX], created_at=now
    )
    Conversation.objects.filter(pk=conversation.pk).update(last_message_at=now)
    return conversation


# Moves a read mark forward, never back, and makes it if the member has none: one
# statement, on PostgreSQL and SQLite alike, where reading the mark first took two.
_READ_UP_TO_SQL = """
    INSERT INTO conversations_readmark (conversation_id, member_id, last_read_message_id)
    VALUES (%s, %s, %s)
    ON CONFLICT (conversation_id, member_id) DO UPDATE
    SET last_read_message_id = excluded.last_read_message_id
    WHERE conversations_readmark.last_read_message_id < excluded.last_read_message_id
"""


def _mark_read(*, conversation_id: int, member_id: int, message_id: int) -> None:
    write(_READ_UP_TO_SQL, [conversation_id, member_id, message_id])


def _conversation_of(*, member: Member, conversation_id: int) -> Conversation:
    conversation = Conversation.objects.filter(pk=conversation_id).first()
    if conversation is None or not conversation.includes(member.pk):
        raise NotFound("No such conversation.")
    return conversation


# What a message needs to know of its two members before it is written, in one
# query: whether either blocked the other, whether they are connected, whether the
# sender has written in the thread before (the first message is coached), and how
# many messages the sender has sent in the last minute and the last 24 hours (the
# sending limits, ``rapport.safety.sending_limits``; the ``message_sender_created_at``
# index reads only those). Each rule's SQL is its own app's. Parameters: sender, other,
# other, sender; the pair's lower and higher id; the conversation and the sender; the
# sender, a minute ago, now; the sender, a day ago, now.
_SENT_SINCE_SQL = """(
    SELECT COUNT(*) FROM conversations_message
    WHERE sender_id = %s AND created_at > %s AND created_at <= %s
)"""
_SEND_CHECKS_SQL = f"""
    SELECT {BLOCKED_EITHER_WAY_SQL}, {CONNECTED_SQL},
           EXISTS (SELECT 1 FROM conversations_message WHERE conversation_id = %s AND sender_id = %s),
           {_SENT_SINCE_SQL}, {_SENT_SINCE_SQL}
"""  # noqa: S608 - constants only


@dataclass(frozen=True)
class _SendChecks:
    blocked: bool
    connected: bool
    wrote_before: bool
    sent_last_minute: int
    sent_last_day: int


def _send_checks(
    *, sender_id: int, other_id: int, conversation_id: int, now: dt.datetime
) -> _SendChecks:
    low, high = ordered_pair(sender_id, other_id)
    stamp = connection.ops.adapt_datetimefield_value
    params = [
        *(sender_id, other_id, other_id, sender_id, low, high, conversation_id, sender_id),
        *(sender_id, stamp(now - MESSAGES_PER_MINUTE.window), stamp(now)),
        *(sender_id, stamp(now - MESSAGES_PER_DAY.window), stamp(now)),
    ]
    blocked, connected, wrote_before, minute, day = rows(_SEND_CHECKS_SQL, params)[0]
    return _SendChecks(bool(blocked), bool(connected), bool(wrote_before), minute, day)


def _refuse_beyond_sending_limits(*, sender: Member, checks: _SendChecks, now: dt.datetime) -> None:
    """Refuse a message past the burst or the daily limit, saying when the next one is
    possible. The times are read only then: below the limits, the counts suffice."""
    for limit, sent in (
        (MESSAGES_PER_MINUTE, checks.sent_last_minute),
        (MESSAGES_PER_DAY, checks.sent_last_day),
    ):
        if sent < limit.limit:
            continue
        refuse_beyond(limit, Message.objects.filter(sender=sender), now=now)


@transaction.atomic
def message_send(
    *,
    sender: Member,
    conversation_id: int,
    body: str,
    now: dt.datetime | None = None,
    conversation: Conversation | None = None,
) -> Message:
    """Send ``body`` in the sender's conversation ``conversation_id``.

    ``conversation`` is that conversation when the caller has loaded it already (the
    page has, to show it, with both members): it is not read again, nor is the
    recipient.

    Past the sender's sending limits (a burst a minute, a day's worth:
    ``rapport.safety.sending_limits``), ``BudgetExceeded`` says when the next message
    is possible, and nothing is written."""
    if conversation is None or conversation.pk != conversation_id:
        conversation = _conversation_of(member=sender, conversation_id=conversation_id)
    elif not conversation.includes(sender.pk):
        raise NotFound("No such conversation.")
    other_id = conversation.other(sender.pk)
    # Before the count, so that two messages sent at once are counted one after the other.
    sending_lock("messages", member_id=sender.pk)
    # The time is read once the lock is held: read before, a send that waited would
    # not count one written meanwhile with a later time (sending_limits.py).
    now = now or timezone.now()
    checks = _send_checks(
        sender_id=sender.pk, other_id=other_id, conversation_id=conversation.pk, now=now
    )
    blocked, connected = checks.blocked, checks.connected
    if blocked:
        raise NotFound("No such conversation.")
    # Kept with its paragraphs and counted as the API counts it (``rapport.prose``); the
    # first message's coach reads it as kept, as the other member will.
    body = paragraphs(body)
    if not body:
        raise InvalidInput("Write something first.", code="message_empty", field="body")
    if counted_length(body) > MESSAGE_MAX:
        raise InvalidInput(
            f"The message is {counted_length(body):,} characters; the limit is {MESSAGE_MAX:,}.",
            field="body",
        )
    if not (connected or _opened_by_a_feature(a=sender.pk, b=other_id)):
        raise Conflict(
            "You are no longer connected, so this conversation is closed.", code="not_connected"
        )
    _refuse_beyond_sending_limits(sender=sender, checks=checks, now=now)
    if not checks.wrote_before:
        _coach_first_message(sender=sender, conversation=conversation, other_id=other_id, body=body)
    message = Message.objects.create(
        conversation=conversation, sender=sender, body=body, created_at=now
    )
    Conversation.objects.filter(pk=conversation.pk).update(last_message_at=now)
    _mark_read(conversation_id=conversation.pk, member_id=sender.pk, message_id=message.pk)
    interaction_record_message(
        conversation_id=conversation.pk,
        sender=sender,
        recipient=members_loaded(conversation).get(other_id) or Member.objects.get(pk=other_id),
        at=now,
        connected=connected,
    )
    return message


@transaction.atomic
def message_delete(
    *,
    member: Member,
    conversation_id: int,
    message_id: int,
    now: dt.datetime | None = None,
) -> Message:
    """Delete the member's own message ``message_id`` in their conversation
    ``conversation_id``, at any time, and give back what is left of it: a tombstone.

    Deletion erases (DESIGN.md): the body is emptied in the row itself, not hidden, and
    the database refuses a deleted message with a body (``deleted_message_erased``).
    What stays is the message's place, sender and time, shown to both as "Message
    deleted", so the thread still reads in order.

    Deleting does not undo that the two talked that day: the "message" interaction in
    each keeper (``keeper.services.interaction_record_message``) holds no text, only
    the day, and the conversation did happen, so keeping in touch, reciprocity and the
    audit still count it. The thread's ``last_message_at`` stays for the same reason.
    A deleted message no longer counts as unread, nor waits for a notification mail
    (``selectors.UNREAD_SQL``, ``notifications.selectors``).

    Allowed whether or not the two are still connected, and after a block either way:
    a member's own words are theirs to take back, and the thread stays readable to
    both. The other member's message (or an introducer's note) is refused with 403:
    the member can see it, so refusing reveals nothing. Deleting a deleted message
    changes nothing and gives the same tombstone.
    """
    conversation = _conversation_of(member=member, conversation_id=conversation_id)
    message = Message.objects.filter(pk=message_id, conversation=conversation).first()
    if message is None:
        raise NotFound("No such message.")
    if message.sender_id != member.pk:
        raise NotPermitted("You can only delete messages you sent.", code="not_sender")
    if message.deleted_at is None:
        now = now or timezone.now()
        # Conditional, so two deletes at once write once and keep the first time.
        erased = Message.objects.filter(pk=message.pk, deleted_at__isnull=True).update(
            body="", deleted_at=now
        )
        if erased:
            message.body, message.deleted_at = "", now
        else:
            message.refresh_from_db(fields=["body", "deleted_at"])
    message.conversation = conversation
    message.sender = member
    return message


# What brought two members together, as a request context, for the leaflet score.
_ORIGIN_CONTEXT: dict[str, str] = {
    Conversation.Origin.INTRODUCTION: "introduced",
    Conversation.Origin.COFFEE: "coffee",
}


def _coach_first_message(
    *, sender: Member, conversation: Conversation, other_id: int, body: str
) -> None:
    """A member's first message (the caller knows it is) in a thread no request note
    opened is scored like a note.

    After an introduction or a coffee pairing the first thing each one writes is
    their note: a leaflet there is refused with the same reasons a request gets. After
    an introduction, as for a request that names its introducer, the reasons do not ask
    the writer to say who introduced the two (both said yes to that introducer, whose
    note opens the thread), but what the introducer told them and why the two should
    talk (``insights.notes.INTRODUCER_NAMED_HINT``).
    """
    low, high = ordered_pair(sender.pk, other_id)
    if ConnectionRequest.objects.filter(
        member_low_id=low, member_high_id=high, state="accepted"
    ).exists():
        return
    introducer = None
    if conversation.origin == Conversation.Origin.INTRODUCTION:
        introducer = _introducer_of(conversation=conversation)
    try:
        note_refuse_if_leaflet(
            sender=sender,
            note=body,
            recipient=Member.objects.get(pk=other_id),
            context=_ORIGIN_CONTEXT.get(conversation.origin),
            introducer=introducer,
        )
    except InvalidInput as refused:
        raise InvalidInput(refused.message, code=refused.code, field="body") from None


def _introducer_of(*, conversation: Conversation) -> Member | None:
    """Who introduced the two members of ``conversation``, as the thread shows it.

    An introduction both accepted writes its introducer's note into the thread
    (``conversation_open_for_introduction``), the only message a third member ever
    sends there; a thread reused by a later introduction holds a note from each, and
    the latest is the introduction the two just said yes to. The note is read rather
    than the ``introductions.Introduction`` that points at the thread, because
    conversations never import the features that open them (``_openers``).

    Named as the introduction page names them to either side: by name, across a block
    with either side too (the introduction outlives it, ``introductions.selectors.
    hidden_by_block``), so the advice tells no one of a block. A block between the two
    themselves closes the thread before any message is coached. An introducer who
    left Rapport took the introduction and its note with them (deletion erases): the
    thread closes unless the two connected since, and were it open, nobody is named."""
    note = (
        Message.objects.filter(conversation=conversation)
        .exclude(sender_id__in=(conversation.member_low_id, conversation.member_high_id))
        .select_related("sender")
        .order_by("-created_at", "-id")
        .first()
    )
    return note.sender if note is not None else None


def conversation_mark_read(
    *, member: Member, conversation: Conversation, up_to: int | None = None
) -> None:
    """The member has read the conversation up to message ``up_to`` (by default its
    latest). Nothing is written when they had read that far: a page is read far more
    often than a message arrives, and on PostgreSQL even a write that changes nothing
    locks the row and commits."""
    if not conversation.includes(member.pk):
        raise NotFound("No such conversation.")
    if up_to is None:
        up_to = (
            Message.objects.filter(conversation=conversation)
            .order_by("-id")
            .values_list("id", flat=True)
            .first()
        )
        if up_to is None:
            return
    mark = getattr(conversation, "read_mark", None)  # conversation_get's, if it was the reader's
    read = mark.last_read if mark is not None and mark.member_id == member.pk else None
    if read is None:
        read = last_read_id(member=member, conversation=conversation)
    if up_to > read:
        _mark_read(conversation_id=conversation.pk, member_id=member.pk, message_id=up_to)
        if mark is not None and mark.member_id == member.pk:
            conversation.read_mark = ReaderMark(member_id=member.pk, last_read=up_to)
