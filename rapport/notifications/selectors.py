"""What waits for a member unseen, and who has something waiting: reads for the mail.

Six kinds of thing wait for a member:

- **messages** from the other side of a conversation after their read mark (a message
  its sender deleted no longer waits);
- **requests** to connect sent to them and still pending;
- **new connections**: their own requests accepted, which they have not written in
  since ("you can now write to X");
- **introductions** proposed to them that still wait for their answer (the other
  person unnamed, as on the page, until both say yes);
- **invitations** to a gathering still to start, not cancelled, that they have not
  answered (never the host: nobody waits for their answer);
- **coffee pairings**: a round paired them, and they have not written in the pair's
  conversation since ("say hello to X").

A thing counts when it began to wait after the member's last mail covered
(``NotificationPreference.covered_until``, and never longer ago than
``rhythm.LOOKBACK``) and at least ``rhythm.WAIT`` before now, and the page that
answers it still shows it. Across a block the mail tells what those pages (and the
home's "waiting for you", ``rapport.web.waiting_for_you``) show, no more and no less,
since a difference would tell the blocked member of the block (docs/security.md): a
block either way with whoever the thing is from hides a message, a request, a new
connection or a pairing; an introduction is hidden only by a block with the other
person (``introductions.selectors.hidden_by_block``) and outlives one with its
introducer; an invitation outlives a block with its host. A thing seen or answered
meanwhile no longer waits.

``notification_candidates`` finds every member with something waiting in one query,
starting from the things (messages of the last days, pending requests...), never from
the members, so its cost follows the instance's activity, not its size.
``what_waits_for`` then reads one member's things in a fixed number of queries. The
two apply the same rules: each kind's rule is written once (``_RULES``), and the
messages' two readings are kept side by side below.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import OuterRef, Subquery
from django.db.models.expressions import RawSQL

from rapport.coffee.models import Pairing
from rapport.conversations.models import Conversation
from rapport.conversations.selectors import UNREAD_MESSAGE_SQL, aware
from rapport.gatherings.models import Gathering
from rapport.introductions.models import Introduction
from rapport.introductions.selectors import hidden_by_block_sql
from rapport.members.models import Member
from rapport.network.models import ConnectionRequest
from rapport.network.states import Context
from rapport.notifications import rhythm
from rapport.notifications.models import NotificationPreference
from rapport.safety.selectors import blocked_between_sql
from rapport.sql import rows

# Not yet covered by one of the member's mails (SQL; ``{member}`` and ``{at}`` are
# column names). The window's other end, LOOKBACK, is a parameter of each rule.
_NOT_COVERED = """NOT EXISTS (
    SELECT 1 FROM notifications_preference p
    WHERE p.member_id = {member} AND p.covered_until >= {at}
)"""

# No block between the two, either way (SQL; ``{a}`` and ``{b}`` are column names).
_NOT_BLOCKED = "NOT " + blocked_between_sql("{a}", "{b}")


def _received_requests(select: str, only_member: bool) -> str:
    """Requests to the member still pending. Parameters: now, after, up to[, member]."""
    member = "AND q.recipient_id = %s" if only_member else ""
    return f"""
        SELECT {select.format(member="q.recipient_id", item="q.id")}
        FROM network_connectionrequest q
        WHERE q.state = 'pending' AND q.expires_at > %s
          AND q.created_at > %s AND q.created_at <= %s {member}
          AND {_NOT_COVERED.format(member="q.recipient_id", at="q.created_at")}
          AND {_NOT_BLOCKED.format(a="q.recipient_id", b="q.sender_id")}
    """  # noqa: S608 - column names only


def _accepted_requests(select: str, only_member: bool) -> str:
    """The member's own requests accepted, still connected, and not written in since:
    once they write, they have seen it. Their note became the thread's first message
    at the acceptance, so a second message of theirs from then on is their writing.
    Parameters: after, up to[, member]."""
    member = "AND q.sender_id = %s" if only_member else ""
    return f"""
        SELECT {select.format(member="q.sender_id", item="q.id")}
        FROM network_connectionrequest q
        WHERE q.state = 'accepted' AND q.decided_at > %s AND q.decided_at <= %s {member}
          AND EXISTS (
              SELECT 1 FROM network_connection n
              WHERE n.member_low_id = q.member_low_id AND n.member_high_id = q.member_high_id
          )
          AND (
              SELECT COUNT(*) FROM conversations_conversation c
              JOIN conversations_message w ON w.conversation_id = c.id
              WHERE c.member_low_id = q.member_low_id AND c.member_high_id = q.member_high_id
                AND w.sender_id = q.sender_id AND w.created_at >= q.decided_at
          ) < 2
          AND {_NOT_COVERED.format(member="q.sender_id", at="q.decided_at")}
          AND {_NOT_BLOCKED.format(a="q.sender_id", b="q.recipient_id")}
    """  # noqa: S608 - column names only


def _introductions(side: str) -> Callable[[str, bool], str]:
    """Introductions waiting for ``side``'s answer, whatever the other side did (so that
    a mail, or none, says nothing of it), as the week's reminder does, unless a block
    hides them from the page (``hidden_by_block``, the same rule in SQL). Parameters:
    now, after, up to[, member]."""

    def rule(select: str, only_member: bool) -> str:
        me = f"i.{side}_id"
        member = f"AND {me} = %s" if only_member else ""
        return f"""
            SELECT {select.format(member=me, item="i.id")}
            FROM introductions_introduction i
            WHERE i.state IN ('pending', 'declined') AND NOT i.withheld
              AND i.{side}_answer = 'waiting' AND i.expires_at > %s
              AND i.created_at > %s AND i.created_at <= %s {member}
              AND {_NOT_COVERED.format(member=me, at="i.created_at")}
              AND NOT {hidden_by_block_sql("i")}
        """  # noqa: S608 - column names only

    return rule


def _invitations(select: str, only_member: bool) -> str:
    """Invitations waiting for the member's answer, to a gathering still to start (answers
    close then) and not cancelled. Read from the upcoming gatherings (the index on state
    and end), each one's guests by its own: the cost follows how many gatherings are
    planned, not how many members there are. The host's own row is never invited
    unanswered; said outright all the same. A block with the host leaves it, as on the
    gatherings page, where it can still be answered: an invitation outlives a block.
    Parameters: now, after, up to[, member]."""
    member = "AND a.member_id = %s" if only_member else ""
    return f"""
        SELECT {select.format(member="a.member_id", item="g.id")}
        FROM gatherings_gathering g
        JOIN gatherings_attendance a ON a.gathering_id = g.id
        WHERE g.state = 'upcoming' AND g.starts_at > %s
          AND a.invited AND a.rsvp = '' AND a.member_id <> g.host_id
          AND a.created_at > %s AND a.created_at <= %s {member}
          AND {_NOT_COVERED.format(member="a.member_id", at="a.created_at")}
    """  # noqa: S608 - column names only


def _pairings(side: str, other: str) -> Callable[[str, bool], str]:
    """Coffee pairings of the rounds run in the window, for ``side`` (``low`` or
    ``high``) while they have not written in the pair's conversation since the round
    (a thread the two had before may hold older messages of theirs). Read from the
    rounds, one a week, each one's pairs by its own (a CROSS JOIN, which SQLite never
    turns round: unasked, it reads every pairing ever made). Not aliased ``p``: inside
    ``_NOT_COVERED`` PostgreSQL would look for the pair in the preference row.
    Parameters: after, up to[, member]."""

    def rule(select: str, only_member: bool) -> str:
        me = f"cp.member_{side}_id"
        member = f"AND {me} = %s" if only_member else ""
        return f"""
            SELECT {select.format(member=me, item="cp.id")}
            FROM coffee_coffeeround cr
            CROSS JOIN coffee_pairing cp
            WHERE cp.round_id = cr.id AND cr.ran_at > %s AND cr.ran_at <= %s {member}
              AND NOT EXISTS (
                  SELECT 1 FROM conversations_message w
                  WHERE w.conversation_id = cp.conversation_id AND w.sender_id = {me}
                    AND w.created_at >= cr.ran_at
              )
              AND {_NOT_COVERED.format(member=me, at="cr.ran_at")}
              AND {_NOT_BLOCKED.format(a=me, b=f"cp.member_{other}_id")}
        """  # noqa: S608 - column names only

    return rule


@dataclass(frozen=True)
class _Rule:
    """One kind's rule as SQL: ``sql(select, only_member)`` selects ``select`` (with
    ``{member}`` and ``{item}`` standing for the member's and the thing's id columns)
    from the things that count; with ``only_member``, one member's only. ``lapses``:
    the thing stops waiting at some point, so its first parameter is now."""

    sql: Callable[[str, bool], str]
    lapses: bool

    def params(self, window: Window, member_id: int | None = None) -> list[object]:
        params = [_at(window.now)] if self.lapses else []
        params += [_at(window.after), _at(window.up_to)]
        return params if member_id is None else [*params, member_id]


_RULES: dict[str, tuple[_Rule, ...]] = {
    "requests": (_Rule(_received_requests, lapses=True),),
    "connections": (_Rule(_accepted_requests, lapses=False),),
    "introductions": (
        _Rule(_introductions("first"), lapses=True),
        _Rule(_introductions("second"), lapses=True),
    ),
    "invitations": (_Rule(_invitations, lapses=True),),
    "pairings": (
        _Rule(_pairings("low", "high"), lapses=False),
        _Rule(_pairings("high", "low"), lapses=False),
    ),
}

# Members with a message waiting, from the messages of the window: per conversation and
# sender the newest one, for each participant who did not send it (both, for an
# introducer's note), after their read mark and their last mail. A message its sender
# deleted waits for nobody, as in the unread count (``conversations.selectors``).
# Parameters: after, up to.
_MESSAGES_CANDIDATES = f"""
    SELECT t.member_id
    FROM (
        SELECT CASE WHEN s.side = 0 THEN c.member_low_id ELSE c.member_high_id END AS member_id,
               CASE WHEN s.side = 0 THEN c.member_high_id ELSE c.member_low_id END AS other_id,
               f.conversation_id, f.sender_id, f.newest_id, f.newest_at
        FROM (
            SELECT conversation_id, sender_id, MAX(id) AS newest_id, MAX(created_at) AS newest_at
            FROM conversations_message
            WHERE created_at > %s AND created_at <= %s AND deleted_at IS NULL
            GROUP BY conversation_id, sender_id
        ) f
        JOIN conversations_conversation c ON c.id = f.conversation_id
        CROSS JOIN (SELECT 0 AS side UNION ALL SELECT 1 AS side) s
    ) t
    LEFT JOIN conversations_readmark r
           ON r.conversation_id = t.conversation_id AND r.member_id = t.member_id
    WHERE t.sender_id <> t.member_id
      AND t.newest_id > COALESCE(r.last_read_message_id, 0)
      AND {_NOT_COVERED.format(member="t.member_id", at="t.newest_at")}
      AND {_NOT_BLOCKED.format(a="t.member_id", b="t.other_id")}
      AND {_NOT_BLOCKED.format(a="t.member_id", b="t.sender_id")}
