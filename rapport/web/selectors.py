"""The home page's own reads, in plain SQL.

The home page is the most visited page, and building these two queries through the
ORM cost several times what the database spent answering them (docs/benchmarks.md,
"Load"). They restate two rules the network app owns: a member's capacity counts
their connections (``network.selectors.connection_count``), and the requests waiting
for them are the pending, unexpired ones sent to them, newest first
(``network.selectors.requests_incoming``). tests/web/test_home_reads.py holds them to
those selectors, so a change of rule there fails a test here.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection
from django.utils import timezone

_CAPACITY_SQL = """
    SELECT COUNT(*) FROM network_connection WHERE member_low_id = %s OR member_high_id = %s
"""

_WAITING_SQL = """
    SELECT r.sender_id, m.name, m.username, r.context
    FROM network_connectionrequest r
    JOIN members_member m ON m.id = r.sender_id
    WHERE r.recipient_id = %s AND r.state = 'pending' AND r.expires_at > %s
    ORDER BY r.created_at DESC, r.id DESC
    LIMIT %s
"""


@dataclass(frozen=True)
class WaitingRequest:
    sender_id: int
    sender_name: str
    context: str


def connections_counted(*, member_id: int) -> int:
    """The member's active connections, for their own capacity line only."""
    with connection.cursor() as cursor:
        cursor.execute(_CAPACITY_SQL, [member_id, member_id])
        return cursor.fetchone()[0]


def requests_waiting(*, member_id: int, limit: int) -> list[WaitingRequest]:
    """The newest ``limit`` requests waiting for the member's answer: who and how."""
    with connection.cursor() as cursor:
        cursor.execute(_WAITING_SQL, [member_id, timezone.now(), limit])
        rows = cursor.fetchall()
    return [
        WaitingRequest(sender_id=sender_id, sender_name=name or username, context=context)
        for sender_id, name, username, context in rows
    ]
