"""Reads about members."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from rapport.errors import NotFound
from rapport.members.models import ApiToken, Member

SEARCH_LIMIT = 50


def member_search(*, query: str, limit: int = SEARCH_LIMIT) -> QuerySet[Member]:
    """Members whose name, organisation or interests hold every word of ``query``.

    You connect with people you already know, so search is for finding a known
    face, not for browsing strangers: an empty query finds nobody.
    """
    words = query.split()[:6]
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
    return Member.objects.filter(condition, is_active=True).order_by("name", "id")[:limit]


def member_get(*, member_id: int) -> Member:
    member = Member.objects.filter(pk=member_id, is_active=True).first()
    if member is None:
        raise NotFound("No such member.")
    return member


def api_tokens_of(*, member: Member) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(member=member)
