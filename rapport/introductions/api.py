"""The introductions operations of the JSON API.

Every rule (who may introduce whom, what each person learns, silent declines) lives
in the services and selectors; these handlers only translate between JSON and them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from ninja import Router, Status

from rapport.error_schemas import AUTHENTICATED, AUTHENTICATED_UNSAFE, error_responses
from rapport.introductions.schemas import IntroductionIn, IntroductionOut
from rapport.introductions.selectors import (
    SHOWN,
    IntroductionView,
    introduction_get,
    introductions_made,
    introductions_received,
)
from rapport.introductions.services import (
    introduction_accept,
    introduction_decline,
    introduction_make,
    introduction_withdraw,
)
from rapport.list_pages import PageNumber, page_window
from rapport.typed_requests import ApiRequest

router = Router(tags=["Introductions"])

# As many as the introductions page shows of each box.
INTRODUCTIONS_PER_PAGE = SHOWN


def _out(view: IntroductionView) -> dict[str, object]:
    intro = view.introduction
    mine = view.role == "introducer"
    return {
        "id": intro.pk,
        "role": view.role,
        "state": view.state,
        "state_label": view.label,
        "introducer": intro.introducer,
        "first": intro.first if mine else None,
        "second": intro.second if mine else None,
        "why_first": intro.why_first if mine else None,
        "why_second": intro.why_second if mine else None,
        "why": None if mine else view.why,
        "other": view.other,
        "conversation_id": view.conversation_id,
        "created_at": intro.created_at,
        "expires_at": intro.expires_at,
    }


@router.get(
    "/introductions",
    summary="List introductions",
    response={200: list[IntroductionOut], **error_responses(*AUTHENTICATED, 422)},
)
def introductions_list(
    request: ApiRequest, box: Literal["received", "made"] | None = None, page: PageNumber = 1
) -> list[dict[str, object]]:
    """Introductions of you to someone (`received`), the ones you made (`made`), or both:
    the received first, then the made.

    Newest first, 100 of each a page (`page` from 1): a page with fewer than 100 of a
    box is that box's last; a page past the end is empty.
    """
    member = request.auth
    window = page_window(page, INTRODUCTIONS_PER_PAGE)
    if window is None:
        return []
    views: list[IntroductionView] = []
    if box in (None, "received"):
        views += introductions_received(
            member=member, limit=INTRODUCTIONS_PER_PAGE, offset=window.start
        )
    if box in (None, "made"):
        views += introductions_made(
            member=member, limit=INTRODUCTIONS_PER_PAGE, offset=window.start
        )
    return [_out(view) for view in views]


@router.post(
    "/introductions",
    summary="Introduce two of your connections",
    response={
        201: IntroductionOut,
        **error_responses(*AUTHENTICATED_UNSAFE, 404, 409, 422, 429),
    },
)
def introduction_create(request: ApiRequest, payload: IntroductionIn) -> Status[dict[str, object]]:
    """Introduce two of your connections; each is asked privately.

    422 `not_your_connection`, `same_person`, `introducing_yourself`, `why_length`,
    `why_names_other`, `note_reads_as_leaflet`; 409 `already_connected`,
    `introduction_pending`; 429 `introductions_per_day` (10 in 24 hours) with
    `retry_at` and `Retry-After`.
    """
    member = request.auth
    made = introduction_make(introducer=member, **payload.dict())
    return Status(201, _out(introduction_get(member=member, introduction_id=made.pk)))


@router.get(
    "/introductions/{id}",
    summary="Get an introduction",
    response={200: IntroductionOut, **error_responses(*AUTHENTICATED, 404)},
)
def introduction_detail(request: ApiRequest, id: int) -> dict[str, object]:
    """One introduction you made or were shown; any other is 404."""
    return _out(introduction_get(member=request.auth, introduction_id=id))


def _answered(request: ApiRequest, id: int, action: Callable[..., object]) -> dict[str, object]:
    action(member=request.auth, introduction_id=id)
    return _out(introduction_get(member=request.auth, introduction_id=id))


@router.post(
    "/introductions/{id}/accept",
    summary="Accept an introduction",
    response={200: IntroductionOut, **error_responses(*AUTHENTICATED_UNSAFE, 404, 409)},
)
def introduction_accept_op(request: ApiRequest, id: int) -> dict[str, object]:
    """Say yes. When both have, `other` and `conversation_id` appear.

    403 `not_introduced` for the introducer; 409 `introduction_expired`,
    `introduction_withdrawn`, `invalid_transition` (answered already).
    """
    return _answered(request, id, introduction_accept)


@router.post(
    "/introductions/{id}/decline",
    summary="Decline an introduction",
    response={200: IntroductionOut, **error_responses(*AUTHENTICATED_UNSAFE, 404, 409)},
)
def introduction_decline_op(request: ApiRequest, id: int) -> dict[str, object]:
    """Say no. The other person is never told; the introducer sees only `declined`."""
    return _answered(request, id, introduction_decline)


@router.post(
    "/introductions/{id}/withdraw",
    summary="Withdraw an introduction you made",
    response={200: IntroductionOut, **error_responses(*AUTHENTICATED_UNSAFE, 404, 409)},
)
def introduction_withdraw_op(request: ApiRequest, id: int) -> dict[str, object]:
    """Withdraw an introduction you made while it waits for answers.

    403 `not_introducer` for the two introduced; 409 when it is decided or expired.
    """
    return _answered(request, id, introduction_withdraw)
