"""The safety operations of the JSON API: block, unblock, report, and your blocks.

A member who blocked the caller is "not found" here as everywhere, so the blocked
member learns nothing; the blocker can always unblock.
"""

from __future__ import annotations

from ninja import Router, Status

from rapport.error_schemas import AUTHENTICATED, AUTHENTICATED_UNSAFE, error_responses
from rapport.list_pages import PageNumber, page_window
from rapport.members.schemas import photo_addresses
from rapport.members.selectors import member_get
from rapport.photos.selectors import photo_hash_loaded
from rapport.safety.models import Block
from rapport.safety.schemas import BlockOut, ReportIn, ReportOut
from rapport.safety.selectors import blocks_of, has_blocked
from rapport.safety.services import block_create, block_delete, report_create
from rapport.typed_requests import ApiRequest

router = Router(tags=["Privacy and safety"])

BLOCKS_PER_PAGE = 100


def _block(block: Block, *, photo_hash: str | None) -> dict[str, object]:
    return {
        "member_id": block.blocked_id,
        "name": block.blocked.name,
        "created_at": block.created_at,
        **photo_addresses(block.blocked_id, photo_hash),
    }


@router.get(
    "/blocks",
    summary="List the members you blocked",
    response={200: list[BlockOut], **error_responses(*AUTHENTICATED)},
)
def blocks_list(request: ApiRequest, page: PageNumber = 1) -> list[dict[str, object]]:
    """The members you blocked, newest first, 100 a page (`page` from 1): a page of
    fewer than 100 is the last; a page past the end is empty. Nobody sees who blocked
    them."""
    window = page_window(page, BLOCKS_PER_PAGE)
    if window is None:
        return []
    return [
        _block(block, photo_hash=photo_hash_loaded(block.blocked))
        for block in blocks_of(member=request.auth, window=window)
    ]


@router.post(
    "/members/{id}/block",
    summary="Block a member",
    response={201: BlockOut, **error_responses(*AUTHENTICATED_UNSAFE, 400, 404, 422)},
)
def block_add(request: ApiRequest, id: int) -> Status[dict[str, object]]:
    """Block a member: an open connection ends and open requests close, quietly.

    Blocking again answers 201 with the first block. 400 `self` for yourself.
    """
    other = member_get(member_id=id, viewer=request.auth)
    block = block_create(blocker=request.auth, blocked_id=other.pk)
    # ``member_get`` found them, so they did not block the caller: their photo shows.
    return Status(201, _block(block, photo_hash=photo_hash_loaded(other)))


@router.delete(
    "/members/{id}/block",
    summary="Unblock a member",
    response={204: None, **error_responses(*AUTHENTICATED_UNSAFE, 404, 422)},
)
def block_remove(request: ApiRequest, id: int) -> Status[None]:
    """Unblock. What ended with the block stays ended. 404 when there is no such block."""
    block_delete(blocker=request.auth, blocked_id=id)
    return Status(204, None)


@router.post(
    "/members/{id}/report",
    summary="Report a member to the moderators",
    response={201: ReportOut, **error_responses(*AUTHENTICATED_UNSAFE, 400, 404, 422, 429)},
)
def report_add(request: ApiRequest, id: int, payload: ReportIn) -> Status[dict[str, object]]:
    """Report a member to this instance's moderators; `block: true` also blocks them.

    The reported member is never told. To judge the report, the moderators see what
    that member sent you (their requests, their messages to you, their notes to you
    in introductions, their answers to your asks), never what they sent anyone else.
    `detail` keeps its line breaks; runs of spaces count as one. 422 names the field
    at fault; 429 `reports_per_day` (10 reports in 24 hours) with `retry_at` and
    `Retry-After`, and then nobody is blocked either (`POST /api/members/{id}/block`
    has no limit).
    """
    other = member_get(member_id=id, viewer=request.auth)
    report = report_create(
        reporter=request.auth, reported_id=other.pk, reason=payload.reason, detail=payload.detail
    )
    if payload.block:
        block_create(blocker=request.auth, blocked_id=other.pk)
    return Status(
        201,
        {
            "id": report.pk,
            "member_id": other.pk,
            "reason": report.reason,
            "detail": report.detail,
            "created_at": report.created_at,
            "blocked": has_blocked(blocker_id=request.auth.pk, blocked_id=other.pk),
        },
    )
