"""Reads about gatherings, always as one member sees them.

Who sees a gathering: its host; every member when it is open to the community;
the members invited when it is not. Who sees who came: the attendees the host
confirmed, once the host confirmed them; before that, only the host sees the
answers (the host needs them to plan; nobody else needs a number).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TypedDict

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from rapport.errors import NotFound, NotPermitted
from rapport.gatherings.models import Attendance, Gathering
from rapport.gatherings.states import CONFIRM_WITHIN, Rsvp, Visibility
from rapport.input_schema import LARGEST_STORED
from rapport.members.models import Member
from rapport.network.models import ConnectionRequest
from rapport.network.selectors import connected_ids
from rapport.network.states import WAITING_STATES
from rapport.photos.selectors import faces_attached, photo_hash_seen, with_faces
from rapport.safety.models import Block

LIST_LIMIT = 50
# The answers a host plans around, and those told when it moves.
COMING = (Rsvp.YES, Rsvp.MAYBE)


def effective_state(gathering: Gathering, *, now: dt.datetime) -> str:
    """The state as it is now, even before the worker has moved it on."""
    state = gathering.state
    if state == "upcoming" and gathering.ends_at <= now:
        state = "ended"
    if state == "ended" and gathering.ends_at + CONFIRM_WITHIN <= now:
        state = "lapsed"
    return state


def can_confirm(gathering: Gathering, *, now: dt.datetime) -> bool:
    """The host may confirm (or correct) who came from the end until 30 days after."""
    return effective_state(gathering, now=now) in ("ended", "confirmed") and (
        now < gathering.ends_at + CONFIRM_WITHIN
    )


def _visible_to(member: Member) -> Q:
    invited = Attendance.objects.filter(member=member, invited=True).values("gathering_id")
    # A community gathering is not shown across a block, either way: its host must not
    # be found by someone they blocked (subqueries, so no extra round trip).
    blocked_me = Block.objects.filter(blocked=member).values("blocker_id")
    i_blocked = Block.objects.filter(blocker=member).values("blocked_id")
    open_to_me = (
        Q(visibility=Visibility.COMMUNITY) & ~Q(host_id__in=blocked_me) & ~Q(host_id__in=i_blocked)
    )
    return Q(host=member) | open_to_me | Q(pk__in=invited)


def _with_mine(rows: QuerySet[Gathering], member: Member) -> QuerySet[Gathering]:
    """Each gathering with ``mine``: a list holding the member's own attendance row; and
    its host's photo's hash as the host lets the member see it (``host_photo_hash``,
    put on the host by ``faces_attached``): an invitation outlives a block, and a host who
    blocked the member shows no photo."""
    return with_faces(rows, "host", viewer_id=member.pk).prefetch_related(
        Prefetch("attendances", queryset=Attendance.objects.filter(member=member), to_attr="mine")
    )


def mine(gathering: Gathering) -> Attendance | None:
    rows = getattr(gathering, "mine", None)
    return rows[0] if rows else None


def gathering_get(*, member: Member, gathering_id: int) -> Gathering:
    """A gathering the member may see, with their attendance and its host's photo's hash
    (``host.photo_hash``, ``_with_mine``). Any other is "not found"."""
    gathering = (
        _with_mine(Gathering.objects.filter(_visible_to(member)), member)
        .filter(pk=gathering_id)
        .first()
    )
    if gathering is None:
        raise NotFound("No such gathering.", field="gathering_id")
    return faces_attached(gathering, "host")


@dataclass(frozen=True)
class GatheringLists:
    upcoming: list[Gathering]
    past: list[Gathering]
    # The page of each list shown (from 1), and whether another follows it.
    upcoming_page: int = 1
    past_page: int = 1
    more_upcoming: bool = False
    more_past: bool = False


def gatherings_of(
    *, member: Member, now: dt.datetime, upcoming_page: int = 1, past_page: int = 1
) -> GatheringLists:
    """Upcoming gatherings the member may see, soonest first; and past ones they
    hosted, were confirmed at or said they would come to, latest first; each a page of
    ``LIST_LIMIT`` at a time. Each host with their photo's hash (``host.photo_hash``,
    ``_with_mine``). Each page reads one row more than it shows, to know whether
    another follows without counting (a count would be a query more per list)."""
    upcoming_page, past_page = max(upcoming_page, 1), max(past_page, 1)
    visible = Gathering.objects.filter(_visible_to(member))
    upcoming = _page(
        _with_mine(
            visible.filter(ends_at__gt=now).exclude(
                Q(state="cancelled") & ~Q(pk__in=_answered(member))
            ),
            member,
        ).order_by("starts_at", "id"),
        upcoming_page,
    )
    past = _page(
        _with_mine(
            visible.filter(ends_at__lte=now).filter(Q(host=member) | Q(pk__in=_answered(member))),
            member,
        ).order_by("-starts_at", "-id"),
        past_page,
    )
    return GatheringLists(
        upcoming=[faces_attached(g, "host") for g in upcoming[:LIST_LIMIT]],
        past=[faces_attached(g, "host") for g in past[:LIST_LIMIT]],
        upcoming_page=upcoming_page,
        past_page=past_page,
        more_upcoming=len(upcoming) > LIST_LIMIT,
        more_past=len(past) > LIST_LIMIT,
    )


def _page(rows: QuerySet[Gathering], page: int) -> list[Gathering]:
    """Page ``page`` (from 1) of ``rows``, with the first row of the next if any. A page
    whose offset no database integer holds is past every row: empty, without asking
    the database, which would refuse the number (a typed link, a client counting up)."""
    start = (page - 1) * LIST_LIMIT
    if start + LIST_LIMIT + 1 > LARGEST_STORED:
        return []
    return list(rows[start : start + LIST_LIMIT + 1])


def happening_now(gathering: Gathering, *, now: dt.datetime) -> bool:
    """Under way: started, not yet ended, and not cancelled. Every gathering has an end
    (the host gives it), so nothing is guessed about how long it lasts."""
    return gathering.state == "upcoming" and gathering.starts_at <= now < gathering.ends_at


class _GatheringId(TypedDict):
    gathering_id: int


def _answered(member: Member) -> QuerySet[Attendance, _GatheringId]:
    return (
        Attendance.objects.filter(member=member)
        .filter(Q(attended=True) | Q(rsvp__in=[Rsvp.YES, Rsvp.MAYBE]) | Q(invited=True))
        .values("gathering_id")
    )


def answered_before_move(attendance: Attendance | None, *, gathering: Gathering) -> bool:
    """Said yes or maybe before the host last moved it (``Gathering.moved_at``): given
    to another time or place, so nobody can count on it until it is given again. Never
    the host's own yes (they moved it), nor a no: it holds the host to nothing, and
    whoever gave it was not mailed about the move. An answer of no known time came
    before any move recorded."""
    if attendance is None or gathering.moved_at is None:
        return False
    if attendance.member_id == gathering.host_id or attendance.rsvp not in COMING:
        return False
    return attendance.rsvp_at is None or attendance.rsvp_at < gathering.moved_at


def guests_for_host(*, host: Member, gathering: Gathering) -> list[Attendance]:
    """Everyone invited or who answered, for the host only, each with their photo's hash
    (``member.photo_hash``) as they let the host see it: a guest who blocked the host
    since shows none. Whoever may see the gathering knows it has a host and guests, so
    a refusal (403) reveals nothing."""
    if gathering.host_id != host.pk:
        raise NotPermitted("Only the host sees who was invited and their answers.")
    return with_guest_faces(
        Attendance.objects.filter(gathering=gathering)
        .exclude(member=host)
        .order_by("member__name", "member_id"),
        gathering=gathering,
    )


def with_guest_faces(rows: QuerySet[Attendance], *, gathering: Gathering) -> list[Attendance]:
    """The attendance rows of ``gathering``, each guest with their photo's hash
    (``member.photo_hash``) as they let the host see it, in the same query; and each
    holding ``gathering`` as read, so ``answered_before_move`` asks nothing more."""
    guests = [
        faces_attached(guest, "member")
        for guest in with_faces(rows, "member", viewer_id=gathering.host_id)
    ]
    for guest in guests:
        guest.gathering = gathering
    return guests


@dataclass(frozen=True)
class Attendee:
    member: Member
    connected: bool
    # "sent": the viewer's request to them waits; "received": theirs to the viewer does.
    # Offering "Ask to connect" beside either would be wrong.
    request: str = ""


def attendees_for(*, member: Member, gathering: Gathering) -> list[Attendee] | None:
    """The others the host confirmed, for a confirmed attendee; None for anyone else
    (who must not learn who came). Nobody blocked either way is among them, so each
    one's photo (``photo_hash``) may be seen."""
    if gathering.state != "confirmed":
        return None
    confirmed = Attendance.objects.filter(gathering=gathering, attended=True)
    if not confirmed.filter(member=member).exists():
        return None
    connected = connected_ids(member_id=member.pk)
    others = list(
        Member.objects.filter(pk__in=confirmed.values("member_id"), is_active=True)
        .exclude(pk=member.pk)
        .exclude(pk__in=Block.objects.filter(blocker=member).values("blocked_id"))
        .exclude(pk__in=Block.objects.filter(blocked=member).values("blocker_id"))
        .annotate(photo_hash=photo_hash_seen("pk", viewer_id=None))
        .order_by("name", "id")
    )
    waiting = _waiting_requests(member, [other.pk for other in others if other.pk not in connected])
    return [
        Attendee(member=other, connected=other.pk in connected, request=waiting.get(other.pk, ""))
        for other in others
    ]


