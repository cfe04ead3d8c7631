"""The navigation's two numbers, the signed-in member's own: messages unread, and
requests waiting for their answer.

Every signed-in page shows them, so both come from one statement, and a worker keeps
them under the member's home version (``web.home_pages``): the database's triggers
move it on every write that can change either number (a message, a read mark, a
conversation, a request sent, answered, withdrawn or released), and the version comes
with the session's query. A page of an unchanged member costs no query for them.

A request also stops waiting when it expires, which no write announces: the numbers
are kept no longer than the first waiting request's expiry, as the home page is.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import caches
from django.db import connection
from django.utils import timezone

from rapport.conversations.selectors import UNREAD_SQL, aware
from rapport.members.models import Member
from rapport.network.selectors import WAITING_COUNT_SQL
from rapport.sql import rows
from rapport.web.home_pages import CACHE, MAX_AGE_SECONDS, home_version


@dataclass(frozen=True)
class NavCounts:
    unread: int
    waiting: int


# Parameters: the member's id four times (the unread rule), then as WAITING_COUNT_SQL.
# Columns: unread, waiting, first_ends. (PostgreSQL sums bigints as numeric.)
_NAV_SQL = f"""
    SELECT (SELECT CAST(COALESCE(SUM(u.unread), 0) AS INTEGER) FROM ({UNREAD_SQL}) u),
           n.waiting, n.first_ends
    FROM ({WAITING_COUNT_SQL}) n
"""  # noqa: S608 - constants: the conversations app's unread rule, the network app's waiting one


def nav_counts(member: Member) -> NavCounts:
    """The member's own numbers: kept since their home version last moved, or one query."""
    # Read before the counts, as the home page's version is: counts are never older than
    # the version they are kept under.
    key = f"nav:{member.pk}:{member.date_joined.timestamp()}:{home_version(member)}"
    kept = caches[CACHE].get(key)
    if kept is not None:
        return NavCounts(*kept)
    now = timezone.now()
    stamp = connection.ops.adapt_datetimefield_value(now)
    unread, waiting, first_ends = rows(_NAV_SQL, [member.pk] * 5 + [stamp])[0]
    seconds = float(MAX_AGE_SECONDS)
    ends = aware(first_ends)
    if ends is not None:
        seconds = min(seconds, (ends - now).total_seconds())
    if seconds > 0:
        caches[CACHE].set(key, (unread, waiting), seconds)
    return NavCounts(unread=unread, waiting=waiting)