"""  # noqa: S608 - column names only

# One member's unread messages (not deleted), per conversation and sender: how many, how
# many of them began to wait inside the window, and the newest. Parameters: after, up to, the member
# nine times.
_MESSAGES_OF_MEMBER = f"""
    SELECT m.conversation_id, o.name, o.username, m.sender_id, s.name, s.username, o.id,
           COUNT(*) AS unread,
           SUM(CASE WHEN m.created_at > %s AND m.created_at <= %s THEN 1 ELSE 0 END) AS fresh,
           MAX(m.created_at) AS newest_at
    FROM conversations_conversation c
    JOIN members_member o
      ON o.id = CASE WHEN c.member_low_id = %s THEN c.member_high_id ELSE c.member_low_id END
    JOIN conversations_message m ON m.conversation_id = c.id
    JOIN members_member s ON s.id = m.sender_id
    LEFT JOIN conversations_readmark r ON r.conversation_id = c.id AND r.member_id = %s
    WHERE (c.member_low_id = %s OR c.member_high_id = %s)
      AND {UNREAD_MESSAGE_SQL}
      AND {_NOT_BLOCKED.format(a="%s", b="o.id")}
      AND {_NOT_BLOCKED.format(a="%s", b="m.sender_id")}
    GROUP BY m.conversation_id, o.name, o.username, m.sender_id, s.name, s.username, o.id
