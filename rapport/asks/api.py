"""The asks operations of the JSON API.

Who may see what (the poster's connections only; answers for the poster and their
author only) lives in the selectors and services; these handlers translate.
"""

from __future__ import annotations

from typing import Literal

from django.utils import timezone
from ninja import Router, Status

from rapport.asks.models import Ask, AskAnswer
from rapport.asks.schemas import AnswerIn, AnswerOut, AskDetailOut, AskIn, AskOut, CloseIn
from rapport.asks.selectors import (
    SHOWN,
    answers_for,
    ask_get,
    asks_board,
    asks_of,
    helpers_of,
    visible_state,
)
from rapport.asks.services import ask_answer, ask_close, ask_post, ask_withdraw
from rapport.error_schemas import AUTHENTICATED, AUTHENTICATED_UNSAFE, error_responses
from rapport.list_pages import PageNumber, page_window
from rapport.members.models import Member
from rapport.typed_requests import ApiRequest

router = Router(tags=["Asks and offers"])

# As many as the asks page shows.
ASKS_PER_PAGE = SHOWN


def _ask(ask: Ask, *, viewer: Member, helpers: list[Member] | None = None) -> dict[str, object]:
    return {
        "id": ask.pk,
        "kind": ask.kind,
        "title": ask.title,
        "detail": ask.detail,
        "state": visible_state(ask),
        "poster": ask.poster,
        "mine": ask.poster_id == viewer.pk,
        "created_at": ask.created_at,
        "expires_at": ask.expires_at,
        "closed_at": ask.closed_at,
        "favour": ask.favour,
        "helpers": helpers or [],
    }


def _answer(answer: AskAnswer, *, viewer: Member) -> dict[str, object]:
    return {
        "id": answer.pk,
        "author": answer.author,
        "mine": answer.author_id == viewer.pk,
        "body": answer.body,
        "created_at": answer.created_at,
    }


def _detail(ask: Ask, *, viewer: Member) -> dict[str, object]:
    return {
        **_ask(ask, viewer=viewer, helpers=helpers_of(viewer=viewer, ask=ask)),
        "answers": [_answer(a, viewer=viewer) for a in answers_for(viewer=viewer, ask=ask)],
    }


@router.get(
    "/asks",
    summary="List asks and offers",
    response={200: list[AskOut], **error_responses(*AUTHENTICATED, 422)},
)
def asks_list(
    request: ApiRequest,
    box: Literal["board", "mine"] = "board",
    kind: Literal["ask", "offer"] | None = None,
    page: PageNumber = 1,
) -> list[dict[str, object]]:
    """`board`: your connections' open asks and offers; `mine`: your own, in every state.

    Newest first, 100 a page (`page` from 1): a page of fewer than 100 is the last; a
    page past the end is empty.
    """
    member = request.auth
    window = page_window(page, ASKS_PER_PAGE)
    if window is None:
        return []
    if box == "mine":
        rows = asks_of(poster=member, kind=kind, limit=ASKS_PER_PAGE, offset=window.start)
        for ask in rows:
            ask.poster = member  # yours: no query per row for the poster
    else:
        rows = asks_board(
            viewer=member, kind=kind, now=timezone.now(), limit=ASKS_PER_PAGE, offset=window.start
        )
    return [_ask(ask, viewer=member) for ask in rows]


@router.post(
    "/asks",
    summary="Post an ask or an offer",
    response={201: AskDetailOut, **error_responses(*AUTHENTICATED_UNSAFE, 409, 422, 429)},
)
def ask_create(request: ApiRequest, payload: AskIn) -> Status[dict[str, object]]:
    """Post an ask or an offer; only your connections will see it.

    422 `title_length`, `detail_length`; 409 `asks_open_limit` (5 open at once), or
    `ask_already_open` (field `title`) when the same one, in any capitals, is open;
    429 `asks_per_day` (10 posted in 24 hours) with `retry_at` and `Retry-After`.
    """
    member = request.auth
    posted = ask_post(poster=member, **payload.dict())
    return Status(201, _detail(posted, viewer=member))


@router.get(
    "/asks/{id}",
    summary="Get an ask",
    response={200: AskDetailOut, **error_responses(*AUTHENTICATED, 404)},
)
def ask_detail(request: ApiRequest, id: int) -> dict[str, object]:
    """One ask, with the answers you may see. 404 unless you posted it or are connected
    with whoever did."""
    return _detail(ask_get(viewer=request.auth, ask_id=id), viewer=request.auth)


@router.post(
    "/asks/{id}/answers",
    summary="Answer an ask",
    response={201: AnswerOut, **error_responses(*AUTHENTICATED_UNSAFE, 404, 409, 422, 429)},
)
def ask_answer_create(request: ApiRequest, id: int, payload: AnswerIn) -> Status[dict[str, object]]:
    """Answer a connection's ask privately. 403 `own_ask`; 409 `ask_closed`, `ask_expired`,
    `answer_already_sent` (the same words as your last answer to it: sent twice); 429
    `answers_per_day` (50 in 24 hours) with `retry_at` and `Retry-After`."""
    member = request.auth
    answer = ask_answer(author=member, ask_id=id, body=payload.body)
    return Status(201, _answer(answer, viewer=member))


@router.post(
    "/asks/{id}/close",
    summary="Close your ask",
    response={200: AskDetailOut, **error_responses(*AUTHENTICATED_UNSAFE, 404, 409, 422)},
)
def ask_close_op(request: ApiRequest, id: int, payload: CloseIn) -> dict[str, object]:
    """Close your ask, recording who helped in both keepers. 404 unless it is yours.

    422 `helper_unknown`, `helper_self`, `helpers_too_many`, `favour_unknown`;
    409 `invalid_transition` once closed or withdrawn.
    """
    member = request.auth
    closed = ask_close(poster=member, ask_id=id, **payload.dict())
    return _detail(closed, viewer=member)


@router.post(
    "/asks/{id}/withdraw",
    summary="Withdraw your ask",
    response={200: AskDetailOut, **error_responses(*AUTHENTICATED_UNSAFE, 404, 409)},
)
def ask_withdraw_op(request: ApiRequest, id: int) -> dict[str, object]:
    """Take your open ask off the board, crediting nobody. 404 unless it is yours."""
    member = request.auth
    return _detail(ask_withdraw(poster=member, ask_id=id), viewer=member)
