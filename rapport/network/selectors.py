"""Reads about requests and connections, always from one member's point of view."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from rapport.errors import NotFound
from rapport.members.models import Member
from rapport.network.models import Connection, ConnectionRequest, PastConnection
from rapport.network.states import HIDDEN_FROM_RECIPIENT, WAITING_STATES
from rapport.pairs import ordered_pair

# What a sender may see of their own request. A decline is never shown: it reads
# "pending" until the request would have expired, then "not accepted". So do a
# request held for a moderator and one a moderator rejected.
NOT_ACCEPTED = "not_accepted"


def connection_count(*, member_id: int) -> int:
    """A member's own count: shown to them as capacity, never to anyone else."""
    return Connection.objects.filter(
        Q(member_low_id=member_id) | Q(member_high_id=member_id)
    ).count()


def capacity_of(*, member: Member) -> tuple[int, int]:
    return connection_count(member_id=member.pk), settings.RAPPORT_CONNECTION_CAP


def are_connected(*, a: int, b: int) -> bool:
    low, high = ordered_pair(a, b)
    return Connection.objects.filter(member_low_id=low, member_high_id=high).exists()


def connected_ids(*, member_id: int) -> set[int]:
    rows = Connection.objects.filter(
        Q(member_low_id=member_id) | Q(member_high_id=member_id)
    ).values_list("member_low_id", "member_high_id")
    return {high if low == member_id else low for low, high in rows}


@dataclass(frozen=True)
class ConnectionView:
    member: Member
    since: dt.datetime


def connections_of(*, member: Member) -> list[ConnectionView]:
    rows = Connection.objects.filter(Q(member_low=member) | Q(member_high=member)).select_related(
        "member_low", "member_high"
    )
    views = [
        ConnectionView(
            member=row.member_high if row.member_low_id == member.pk else row.member_low,
            since=row.created_at,
        )
        for row in rows
    ]
    return sorted(views, key=lambda view: (view.member.name.lower(), view.member.pk))


def past_connections_of(*, member: Member) -> QuerySet[PastConnection]:
    return PastConnection.objects.filter(owner=member).select_related("other")


def visible_state(
    request: ConnectionRequest, *, viewer_id: int, now: dt.datetime | None = None
) -> str:
    """The state as ``viewer_id`` may know it."""
    now = now or timezone.now()
    if viewer_id == request.sender_id:
        if request.state in WAITING_STATES:
            return "pending" if now < request.expires_at else NOT_ACCEPTED
        if request.state == "expired":
            return NOT_ACCEPTED
        return request.state
    if request.state == "pending" and now >= request.expires_at:
        return "expired"
    return request.state


def requests_incoming(*, member: Member) -> QuerySet[ConnectionRequest]:
    return (
        ConnectionRequest.objects.filter(
            recipient=member, state="pending", expires_at__gt=timezone.now()
        )
        .select_related("sender", "introducer")
        .order_by("-created_at", "-id")
    )


def requests_outgoing(*, member: Member) -> QuerySet[ConnectionRequest]:
    return (
        ConnectionRequest.objects.filter(sender=member)
        .exclude(state="withdrawn")
        .select_related("recipient", "introducer")
        .order_by("-created_at", "-id")
    )


def request_get(*, member: Member, request_id: int) -> ConnectionRequest:
    """A request the member sent or received; any other is "not found".

    A request held for a moderator has not reached its recipient: to them it is not found.
    """
    request = (
        ConnectionRequest.objects.filter(pk=request_id)
        .filter(Q(sender=member) | (Q(recipient=member) & ~Q(state__in=HIDDEN_FROM_RECIPIENT)))
        .select_related("sender", "recipient", "introducer")
        .first()
    )
    if request is None:
        raise NotFound("No such request.")
    return request


def pending_between(*, a: int, b: int) -> ConnectionRequest | None:
    """The request between viewer ``a`` and ``b`` that is still open as ``a`` may know it.

    ``a``'s own held or rejected request reads as waiting; ``b``'s is invisible to ``a``.
    """
    low, high = ordered_pair(a, b)
    return (
        ConnectionRequest.objects.filter(
            member_low_id=low,
            member_high_id=high,
            expires_at__gt=timezone.now(),
        )
        .filter(
            Q(state__in=("pending", "declined")) | Q(state__in=HIDDEN_FROM_RECIPIENT, sender_id=a)
        )
        .order_by("-created_at")
        .first()
    )
