"""Reads about members."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from rapport.errors import NotFound
from rapport.members.models import ApiToken, Member, PendingEmail, TwoStep
from rapport.safety.models import Block

SEARCH_LIMIT = 50


def member_search(
    *, query: str, viewer: Member | None = None, limit: int = SEARCH_LIMIT
) -> QuerySet[Member]:
    """Members whose name, organisation or interests hold every word of ``query``.

    You connect with people you already know, so search is for finding a known
    face, not for browsing strangers: an empty query finds nobody. A block hides
    the two members from each other's searches, whichever of them asked for it.
    """
    # A control character is no part of a name; NUL would match everyone on SQLite
    # and is refused by PostgreSQL.
    printable = "".join(ch if ch.isprintable() else " " for ch in query)
    words = printable.split()[:6]
    if not words:
        return Member.objects.none()
    condition = Q()
    for word in words:
        condition &= (
            Q(name__icontains=word)
            | Q(username__iexact=word)
            | Q(organisation__icontains=word)
            | Q(interests__icontains=word)
        )
    found = Member.objects.filter(condition, is_active=True)
    if viewer is not None:
        found = found.exclude(
            pk__in=Block.objects.filter(blocker=viewer).values("blocked")
        ).exclude(pk__in=Block.objects.filter(blocked=viewer).values("blocker"))
    return found.order_by("name", "id")[:limit]


def member_get(*, member_id: int, viewer: Member | None = None) -> Member:
    """One active member, as ``viewer`` may see them.

    Someone who blocked the viewer is "no such member" to them, word for word, so
    a blocked member cannot tell a block from a deleted account. The blocker still
    sees the member they blocked: that is where they undo it.
    """
    found = Member.objects.filter(pk=member_id, is_active=True)
    if viewer is not None and viewer.pk != member_id:
        found = found.exclude(pk__in=Block.objects.filter(blocked=viewer).values("blocker"))
    member = found.first()
    if member is None:
        raise NotFound("No such member.")
    return member


def api_tokens_of(*, member: Member) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(member=member)


def email_pending_of(*, member: Member) -> PendingEmail | None:
    """The new address the member asked for and has not confirmed yet, if any."""
    return PendingEmail.objects.filter(member_id=member.pk).first()


def two_step_of(*, member: Member) -> TwoStep | None:
    """The member's two-step sign-in, on or being set up, if any, with how many of its
    recovery codes are unused as ``recovery_codes_left``: one query."""
    return (
        TwoStep.objects.filter(member_id=member.pk)
        .annotate(
            recovery_codes_left=Count(
                "recovery_codes", filter=Q(recovery_codes__used_at__isnull=True)
            )
        )
        .first()
    )


def two_step_required(*, member_id: int) -> bool:
    """Whether signing in as this member asks for a code after the password."""
    return TwoStep.objects.filter(member_id=member_id, confirmed_at__isnull=False).exists()
