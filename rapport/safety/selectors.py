"""Who is blocked from whom. Other apps import these to hide members from each other."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from rapport.safety.models import Block


def blocked_either_way(a_id: int, b_id: int) -> bool:
    """True when either member blocked the other: a block is symmetric in effect."""
    return Block.objects.filter(
        Q(blocker_id=a_id, blocked_id=b_id) | Q(blocker_id=b_id, blocked_id=a_id)
    ).exists()


def blocked_ids(member_id: int) -> set[int]:
    """The members this one must never meet: those they blocked and those who blocked them."""
    ids: set[int] = set()
    for blocker_id, blocked_id in Block.objects.filter(
        Q(blocker_id=member_id) | Q(blocked_id=member_id)
    ).values_list("blocker_id", "blocked_id"):
        ids.add(blocked_id if blocker_id == member_id else blocker_id)
    return ids


def blocks_of(*, member) -> QuerySet[Block]:
    """The blocks this member made, newest first. Blocks made against them stay unseen."""
    return Block.objects.filter(blocker=member).select_related("blocked")


def has_blocked(*, blocker_id: int, blocked_id: int) -> bool:
    return Block.objects.filter(blocker_id=blocker_id, blocked_id=blocked_id).exists()
