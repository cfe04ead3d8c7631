"""Conversations over the API: one-to-one threads between connected members."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import P, QueryEx, Router, Status

from rapport.conversations.models import Conversation, Message
from rapport.conversations.schemas import ConversationOut, MessageIn, MessageOut
from rapport.conversations.selectors import conversation_get, conversations_of, messages_of
from rapport.conversations.services import conversation_mark_read, message_send
from rapport.error_schemas import AUTHENTICATED, AUTHENTICATED_UNSAFE, error_responses
from rapport.members.models import Member

router = Router(tags=["conversations"])

MESSAGES_LIMIT = 200


def _conversation(conversation: Conversation, *, viewer: Member) -> dict[str, object]:
    other = (
        conversation.member_high
        if conversation.member_low_id == viewer.pk
        else conversation.member_low
    )
    return {
        "id": conversation.pk,
        "other": other,
        "last_message_at": conversation.last_message_at,
        "unread": conversation.unread,
    }


def _message(message: Message, *, viewer: Member) -> dict[str, object]:
    return {
        "id": message.pk,
        "sender_id": message.sender_id,
        "mine": message.sender_id == viewer.pk,
        "body": message.body,
        "created_at": message.created_at,
    }


@router.get(
    "/conversations", response={200: list[ConversationOut], **error_responses(*AUTHENTICATED)}
)
def conversations_list(request: HttpRequest) -> list[dict[str, object]]:
    """Your conversations, latest message first, each with your own unread count."""
    member = request.auth
    return [_conversation(c, viewer=member) for c in conversations_of(member=member)]


@router.get(
    "/conversations/{id}/messages",
    response={200: list[MessageOut], **error_responses(*AUTHENTICATED, 404, 422)},
)
def messages_list(
    request: HttpRequest,
    id: int,
    limit: QueryEx[int, P(ge=1, le=MESSAGES_LIMIT)] = MESSAGES_LIMIT,
    before: QueryEx[int | None, P(ge=1)] = None,
) -> list[dict[str, object]]:
    """The latest `limit` messages, oldest first; `before` (a message id) pages back.

    Reading the latest page marks the thread read; paging back does not.
    """
    member = request.auth
    conversation = conversation_get(member=member, conversation_id=id)
    messages = messages_of(conversation=conversation, limit=limit, before=before)
    if before is None and messages:
        conversation_mark_read(member=member, conversation=conversation, up_to=messages[-1].pk)
    return [_message(message, viewer=member) for message in messages]


@router.post(
    "/conversations/{id}/messages",
    response={201: MessageOut, **error_responses(*AUTHENTICATED_UNSAFE, 404, 409, 422)},
)
def message_create(request: HttpRequest, id: int, payload: MessageIn) -> Status[dict[str, object]]:
    """Send a message. 409 `not_connected` once either of you has ended the connection."""
    member = request.auth
    message = message_send(sender=member, conversation_id=id, body=payload.body)
    return Status(201, _message(message, viewer=member))
