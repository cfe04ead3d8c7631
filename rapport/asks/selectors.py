"""Reads about asks and offers, always from one member's point of view.

An ask is visible to its poster and to the poster's current connections; to anyone
else it does not exist. An answer is visible to the poster and its author only.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from rapport.asks.models import Ask, AskAnswer
from rapport.errors import NotFound
from rapport.members.models import Member
from rapport.network.selectors import are_connected, connected_ids
from rapport.photos.selectors import faces_attached, photo_hash_seen, with_faces

SHOWN = 100


def asks_board(
    *,
    viewer: Member,
    kind: str | None = None,
    now: dt.datetime | None = None,
    limit: int = SHOWN,
    offset: int = 0,
) -> list[Ask]:
    """Open asks and offers of the viewer's connections, newest first, each poster with
    their photo's hash (``poster.photo_hash``): a block ends a connection, so every
    poster here lets the viewer see theirs."""
    now = now or timezone.now()
    asks = Ask.objects.filter(
        poster_id__in=connected_ids(member_id=viewer.pk), state="open", expires_at__gt=now
    )
    if kind:
        asks = asks.filter(kind=kind)
    board = with_faces(asks, "poster", viewer_id=None).order_by("-created_at", "-id")[
        offset : offset + limit
    ]
    return [faces_attached(ask, "poster") for ask in board]


def asks_of(
    *, poster: Member, kind: str | None = None, limit: int = SHOWN, offset: int = 0
) -> list[Ask]:
    """The member's own asks and offers (of ``kind`` alone, when given), in every
    state, newest first: ``limit`` of them from ``offset``."""
    asks = Ask.objects.filter(poster=poster)
    if kind:
        asks = asks.filter(kind=kind)
    return list(asks.order_by("-created_at", "-id")[offset : offset + limit])


def visible_state(ask: Ask, *, now: dt.datetime | None = None) -> str:
    """An open ask past its time reads "expired" before the worker gets to it."""
    now = now or timezone.now()
    if ask.state == "open" and ask.expires_at <= now:
        return "expired"
    return ask.state


def ask_visible_to(ask: Ask, *, viewer_id: int) -> bool:
    if ask.poster_id == viewer_id:
        return True
    return ask.state != "withdrawn" and are_connected(a=ask.poster_id, b=viewer_id)


def ask_get(*, viewer: Member, ask_id: int) -> Ask:
    """An ask the viewer may see, its poster with their photo's hash as they let the
    viewer see it (``poster.photo_hash``); any other is "not found"."""
    ask = with_faces(Ask.objects.filter(pk=ask_id), "poster", viewer_id=viewer.pk).first()
    if ask is None or not ask_visible_to(ask, viewer_id=viewer.pk):
        raise NotFound("No such ask.")
    return faces_attached(ask, "poster")


def answers_for(*, viewer: Member, ask: Ask) -> list[AskAnswer]:
    """Every answer for the poster; only their own for anyone else. Each author comes
    with their photo's hash (``author.photo_hash``) as they let the viewer see it: an
    answer outlives a block, and one who blocked the poster since shows none."""
    answers = with_faces(AskAnswer.objects.filter(ask=ask), "author", viewer_id=viewer.pk)
    if ask.poster_id != viewer.pk:
        answers = answers.filter(author=viewer)
    return [faces_attached(answer, "author") for answer in answers.order_by("created_at", "id")]


def helpers_of(*, viewer: Member, ask: Ask) -> list[Member]:
    """Who was recorded as helping: shown to the poster only, each with their photo's
    hash (``photo_hash``) as they let the poster see it (one may have blocked them since)."""
    if ask.poster_id != viewer.pk:
        return []
    return list(
        Member.objects.filter(pk__in=ask.helpers.values("member_id"))
        .annotate(photo_hash=photo_hash_seen("pk", viewer_id=viewer.pk))
        .order_by("name")
    )


def helper_candidates(*, poster: Member, ask: Ask) -> list[Member]:
    """Whom the poster may credit: those who answered first, then their connections."""
    answered = list(
        Member.objects.filter(
            pk__in=AskAnswer.objects.filter(ask=ask).values("author_id"), is_active=True
        ).order_by("name", "id")
    )
    seen = {member.pk for member in answered}
    others = (
        Member.objects.filter(pk__in=connected_ids(member_id=poster.pk), is_active=True)
        .exclude(pk__in=seen)
        .order_by("name", "id")
    )
    return answered + list(others)
