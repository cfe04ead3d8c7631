"""Conversations over the API: one-to-one threads between connected members."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ninja import P, QueryEx, Router, Status

from rapport.conversations.models import Conversation, Message
from rapport.conversations.schemas import ConversationOut, MessageIn, MessageOut
from rapport.conversations.selectors import (
    ConversationListed,
    conversation_get,
    conversations_of,
    messages_of,
)
from rapport.conversations.services import conversation_mark_read, message_delete, message_send
from rapport.error_schemas import AUTHENTICATED, AUTHENTICATED_UNSAFE, error_responses
from rapport.head_requests import asked_with_head
from rapport.list_pages import PageNumber, page_of
from rapport.members.models import Member
from rapport.members.schemas import profile_withheld
from rapport.typed_requests import ApiRequest

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

router = Router(tags=["Conversations"])

MESSAGES_LIMIT = 200

CONVERSATIONS_PER_PAGE = 100


def _conversation(
    conversation: WithAnnotations[Conversation, ConversationListed], *, viewer: Member
) -> dict[str, object]:
    other = (
        conversation.member_high
        if conversation.member_low_id == viewer.pk
        else conversation.member_low
    )
    shown: Member | dict[str, object]
    if conversation.other_blocked_me:
        # What the conversation's page shows them: the name, and nothing of the profile.
        shown = profile_withheld(other)
    else:
        # As ``conversations_of`` read it, where ``photo_hash_loaded`` finds it.
        other.photo_hash = conversation.other_photo_hash  # type: ignore[attr-defined]  # Member declares no photo_hash
        shown = other
    return {
        "id": conversation.pk,
        "other": shown,
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
        "deleted": message.deleted_at is not None,
        "deleted_at": message.deleted_at,
    }


@router.get(
    "/conversations",
    summary="List your conversations",
    response={200: list[ConversationOut], **error_responses(*AUTHENTICATED)},
)
def conversations_list(request: ApiRequest, page: PageNumber = 1) -> list[dict[str, object]]:
    """Your conversations, latest message first, each with your own unread count.

    100 a page (`page` from 1): a page of fewer than 100 is the last; a page past the
    end is empty. Conversations outlive connections, so the list grows for good."""
    member = request.auth
    listed = page_of(conversations_of(member=member), page, CONVERSATIONS_PER_PAGE)
    return [_conversation(c, viewer=member) for c in listed]


@router.get(
    "/conversations/{id}/messages",
    summary="Read a conversation's messages",
    response={200: list[MessageOut], **error_responses(*AUTHENTICATED, 404, 422)},
)
def messages_list(
    request: ApiRequest,
    id: int,
    limit: QueryEx[int, P(ge=1, le=MESSAGES_LIMIT)] = MESSAGES_LIMIT,
    before: QueryEx[int | None, P(ge=1)] = None,
) -> list[dict[str, object]]:
    """The latest `limit` messages, oldest first; `before` (a message id) pages back.

    Reading the latest page marks the thread read; paging back does not, nor does HEAD.
    """
    member = request.auth
    conversation = conversation_get(member=member, conversation_id=id)
    messages = messages_of(conversation=conversation, limit=limit, before=before)
    # A HEAD reads as a GET but leaves the thread unread: only a look (head_requests.py).
    if before is None and messages and not asked_with_head(request):
        conversation_mark_read(member=member, conversation=conversation, up_to=messages[-1].pk)
    return [_message(message, viewer=member) for message in messages]


@router.post(
    "/conversations/{id}/messages",
    summary="Send a message",
    response={201: MessageOut, **error_responses(*AUTHENTICATED_UNSAFE, 404, 409, 422, 429)},
)
def message_create(request: ApiRequest, id: int, payload: MessageIn) -> Status[dict[str, object]]:
    """Send a message. 409 `not_connected` once either of you has ended the connection;
    429 `messages_per_minute` (20 a minute) or `messages_per_day` (500 in 24 hours), with
    `retry_at` and `Retry-After`."""
    member = request.auth
    message = message_send(sender=member, conversation_id=id, body=payload.body)
    return Status(201, _message(message, viewer=member))


@router.delete(
    "/conversations/{id}/messages/{message_id}",
    summary="Delete a message you sent",
    response={200: MessageOut, **error_responses(*AUTHENTICATED_UNSAFE, 404, 422)},
)
def messages_delete(request: ApiRequest, id: int, message_id: int) -> dict[str, object]:
    """Delete a message you sent, at any time: its text is erased for both of you, and
    what stays (its place, sender and time, `deleted: true`) is returned. Deleting it
    again answers the same. 403 `not_sender` for the other member's message; 404 for a
    message that is not in this conversation of yours."""
    member = request.auth
    message = message_delete(member=member, conversation_id=id, message_id=message_id)
    return _message(message, viewer=member)
