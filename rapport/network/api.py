"""Requests and connections over the API.

Every rule (the cap, the budgets, silent declines, who may do what) lives in the
services; these handlers only translate between JSON and those calls.
"""

from __future__ import annotations

from typing import Literal, cast

from ninja import Query, Router, Status

from rapport.conversations.models import Conversation
from rapport.conversations.selectors import conversation_with
from rapport.error_schemas import AUTHENTICATED, AUTHENTICATED_UNSAFE, error_responses
from rapport.list_pages import PageNumber, page_of
from rapport.members.models import Member
from rapport.members.schemas import profile_withheld
from rapport.members.selectors import member_get
from rapport.network.models import ConnectionRequest
from rapport.network.schemas import (
    AcceptOut,
    ConnectionOut,
    DeclineIn,
    IncomingRequestOut,
    OutgoingRequestOut,
    RequestIn,
)
from rapport.network.selectors import (
    connections_of,
    requests_outgoing,
    requests_waiting,
    visible_state,
)
from rapport.network.services import (
    connection_end,
    connection_request_accept,
    connection_request_decline,
    connection_request_send,
    connection_request_withdraw,
)
from rapport.network.states import Context
from rapport.photos.selectors import faces_attached
from rapport.typed_requests import ApiRequest

router = Router()

# As many as the requests page shows of those you sent.
REQUESTS_PER_PAGE = 100


def _request_fields(request: ConnectionRequest) -> dict[str, object]:
    return {
        "id": request.pk,
        "context": request.context,
        "context_label": Context.labels.get(request.context, request.context),
        "context_detail": request.context_detail,
        "verified": request.verified,
        "introducer": request.introducer,
        "note": request.note,
        "offer": request.offer,
        "created_at": request.created_at,
        "expires_at": request.expires_at,
    }


def _incoming(request: ConnectionRequest) -> dict[str, object]:
    return {**_request_fields(request), "sender": request.sender}


def _outgoing(request: ConnectionRequest, *, viewer_id: int) -> dict[str, object]:
    if hasattr(request, "recipient_photo_hash"):  # read by ``requests_outgoing``
        faces_attached(request, "recipient", "introducer")
    recipient: Member | dict[str, object] = request.recipient
    if getattr(request, "recipient_blocked_me", False):  # read by ``requests_outgoing``
        # What the requests page shows them: the name, and nothing of the profile.
        recipient = profile_withheld(request.recipient)
    return {
        **_request_fields(request),
        "recipient": recipient,
        "state": visible_state(request, viewer_id=viewer_id),
    }


@router.post(
    "/requests",
    summary="Send a connection request",
    tags=["Requests"],
    response={
        201: OutgoingRequestOut,
        **error_responses(*AUTHENTICATED_UNSAFE, 400, 404, 409, 422, 429),
    },
)
def request_send(request: ApiRequest, payload: RequestIn) -> Status[dict[str, object]]:
    """Ask a member to connect, saying how you know them, with a personal note.

    400 `request_to_self`; 409 `already_connected`, `request_pending`,
    `request_pending_reverse`; 422 names the field at fault, and `note_reads_as_leaflet`
    says what makes the note read like a leaflet and how to fix it; 429 `budget_pending`
    or `budget_week` with `retry_at` and a `Retry-After` header.
    """
    member = request.auth
    sent = connection_request_send(sender=member, **payload.model_dump())
    # Read back as the outgoing list reads it: the recipient's and the introducer's
    # photos as each lets the sender see them.
    sent = requests_outgoing(member=member).get(pk=sent.pk)
    return Status(201, _outgoing(sent, viewer_id=member.pk))


@router.get(
    "/requests",
    summary="List your requests",
    tags=["Requests"],
    response={
        200: list[IncomingRequestOut] | list[OutgoingRequestOut],
        **error_responses(*AUTHENTICATED, 422),
    },
)
def requests_list(
    request: ApiRequest,
    box: Query[Literal["incoming", "outgoing"]] = "incoming",
    page: PageNumber = 1,
) -> list[dict[str, object]]:
    """`incoming`: requests waiting for your answer. `outgoing`: the ones you sent, in
    every state but withdrawn.

    Newest first, 100 a page (`page` from 1): a page of fewer than 100 is the last; a
    page past the end is empty. Neither is bounded: every member may have one waiting
    for you, and the ones you sent stay listed once answered."""
    member = request.auth
    if box == "outgoing":
        sent = page_of(requests_outgoing(member=member), page, REQUESTS_PER_PAGE)
        return [_outgoing(one, viewer_id=member.pk) for one in sent]
    waiting = page_of(requests_waiting(member=member), page, REQUESTS_PER_PAGE)
    return [_incoming(received) for received in waiting]


@router.post(
    "/requests/{id}/accept",
    summary="Accept a request",
    tags=["Requests"],
    response={200: AcceptOut, **error_responses(*AUTHENTICATED_UNSAFE, 404, 409, 422)},
)
def request_accept(request: ApiRequest, id: int) -> dict[str, object]:
    """Accept a request sent to you: you connect, and the note opens your conversation.

    403 `not_recipient` for the sender; 409 `at_capacity` when you are at your cap,
    `other_at_capacity` when they are.
    """
    member = request.auth
    connection = connection_request_accept(member=member, request_id=id)
    other = member_get(member_id=connection.other(member.pk))
    # Accepting opened it in the same transaction, so it is there.
    conversation = cast(Conversation, conversation_with(member=member, other_id=other.pk))
    return {
        "connection": {"member": other, "since": connection.created_at},
        "conversation_id": conversation.pk,
    }


@router.post(
    "/requests/{id}/decline",
    summary="Decline a request",
    tags=["Requests"],
    response={204: None, **error_responses(*AUTHENTICATED_UNSAFE, 404, 409, 422)},
)
def request_decline(request: ApiRequest, id: int, payload: DeclineIn | None = None) -> Status[None]:
    """Decline silently: the sender is never told. Answers 204 with no body.

    The body is optional: `{"reason": "dont_know"}` says "I don't know this person",
    which the sender is not told either.
    """
    reason = payload.reason if payload is not None else ""
    connection_request_decline(member=request.auth, request_id=id, reason=reason)
    return Status(204, None)


@router.post(
    "/requests/{id}/withdraw",
    summary="Withdraw a request you sent",
    tags=["Requests"],
    response={204: None, **error_responses(*AUTHENTICATED_UNSAFE, 404, 409, 422)},
)
def request_withdraw(request: ApiRequest, id: int) -> Status[None]:
    """Withdraw a request you sent. Answers 204 with no body."""
    connection_request_withdraw(member=request.auth, request_id=id)
    return Status(204, None)


@router.get(
    "/connections",
    summary="List your connections",
    tags=["Connections"],
    response={200: list[ConnectionOut], **error_responses(*AUTHENTICATED)},
)
def connections_list(request: ApiRequest) -> list[dict[str, object]]:
    """Your active connections, by name, with the day you connected.

    Not paged: at most the connection cap (150 unless the operator set
    `RAPPORT_CONNECTION_CAP`), which accepting a request checks for both members."""
    return [
        {"member": view.member, "since": view.since} for view in connections_of(member=request.auth)
    ]


@router.delete(
    "/connections/{member_id}",
    summary="End a connection",
    tags=["Connections"],
    response={204: None, **error_responses(*AUTHENTICATED_UNSAFE, 404, 422)},
)
def connection_delete(request: ApiRequest, member_id: int) -> Status[None]:
    """End a connection quietly; it moves to your past connections. Answers 204."""
    connection_end(member=request.auth, other_id=member_id)
    return Status(204, None)