def _waiting_requests(member: Member, other_ids: list[int]) -> dict[int, str]:
    """ "sent" or "received" by the other member's id, as ``member`` sees requests: their
    own waits until it expires whatever happened to it out of sight (a silent decline
    still reads as waiting), one to them waits while it is pending."""
    if not other_ids:
        return {}
    now = timezone.now()
    waiting: dict[int, str] = {}
    for sender_id, recipient_id in ConnectionRequest.objects.filter(
        Q(sender=member, recipient_id__in=other_ids, state__in=WAITING_STATES)
        | Q(recipient=member, sender_id__in=other_ids, state="pending"),
        expires_at__gt=now,
    ).values_list("sender_id", "recipient_id"):
        if sender_id == member.pk:
            waiting[recipient_id] = "sent"
        else:
            waiting[sender_id] = "received"
    return waiting


def gathering_verified(sender_id: int, recipient_id: int) -> str | None:
    """The verified context "gathering": the host confirmed both attended one."""
    title = (
        Gathering.objects.filter(state="confirmed")
        .filter(attendances__member_id=sender_id, attendances__attended=True)
        .filter(attendances__member_id=recipient_id, attendances__attended=True)
        .order_by("-starts_at")
        .values_list("title", flat=True)
        .first()
    )
    return f"Met at {title}" if title else None
