"""The home page's reads: one round trip to the database, in plain SQL.

The home page is the most visited page. Through the ORM its four reads cost several
times what the database spent answering them, and each was a round trip of its own
(docs/benchmarks.md, "Load"). Here they travel as one ``UNION ALL``:

- the member's capacity, which counts their connections (the network app's
  ``connection_count``);
- the requests waiting for them: pending, unexpired, sent to them, newest first (the
  network app's ``requests_incoming``), and how many there are, for the navigation's
  badge, with the network app's own SQL (``WAITING_COUNT_SQL``);
- their unread messages per conversation and their latest conversations, with the
  conversations app's own SQL (``UNREAD_SQL``, ``RECENT_SQL``);
- what else waits for their answer: introductions, invitations, asks, and the people
  of their keeper who are due (``web.waiting_for_you``);
- their own requests accepted lately, until they write (``web.accepted_requests``).

The capacity restates a rule the network app owns, and the waiting list its selection
(its rule is the network app's ``waiting_for_sql``); tests/web/test_home_reads.py holds
them to its selectors, so a change of rule there fails a test here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import cast

from django.utils import timezone

from rapport.conversations.selectors import (
    RECENT_SQL,
    UNREAD_SQL,
    RecentConversation,
    aware,
    recent_from_rows,
)
from rapport.network.selectors import WAITING_COUNT_SQL, waiting_for_sql
from rapport.photos.selectors import photo_hash_sql
from rapport.sql import rows
from rapport.web.accepted_requests import (
    ACCEPTED_SQL,
    AcceptedRequest,
    accepted_params,
    newest_first,
)
from rapport.web.waiting_for_you import (
    ASKS_SQL,
    DUE_SQL,
    INTRODUCTIONS_SQL,
    INVITATIONS_SQL,
    WaitingAsk,
    WaitingForYou,
    WaitingIntroduction,
    WaitingInvitation,
    asks_params,
    due_params,
    due_person,
    due_sorted,
    introductions_params,
    invitations_params,
)

_CAPACITY_SQL = """
    SELECT COUNT(*) AS connections
    FROM network_connection
    WHERE member_low_id = %s OR member_high_id = %s
"""

_WAITING_SQL = f"""
    SELECT r.id AS id, r.sender_id AS sender_id, m.name AS sender_name,
           m.username AS sender_username, r.context AS context, r.created_at AS created_at,
           r.expires_at AS expires_at, {photo_hash_sql("m.id", "r.recipient_id")} AS photo
    FROM network_connectionrequest r
    JOIN members_member m ON m.id = r.sender_id
    WHERE {waiting_for_sql("r")}
    ORDER BY r.created_at DESC, r.id DESC
    LIMIT %s
"""  # noqa: S608 - built from constants: the photos and network apps' rules

# Every part gives the same nine columns; ``part`` says which read a row answers; the
# last is the photo's hash of the member a row names (rapport.photos.selectors).
# Built from this module's, conversations' and network's constants only: no outside text.
_HOME_SQL = f"""
    SELECT 'capacity' AS part, k.connections AS a, NULL AS b, NULL AS c, NULL AS d,
           NULL AS e, NULL AS at, NULL AS ends, NULL AS photo
    FROM ({_CAPACITY_SQL}) AS k
    UNION ALL
    SELECT 'waiting', w.id, w.sender_id, w.sender_name, w.sender_username, w.context,
           w.created_at, w.expires_at, w.photo
    FROM ({_WAITING_SQL}) AS w
    UNION ALL
    SELECT 'waiting_count', n.waiting, NULL, NULL, NULL, NULL, NULL, n.first_ends, NULL
    FROM ({WAITING_COUNT_SQL}) AS n
    UNION ALL
    SELECT 'unread', u.conversation_id, u.unread, NULL, NULL, NULL, NULL, NULL, NULL
    FROM ({UNREAD_SQL}) AS u
    UNION ALL
    SELECT 'recent', r.conversation_id, r.other_id, r.other_name, r.other_username, NULL,
           r.last_message_at, NULL, r.other_photo_hash
    FROM ({RECENT_SQL}) AS r
    UNION ALL
    SELECT 'introduction', i.id, i.introducer_id, i.introducer_name, NULL, NULL, NULL,
           i.expires_at, NULL
    FROM ({INTRODUCTIONS_SQL}) AS i
    UNION ALL
    SELECT 'invitation', g.id, g.host_id, g.title, g.host_name, g.time_zone, g.ends_at,
           g.starts_at, NULL
    FROM ({INVITATIONS_SQL}) AS g
    UNION ALL
    SELECT 'ask', k.id, k.poster_id, k.title, k.poster_name, NULL, NULL, k.expires_at, NULL
    FROM ({ASKS_SQL}) AS k
    UNION ALL
    SELECT 'due', p.id, p.cadence_days, p.name, p.circle, p.snoozed_until, p.last_contact_at,
           NULL, NULL
    FROM ({DUE_SQL}) AS p
    UNION ALL
    SELECT 'accepted', y.conversation_id, y.other_id, y.other_name, NULL, NULL, y.decided_at,
           NULL, y.photo
    FROM ({ACCEPTED_SQL}) AS y
