"""Reads about introductions, each shaped by where the viewer stands in it.

The introducer sees both people, both sentences and the outcome, never which side
said no. Each of the two sees the introducer and the sentence written for them, and
learns who the other person is only once both have said yes. A decline by the other
side reads exactly like silence: "waiting for the other person", then "did not go
ahead" when the 14 days are over.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from rapport.errors import NotFound
from rapport.introductions.models import Introduction
from rapport.introductions.states import FOR_INTRODUCER, FOR_SIDE
from rapport.members.models import Member
from rapport.network.models import PastConnection
from rapport.pairs import ordered_pair
from rapport.photos.selectors import faces_attached, with_faces
from rapport.safety.selectors import blocked_between_sql, blocked_ids

SHOWN = 100


@dataclass(frozen=True)
class IntroductionView:
    introduction: Introduction
    role: str  # "introducer" or "introduced"
    state: str  # a key of FOR_INTRODUCER or FOR_SIDE
    # For one of the two: the other person, once both said yes; None before.
    other: Member | None
    # For one of the two: the sentence written for them; empty for the introducer.
    why: str

    @property
    def label(self) -> str:
        table = FOR_INTRODUCER if self.role == "introducer" else FOR_SIDE
        return table[self.state]

    @property
    def can_answer(self) -> bool:
        return self.state == "waiting_for_you"

    @property
    def can_withdraw(self) -> bool:
        return self.role == "introducer" and self.state == "waiting"

    @property
    def conversation_id(self) -> int | None:
        """The opened conversation, for the two in it only."""
        if self.role == "introduced" and self.state == "accepted":
            return self.introduction.conversation_id
        return None


def visible_state(introduction: Introduction, *, viewer_id: int, now: dt.datetime) -> str:
    """The state as ``viewer_id`` may know it."""
    timed_out = introduction.state == "expired" or (
        introduction.state in ("pending", "declined") and now >= introduction.expires_at
    )
    if viewer_id == introduction.introducer_id:
        if introduction.state == "pending":
            return "expired" if timed_out else "waiting"
        return introduction.state
    side = introduction.side_of(viewer_id)
    if side is None:
        raise NotFound("No such introduction.")
    if introduction.state in ("accepted", "withdrawn"):
        return introduction.state
    own = introduction.answer_of(side)
    if own == "declined":
        return "declined_by_you"
    if own == "waiting":
        return "expired" if timed_out else "waiting_for_you"
    return "not_going_ahead" if timed_out else "waiting_for_other"


def hidden_by_block(introduction: Introduction, *, side: str, blocked: set[int]) -> bool:
    """Whether a block hides the introduction from ``side``, who must never meet
    ``blocked`` (``blocked_ids``): a block with the other person, made before or since.
    Neither ever learned who the other was, so its vanishing points at nobody. A block
    with the introducer does not hide it: the introduction outlives it, the introducer
    shown by initials (docs/security.md), since its vanishing would tell the blocked
    side of the block."""
    return introduction.other_id(side) in blocked


def hidden_by_block_sql(alias: str) -> str:
    """``hidden_by_block`` as an SQL expression, for reads that answer it beside other
    things in one query (the notification mail): true when a block stands, either way,
    between the two sides of the introduction aliased ``alias``. For either side that
    is a block with the other person; a block with the introducer is not asked about."""
    return blocked_between_sql(f"{alias}.first_id", f"{alias}.second_id")


FACES = ("introducer", "first", "second")
"""The members an introduction names, each shown with their photo as they let the viewer
see it (``with_faces``): any of them may have blocked the viewer since."""


def _view(introduction: Introduction, *, viewer_id: int, now: dt.datetime) -> IntroductionView:
    state = visible_state(introduction, viewer_id=viewer_id, now=now)
    side = introduction.side_of(viewer_id)
    if side is None:
        return IntroductionView(introduction, "introducer", state, other=None, why="")
    other = None
    if state == "accepted":
        other = introduction.second if side == "first" else introduction.first
    return IntroductionView(
        introduction, "introduced", state, other=other, why=introduction.why_for(side)
    )


def introductions_received(
    *, member: Member, limit: int = SHOWN, offset: int = 0, now: dt.datetime | None = None
) -> list[IntroductionView]:
    """Introductions of ``member`` to someone, newest first, ``limit`` of them from
    ``offset``; withheld ones never show, nor any ``hidden_by_block``."""
    now = now or timezone.now()
    # Left out by the query, so that a page holds ``limit`` whenever there are more.
    blocked = blocked_ids(member.pk)
    rows = with_faces(
        Introduction.objects.filter(Q(first=member) | Q(second=member), withheld=False)
        .exclude(first=member, second_id__in=blocked)
        .exclude(second=member, first_id__in=blocked),
        *FACES,
        viewer_id=member.pk,
    ).order_by("-created_at", "-id")[offset : offset + limit]
    return [_view(faces_attached(row, *FACES), viewer_id=member.pk, now=now) for row in rows]


def introductions_made(
    *, member: Member, limit: int = SHOWN, offset: int = 0, now: dt.datetime | None = None
) -> list[IntroductionView]:
    now = now or timezone.now()
    rows = with_faces(Introduction.objects.filter(introducer=member), *FACES, viewer_id=member.pk)
    return [
        _view(faces_attached(row, *FACES), viewer_id=member.pk, now=now)
        for row in rows.order_by("-created_at", "-id")[offset : offset + limit]
    ]


def introduction_get(
    *, member: Member, introduction_id: int, now: dt.datetime | None = None
) -> IntroductionView:
    """One introduction the member made or was shown; any other is "not found"."""
    introduction = (
        with_faces(Introduction.objects.filter(pk=introduction_id), *FACES, viewer_id=member.pk)
        .filter(
            Q(introducer=member)
            | (Q(first=member) & Q(withheld=False))
            | (Q(second=member) & Q(withheld=False))
        )
        .first()
    )
    side = introduction.side_of(member.pk) if introduction else None
    if introduction is None or (
        side is not None
        and hidden_by_block(introduction, side=side, blocked=blocked_ids(member.pk))
    ):
        raise NotFound("No such introduction.")
    return _view(
        faces_attached(introduction, *FACES), viewer_id=member.pk, now=now or timezone.now()
    )


def _latest_accepted(a_id: int, b_id: int) -> Introduction | None:
    low, high = ordered_pair(a_id, b_id)
    return (
        Introduction.objects.filter(member_low_id=low, member_high_id=high, state="accepted")
        .select_related("introducer")
        .order_by("-decided_at", "-id")
        .first()
    )


def introduced_by(sender_id: int, recipient_id: int) -> str | None:
    """The verified context for a request between two members an introduction joined."""
    introduction = _latest_accepted(sender_id, recipient_id)
    return f"Introduced by {introduction.introducer.name}" if introduction else None


def introduced_and_not_parted(a_id: int, b_id: int) -> bool:
    """Whether an accepted introduction lets two unconnected members write to each other.

    It does until either ends a connection made since: ending it closes the thread, as
    it does for any other connection.
    """
    introduction = _latest_accepted(a_id, b_id)
    if introduction is None:
        return False
    return not PastConnection.objects.filter(
        Q(owner_id=a_id, other_id=b_id) | Q(owner_id=b_id, other_id=a_id),
        ended_at__gt=introduction.decided_at,
    ).exists()