"""  # noqa: S608 - column names only


def _at(moment: dt.datetime) -> object:
    """A moment as a parameter of plain SQL, stored alike on both databases."""
    return connection.ops.adapt_datetimefield_value(moment)


@dataclass(frozen=True)
class Window:
    """Things that began to wait after ``after`` and by ``up_to`` are new; ``now``
    decides what has expired."""

    after: dt.datetime
    up_to: dt.datetime
    now: dt.datetime

    @classmethod
    def at(cls, now: dt.datetime, *, covered_until: dt.datetime | None = None) -> Window:
        return cls(
            after=rhythm.window_start(now=now, covered_until=covered_until),
            up_to=now - rhythm.WAIT,
            now=now,
        )


def notification_candidates(*, now: dt.datetime) -> list[int]:
    """The ids of every member with something new waiting, in one query, in order.

    Only the things are read here, never the members: who among them may be mailed
    now (active, an address, their choice, their night, their last mail) is read with
    the members themselves, a batch at a time (``rapport.notifications.tasks``), so the
    planner is never tempted to walk the whole members table to join a few thousand."""
    window = Window.at(now)
    member_select = "{member} AS member_id"
    parts = [_MESSAGES_CANDIDATES]
    params: list[object] = [_at(window.after), _at(window.up_to)]
    for rules in _RULES.values():
        for rule in rules:
            parts.append(rule.sql(member_select, False))
            params += rule.params(window)
    union = " UNION ".join(parts)
    sql = f"SELECT w.member_id FROM ({union}) w ORDER BY w.member_id"  # noqa: S608 - the rules
    return [member_id for (member_id,) in rows(sql, params)]


@dataclass(frozen=True)
class WaitingConversation:
    conversation_id: int
    other_name: str
    senders: tuple[str, ...]  # who wrote the unread messages: the other, or an introducer
    unread: int  # the member's own unread messages in it, all of them
    newest_at: dt.datetime | None
    only_from_other: bool  # every unread message is the other member's


@dataclass(frozen=True)
class NewConnection:
    other: Member
    conversation_id: int | None


@dataclass(frozen=True)
class NewPairing:
    pairing_id: int
    other: Member
    hold_starts_at: dt.datetime


@dataclass
class WhatWaits:
    conversations: list[WaitingConversation] = field(default_factory=list)
    requests: list[ConnectionRequest] = field(default_factory=list)
    connections: list[NewConnection] = field(default_factory=list)
    introductions: list[Introduction] = field(default_factory=list)
    invitations: list[Gathering] = field(default_factory=list)  # each with its host
    pairings: list[NewPairing] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(
            self.conversations
            or self.requests
            or self.connections
            or self.introductions
            or self.invitations
            or self.pairings
        )

    def only_thing(self) -> OnlyThing | None:
        """The one thing waiting, when there is only one: the mail's subject names it."""
        things = [
            *(OnlyThing("conversation", c) for c in self.conversations),
            *(OnlyThing("request", r) for r in self.requests),
            *(OnlyThing("connection", c) for c in self.connections),
            *(OnlyThing("introduction", i) for i in self.introductions),
            *(OnlyThing("invitation", g) for g in self.invitations),
            *(OnlyThing("pairing", p) for p in self.pairings),
        ]
        return things[0] if len(things) == 1 else None


