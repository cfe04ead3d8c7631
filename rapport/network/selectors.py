"""Reads about requests and connections, always from one member's point of view."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from rapport.errors import NotFound
from rapport.members.member_sql import MEMBER_NAME_FIELDS
from rapport.members.models import Member
from rapport.members.services import PROFILE_FIELDS
from rapport.model_rows import row_parts, row_shape
from rapport.network.models import Connection, ConnectionRequest, PastConnection
from rapport.network.states import HIDDEN_FROM_RECIPIENT, WAITING_STATES
from rapport.pairs import ordered_pair
from rapport.photos.selectors import faces_attached, photo_hash_seen, photo_hash_sql, with_faces
from rapport.safety.models import Block
from rapport.sql import rows

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


# Whether two members are connected, as an SQL expression, for the reads that check it
# beside other things in one query (sending a message). Parameters: the lower id, the
# higher.
CONNECTED_SQL = """EXISTS (
    SELECT 1 FROM network_connection WHERE member_low_id = %s AND member_high_id = %s
)"""
_CONNECTED = f"SELECT {CONNECTED_SQL}"


def are_connected(*, a: int, b: int) -> bool:
    return bool(rows(_CONNECTED, list(ordered_pair(a, b)))[0][0])


def connected_ids(*, member_id: int) -> set[int]:
    pairs = Connection.objects.filter(
        Q(member_low_id=member_id) | Q(member_high_id=member_id)
    ).values_list("member_low_id", "member_high_id")
    return {high if low == member_id else low for low, high in pairs}


@dataclass(frozen=True)
class ConnectionView:
    member: Member
    since: dt.datetime


def connections_of(*, member: Member) -> list[ConnectionView]:
    """Each connection's other member, with their photo's hash (``photo_hash``): a
    block ends a connection, so every connected member's photo may be seen."""
    found = with_faces(
        Connection.objects.filter(Q(member_low=member) | Q(member_high=member)),
        "member_low",
        "member_high",
        viewer_id=None,
    )
    views = []
    for row in found:
        faces_attached(row, "member_low", "member_high")
        other = row.member_high if row.member_low_id == member.pk else row.member_low
        views.append(ConnectionView(member=other, since=row.created_at))
    return sorted(views, key=lambda view: (view.member.name.lower(), view.member.pk))


def past_connections_of(*, member: Member) -> QuerySet[PastConnection]:
    """With the other member's photo's hash as ``other_photo_hash``, as they let the
    member see it (one who blocked them shows none)."""
    return (
        PastConnection.objects.filter(owner=member)
        .select_related("other")
        .annotate(other_photo_hash=photo_hash_seen("other_id", viewer_id=member.pk))
    )


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


def waiting_for_sql(request: str) -> str:
    """What makes the request ``request`` (an alias) wait for an answer, in SQL, for the
    reads that count or list the requests beside other things in one query (the home
    page, a conversation's page, the navigation). The rule of ``requests_incoming``:
    sent to the member, pending (one held for a moderator has not reached them; blocking
    a member declined theirs) and not expired (no write announces an expiry).
    Parameters: the member's id, then the time now."""
    return (
        f"{request}.recipient_id = %s AND {request}.state = 'pending' AND {request}.expires_at > %s"
    )


# How many requests wait for the member's answer, and when the first of them expires
# (NULL when none waits): a count kept for later is no longer right from then on.
# Parameters: as ``waiting_for_sql``.
WAITING_COUNT_SQL = f"""
    SELECT COUNT(*) AS waiting, MIN(w.expires_at) AS first_ends
    FROM network_connectionrequest w
    WHERE {waiting_for_sql("w")}
"""  # noqa: S608 - constants only


def requests_waiting_count(*, member_id: int) -> int:
    """How many requests wait for the member's answer now, read afresh: for an answer
    that changed the number, whose navigation's kept count (``web.nav_counts``) is
    filed under the home version read before the change. One query."""
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    waiting: int = rows(WAITING_COUNT_SQL, [member_id, now])[0][0]
    return waiting


def requests_incoming(*, member: Member) -> QuerySet[ConnectionRequest]:
    return (
        ConnectionRequest.objects.filter(
            recipient=member, state="pending", expires_at__gt=timezone.now()
        )
        .select_related("sender", "introducer")
        .order_by("-created_at", "-id")
    )


# What a waiting request's reader sees of its sender (the API's ``MemberOut``, the
# inbox's row) and of its introducer (a name and a link).
_SENDER_FIELDS = ("id", "username", *PROFILE_FIELDS)


@functools.cache
def _waiting_sql() -> str:
    """Parameters: the recipient's id, then the time now (as the database stores it)."""
    return f"""
        SELECT {row_shape(ConnectionRequest).select("r")},
               {row_shape(Member, _SENDER_FIELDS).select("s")},
               {row_shape(Member, MEMBER_NAME_FIELDS).select("i")},
               {photo_hash_sql("s.id", "r.recipient_id")},
               {photo_hash_sql("i.id", "r.recipient_id")}
        FROM network_connectionrequest r
        JOIN members_member s ON s.id = r.sender_id
        LEFT JOIN members_member i ON i.id = r.introducer_id
        WHERE {waiting_for_sql("r")}
        ORDER BY r.created_at DESC, r.id DESC
    """  # noqa: S608 - no value is written into the text, only column lists


def requests_waiting(*, member: Member) -> list[ConnectionRequest]:
    """``requests_incoming``, read for a list: one prepared query, each request with
    its sender's profile, photo's hash (``photo_hash``) and its introducer's name and
    photo's hash, each as they let the recipient see it (any other field of theirs
    loads when read). The requests API and the inbox are
    read on every visit, and through the ORM building the query took longer than
    answering it (docs/benchmarks.md)."""
    shapes = (
        row_shape(ConnectionRequest),
        row_shape(Member, _SENDER_FIELDS),
        row_shape(Member, MEMBER_NAME_FIELDS),
    )
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    waiting = []
    for row in rows(_waiting_sql(), [member.pk, now]):
        request_row, sender_row, introducer_row, rest = row_parts(row, *shapes)
        request = shapes[0].instance(request_row)
        request.sender = shapes[1].instance(sender_row)
        request.sender.photo_hash = rest[0]
        request.recipient = member
        request.introducer = None
        if introducer_row[0] is not None:
            request.introducer = shapes[2].instance(introducer_row)
            request.introducer.photo_hash = rest[1]
        waiting.append(request)
    return waiting


def requests_outgoing(*, member: Member) -> QuerySet[ConnectionRequest]:
    """With the recipient's photo's hash as ``recipient_photo_hash``, as they let the
    sender see it: one who blocked the sender shows none (the request still reads
    "pending" to the sender, and so must everything beside it), nor anything of their
    profile but their name (``recipient_blocked_me``, in the same query). The
    introducer's photo, the same way, as ``introducer_photo_hash``."""
    return (
        with_faces(
            ConnectionRequest.objects.filter(sender=member).exclude(state="withdrawn"),
            "recipient",
            "introducer",
            viewer_id=member.pk,
        )
        .annotate(
            recipient_blocked_me=Exists(
                Block.objects.filter(blocker_id=OuterRef("recipient_id"), blocked_id=member.pk)
            )
        )
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