"""  # noqa: S608


@dataclass(frozen=True)
class WaitingRequest:
    sender_id: int
    sender_name: str
    context: str
    expires_at: dt.datetime
    sender_photo_hash: str | None = None


@dataclass(frozen=True)
class HomeOverview:
    connections: int
    waiting: list[WaitingRequest]
    # All the requests waiting (``waiting`` may stop short), and when the first expires.
    waiting_count: int
    first_ends: dt.datetime | None
    unread: dict[int, int]
    recent: list[RecentConversation]
    # What else waits for the member's answer (``web.waiting_for_you``).
    others: WaitingForYou
    # Their own requests accepted lately, newest first (``web.accepted_requests``).
    accepted: list[AcceptedRequest] = field(default_factory=list)


def home_overview(
    *, member_id: int, waiting: int, recent: int, others: int = 0, today: dt.date | None = None
) -> HomeOverview:
    """The member's capacity, up to ``waiting`` requests waiting for them (newest first)
    and how many wait in all, their unread messages per conversation, their ``recent``
    latest conversations, and up to ``others`` of each other kind of thing waiting for
    them, with the keeper's people due on or before ``today`` (the member's day), and up
    to ``others`` of their own requests accepted lately."""
    me, now = member_id, timezone.now()
    today = today or timezone.localdate()
    params = [me, me, me, now, waiting, me, now, me, me, me, me, me, me, me, me, recent]
    params += introductions_params(member_id=me, now=now, limit=others)
    params += invitations_params(member_id=me, now=now, limit=others)
    params += asks_params(member_id=me, now=now, limit=others)
    params += due_params(member_id=me)
    params += accepted_params(member_id=me, now=now, limit=others)
    connections, waiting_count, first_ends = 0, 0, None
    waiting_rows, unread, recent_rows = [], {}, []
    found, accepted = WaitingForYou(), []
    for part, a, b, c, d, e, at, ends, photo in rows(_HOME_SQL, params):
        if part == "accepted":
            accepted.append(
                AcceptedRequest(
                    conversation_id=a,
                    other_id=b,
                    other_name=c,
                    decided_at=_time(at),
                    other_photo_hash=photo,
                )
            )
        elif part == "introduction":
            found.introductions.append(
                WaitingIntroduction(
                    pk=a, introducer_id=b, introducer_name=c, expires_at=_time(ends)
                )
            )
        elif part == "invitation":
            found.invitations.append(
                WaitingInvitation(
                    gathering_id=a,
                    host_id=b,
                    title=c,
                    host_name=d,
                    starts_at=_time(ends),
                    ends_at=_time(at),
                    time_zone=e or "",
                )
            )
        elif part == "ask":
            found.asks.append(
                WaitingAsk(pk=a, poster_id=b, title=c, poster_name=d, expires_at=_time(ends))
            )
        elif part == "due":
            person = due_person(
                pk=a,
                cadence_days=b,
                name=c,
                circle=d,
                snoozed_until=e,
                last_contact_at=aware(at),
                today=today,
            )
            if person is not None:
                found.due.append(person)
        elif part == "capacity":
            connections = a
        elif part == "waiting":
            expires_at = cast(dt.datetime, aware(ends))  # a request's expiry is NOT NULL
            waiting_rows.append((aware(at), a, b, c or d, e, expires_at, photo))
        elif part == "waiting_count":
            waiting_count, first_ends = a, aware(ends)
        elif part == "unread":
            unread[a] = b
        else:
            recent_rows.append((a, at, b, c, d, photo))
    # UNION ALL keeps no order: each part is put back in its own.
    waiting_rows.sort(reverse=True)
    return HomeOverview(
        connections=connections,
        waiting=[
            WaitingRequest(
                sender_id=sender_id,
                sender_name=name,
                context=context,
                expires_at=expires_at,
                sender_photo_hash=photo,
            )
            for _at, _id, sender_id, name, context, expires_at, photo in waiting_rows
        ],
        waiting_count=waiting_count,
        first_ends=first_ends,
        unread=unread,
        recent=recent_from_rows(recent_rows, unread),
        others=_in_order(found),
        accepted=newest_first(accepted),
    )


def _time(value: dt.datetime | str) -> dt.datetime:
    """A deadline, which is never NULL."""
    return cast(dt.datetime, aware(value))


def _in_order(found: WaitingForYou) -> WaitingForYou:
    """UNION ALL keeps no order: each kind is put back in its own, soonest deadline first."""
    return WaitingForYou(
        introductions=sorted(found.introductions, key=lambda i: (i.expires_at, i.pk)),
        invitations=sorted(found.invitations, key=lambda i: (i.starts_at, i.gathering_id)),
        asks=sorted(found.asks, key=lambda a: (a.expires_at, a.pk)),
        due=due_sorted(found.due),
    )
