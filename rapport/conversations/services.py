"""Writes about conversations: opening one, sending a message, reading."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from rapport.conversations.models import MESSAGE_MAX, Conversation, Message, ReadMark
from rapport.errors import Conflict, InvalidInput, NotFound
from rapport.keeper.services import interaction_record_message
from rapport.members.models import Member
from rapport.network.models import ConnectionRequest
from rapport.network.selectors import are_connected
from rapport.pairs import ordered_pair


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


def _mark_read(*, conversation_id: int, member_id: int, message_id: int) -> None:
    mark, created = ReadMark.objects.get_or_create(
        conversation_id=conversation_id,
        member_id=member_id,
        defaults={"last_read_message_id": message_id},
    )
    if not created and mark.last_read_message_id < message_id:
        ReadMark.objects.filter(pk=mark.pk).update(last_read_message_id=message_id)


def _conversation_of(*, member: Member, conversation_id: int) -> Conversation:
    conversation = Conversation.objects.filter(pk=conversation_id).first()
    if conversation is None or not conversation.includes(member.pk):
        raise NotFound("No such conversation.")
    return conversation


@transaction.atomic
def message_send(
    *, sender: Member, conversation_id: int, body: str, now: dt.datetime | None = None
) -> Message:
    conversation = _conversation_of(member=sender, conversation_id=conversation_id)
    body = body.strip()
    if not body:
        raise InvalidInput("Write something first.", code="message_empty", field="body")
    if len(body) > MESSAGE_MAX:
        raise InvalidInput(
            f"The message is {len(body)} characters; the limit is {MESSAGE_MAX}.", field="body"
        )
    other_id = conversation.other(sender.pk)
    if not are_connected(a=sender.pk, b=other_id):
        raise Conflict(
            "You are no longer connected, so this conversation is closed.", code="not_connected"
        )
    now = now or timezone.now()
    message = Message.objects.create(
        conversation=conversation, sender=sender, body=body, created_at=now
    )
    Conversation.objects.filter(pk=conversation.pk).update(last_message_at=now)
    _mark_read(conversation_id=conversation.pk, member_id=sender.pk, message_id=message.pk)
    interaction_record_message(
        conversation_id=conversation.pk,
        sender=sender,
        recipient=Member.objects.get(pk=other_id),
        at=now,
    )
    return message


def conversation_mark_read(*, member: Member, conversation: Conversation) -> None:
    if not conversation.includes(member.pk):
        raise NotFound("No such conversation.")
    last_id = (
        Message.objects.filter(conversation=conversation)
        .order_by("-id")
        .values_list("id", flat=True)
        .first()
    )
    if last_id is not None:
        _mark_read(conversation_id=conversation.pk, member_id=member.pk, message_id=last_id)