@dataclass(frozen=True)
class OnlyThing:
    kind: str  # "conversation", "request", "connection", "introduction", "invitation", "pairing"
    item: object


def _items(kind: str, *, member_id: int, window: Window) -> RawSQL:
    """The ids of the member's things of ``kind`` that count, as a subquery."""
    params: list[object] = []
    parts = []
    for rule in _RULES[kind]:
        parts.append(rule.sql("{item}", True))
        params += rule.params(window, member_id)
    return RawSQL(" UNION ".join(parts), params)  # noqa: S611 - the rules: column names only


def _conversations(*, member_id: int, window: Window) -> list[WaitingConversation]:
    params = [_at(window.after), _at(window.up_to), *[member_id] * 9]
    by_conversation: dict[int, dict[str, Any]] = {}
    for (
        conversation_id,
        other_name,
        other_username,
        sender_id,
        sender_name,
        sender_username,
        other_id,
        unread,
        fresh,
        newest_at,
    ) in rows(_MESSAGES_OF_MEMBER, params):
        entry = by_conversation.setdefault(
            conversation_id,
            {
                "other": other_name or other_username,
                "senders": [],
                "unread": 0,
                "fresh": 0,
                "only_from_other": True,
            },
        )
        entry["senders"].append(sender_name or sender_username)
        entry["only_from_other"] &= sender_id == other_id
        entry["unread"] += unread
        entry["fresh"] += fresh or 0
        newest = aware(newest_at)
        if newest is not None and (entry.get("newest") is None or newest > entry["newest"]):
            entry["newest"] = newest
    waiting = [
        WaitingConversation(
            conversation_id=pk,
            other_name=entry["other"],
            senders=tuple(sorted(set(entry["senders"]), key=str.casefold)),
            unread=entry["unread"],
            newest_at=entry.get("newest"),
            only_from_other=entry["only_from_other"],
        )
        for pk, entry in by_conversation.items()
        if entry["fresh"]
    ]
    never = dt.datetime.min.replace(tzinfo=dt.UTC)
    waiting.sort(key=lambda c: (c.newest_at or never, c.conversation_id), reverse=True)
    return waiting


