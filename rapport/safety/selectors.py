"""Who is blocked from whom. Other apps import these to hide members from each other."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from rapport.photos.selectors import faces_attached, with_faces
from rapport.safety.models import Block
from rapport.sql import rows

if TYPE_CHECKING:
    from rapport.members.models import Member

# Whether either member blocked the other, as an SQL expression, for the reads that
# check it beside other things in one query (sending a message). Parameters: a, b, b, a.
BLOCKED_EITHER_WAY_SQL = """EXISTS (
    SELECT 1 FROM safety_block
    WHERE (blocker_id = %s AND blocked_id = %s) OR (blocker_id = %s AND blocked_id = %s)
)"""
_BLOCKED_EITHER_WAY = f"SELECT {BLOCKED_EITHER_WAY_SQL}"


def blocked_between_sql(a: str, b: str) -> str:
    """Whether either of two members blocked the other, as an SQL expression over the
    SQL expressions ``a`` and ``b`` (columns, or ``%s``), for reads of other apps that
    hide what a block hides in the same query (the home page, the notification mail)."""
    return f"""EXISTS (
    SELECT 1 FROM safety_block sb
    WHERE (sb.blocker_id = {a} AND sb.blocked_id = {b})
       OR (sb.blocker_id = {b} AND sb.blocked_id = {a})
)"""  # noqa: S608 - SQL expressions of the callers' constants only


def blocked_either_way(a_id: int, b_id: int) -> bool:
    """True when either member blocked the other: a block is symmetric in effect."""
    return bool(rows(_BLOCKED_EITHER_WAY, [a_id, b_id, b_id, a_id])[0][0])


def blocked_ids(member_id: int) -> set[int]:
    """The members this one must never meet: those they blocked and those who blocked them."""
    ids: set[int] = set()
    for blocker_id, blocked_id in Block.objects.filter(
        Q(blocker_id=member_id) | Q(blocked_id=member_id)
    ).values_list("blocker_id", "blocked_id"):
        ids.add(blocked_id if blocker_id == member_id else blocker_id)
    return ids


def blocks_of(*, member: Member, window: slice | None = None) -> list[Block]:
    """The blocks this member made, newest first. Blocks made against them stay unseen.
    Each blocked member comes with their photo's hash (``blocked.photo_hash``) as they
    let the blocker see it: the blocker may, unless they blocked the blocker too.
    ``window``, a page of them (the API's); all of them without."""
    blocks = with_faces(Block.objects.filter(blocker=member), "blocked", viewer_id=member.pk)
    if window is not None:
        blocks = blocks[window]
    return [faces_attached(block, "blocked") for block in blocks]


def has_blocked(*, blocker_id: int, blocked_id: int) -> bool:
    return Block.objects.filter(blocker_id=blocker_id, blocked_id=blocked_id).exists()