def what_waits_for(*, member: Member, window: Window) -> WhatWaits:
    """What is new for ``member`` in ``window``, in six queries, however much it is."""
    me = member.pk
    requests = list(
        ConnectionRequest.objects.filter(pk__in=_items("requests", member_id=me, window=window))
        .select_related("sender", "introducer")
        .order_by("created_at", "id")
    )
    accepted = list(
        ConnectionRequest.objects.filter(pk__in=_items("connections", member_id=me, window=window))
        .select_related("recipient")
        .annotate(
            conversation_id=Subquery(
                Conversation.objects.filter(
                    member_low_id=OuterRef("member_low_id"),
                    member_high_id=OuterRef("member_high_id"),
                ).values("pk")[:1]
            )
        )
        .order_by("decided_at", "id")
    )
    introductions = list(
        Introduction.objects.filter(pk__in=_items("introductions", member_id=me, window=window))
        .select_related("introducer")
        .order_by("created_at", "id")
    )
    invitations = list(
        Gathering.objects.filter(pk__in=_items("invitations", member_id=me, window=window))
        .select_related("host")
        .order_by("starts_at", "id")
    )
    pairings = list(
        Pairing.objects.filter(pk__in=_items("pairings", member_id=me, window=window))
        .select_related("member_low", "member_high")
        .order_by("hold_starts_at", "id")
    )
    return WhatWaits(
        conversations=_conversations(member_id=me, window=window),
        requests=requests,
        connections=[
            NewConnection(other=request.recipient, conversation_id=request.conversation_id)
            for request in accepted
        ],
        introductions=introductions,
        invitations=invitations,
        pairings=[
            NewPairing(
                pairing_id=pairing.pk,
                other=pairing.member_high if pairing.member_low_id == me else pairing.member_low,
                hold_starts_at=pairing.hold_starts_at,
            )
            for pairing in pairings
        ],
    )


def context_in_words(request: ConnectionRequest) -> str:
    """How the sender says they know the member, as the inbox shows it."""
    said = Context.labels.get(request.context, request.context)
    if request.context_detail:
        said = f"{said} ({request.context_detail})"
    return said


def notification_frequency_of(*, member: Member) -> str:
    """The member's choice; the default, "soon", when they never made one."""
    chosen = (
        NotificationPreference.objects.filter(member=member)
        .values_list("frequency", flat=True)
        .first()
    )
    return chosen or rhythm.SOON


def notification_preference_of(*, member: Member) -> NotificationPreference:
    """The member's row as it is, or an unsaved default one: reading writes nothing."""
    found = NotificationPreference.objects.filter(member=member).first()
    return found or NotificationPreference(member=member)
