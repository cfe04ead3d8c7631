"""What else waits for the member, for the home page's "Waiting for you": introductions
that wait for their yes or no, gathering invitations they have not answered, their
connections' open asks they have not answered, and the people of their keeper who are
due for keeping in touch.

Each is a part of the home page's one round trip (``web.selectors``), in plain SQL,
a few rows each (``limit``: one more than shown, to know whether more wait), soonest
deadline first, so that the first listed is the first to leave on its own: the kept
page ends with it (``home_pages.home_keep``). The keeper's due list changes with the
date alone: the home page's key holds the member's day (``home_pages.home_key``).

Privacy, as the apps' own pages have it: the home lists what the page that answers
it lists, no more and no less, so that neither tells the member something the other
does not (tests/web/test_home_waiting.py holds them together, block by block):

- an introduction names only its introducer, as the introductions page does before
  both said yes; it is left out when a block stands, either way, between the member
  and the other person (``introductions.selectors.hidden_by_block``). A block with the
  introducer leaves it, as on the introductions page, where it can still be answered:
  its vanishing would tell the blocked side of the block (docs/security.md). Nor does
  the other side's no take it away: the page still asks for the member's answer;
- an invitation stays across a block with its host, as on the gatherings page, where
  it can still be answered: an invitation outlives a block;
- an ask is listed only while its poster is a connection (a block ends that) and the
  member has not answered it; offers are not asked of anyone, so they stay on the board;
- the keeper is the member's own: nobody else is in it to be hidden from.

The SQL is built from constants only; each part's parameters come from ``*_params``,
in the order of the ``%s`` they fill.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from rapport.introductions.selectors import hidden_by_block_sql
from rapport.keeper.models import Person
from rapport.keeper.vocabulary import Circle
from rapport.safety.selectors import blocked_between_sql

# Whether a block stands either way between the member (``%s``, given twice) and the
# member whose id is the SQL expression ``other``.
BLOCK_BETWEEN = blocked_between_sql("%s", "{other}")

_NAME = "COALESCE(NULLIF(m.name, ''), m.username)"

# Introductions waiting for the member's own answer, as the introductions page asks for
# it: pending, or declined by the other side (the member's answer is still asked for and
# changes nothing: leaving it out would tell them of the other's no); not withheld (a
# block at the time they were made), not past their 14 days, not hidden by a block
# between the two sides (``introductions.selectors.hidden_by_block_sql``).
INTRODUCTIONS_SQL = f"""
    SELECT i.id AS id, i.introducer_id AS introducer_id, {_NAME} AS introducer_name,
           i.expires_at AS expires_at
    FROM introductions_introduction i
    JOIN members_member m ON m.id = i.introducer_id
    WHERE i.state IN ('pending', 'declined') AND NOT i.withheld AND i.expires_at > %s
      AND ((i.first_id = %s AND i.first_answer = 'waiting')
           OR (i.second_id = %s AND i.second_answer = 'waiting'))
      AND NOT {hidden_by_block_sql("i")}
    ORDER BY i.expires_at, i.id
    LIMIT %s
"""  # noqa: S608 - constants only


def introductions_params(*, member_id: int, now: dt.datetime, limit: int) -> list[Any]:
    return [now, member_id, member_id, limit]


# Invitations not answered, of gatherings still to start (answers close at the start).
# With the gathering's own zone ("" for none), which its host chose to show everyone
# invited, and its end, which ``time_at_the_place`` also reads; never the host's zone.
INVITATIONS_SQL = f"""
    SELECT g.id AS id, g.host_id AS host_id, g.title AS title, {_NAME} AS host_name,
           g.starts_at AS starts_at, g.ends_at AS ends_at, g.time_zone AS time_zone
    FROM gatherings_attendance a
    JOIN gatherings_gathering g ON g.id = a.gathering_id
    JOIN members_member m ON m.id = g.host_id
    WHERE a.member_id = %s AND a.invited AND a.rsvp = ''
      AND g.state = 'upcoming' AND g.starts_at > %s
    ORDER BY g.starts_at, g.id
    LIMIT %s
"""  # noqa: S608 - constants only


def invitations_params(*, member_id: int, now: dt.datetime, limit: int) -> list[Any]:
    return [member_id, now, limit]


# Open asks (not offers) of the member's connections that they have not answered.
ASKS_SQL = f"""
    SELECT k.id AS id, k.poster_id AS poster_id, k.title AS title, {_NAME} AS poster_name,
           k.expires_at AS expires_at
    FROM asks_ask k
    JOIN members_member m ON m.id = k.poster_id
    WHERE k.kind = 'ask' AND k.state = 'open' AND k.expires_at > %s
      AND k.poster_id IN (
          SELECT c.member_high_id FROM network_connection c WHERE c.member_low_id = %s
          UNION ALL
          SELECT c.member_low_id FROM network_connection c WHERE c.member_high_id = %s
      )
      AND NOT EXISTS (
          SELECT 1 FROM asks_askanswer x WHERE x.ask_id = k.id AND x.author_id = %s
      )
      AND NOT {BLOCK_BETWEEN.format(other="k.poster_id")}
    ORDER BY k.expires_at, k.id
    LIMIT %s
"""  # noqa: S608 - constants only


def asks_params(*, member_id: int, now: dt.datetime, limit: int) -> list[Any]:
    return [now, member_id, member_id, member_id, member_id, member_id, limit]


_LAYERED = ", ".join(f"'{code}'" for code in Circle.layered)
# The keeper's people who could be due: those ``keeper.selectors.keep_in_touch`` reads.
# Whether they are due is ``Person.due_on``'s to say, in the member's time zone: the
# rule stays in one place. The snooze date goes as text (a date beside the other
# parts' texts); the keeper's people in its circles are a bounded few (Dunbar's 150).
DUE_SQL = f"""
    SELECT p.id AS id, p.cadence_days AS cadence_days, p.name AS name, p.circle AS circle,
           CAST(p.snoozed_until AS TEXT) AS snoozed_until, p.last_contact_at AS last_contact_at
    FROM keeper_person p
    WHERE p.owner_id = %s AND p.archived_at IS NULL
      AND (p.circle IN ({_LAYERED}) OR p.cadence_days IS NOT NULL)
"""  # noqa: S608 - constants only


def due_params(*, member_id: int) -> list[Any]:
    return [member_id]


@dataclass(frozen=True)
class WaitingIntroduction:
    pk: int
    introducer_id: int
    introducer_name: str
    expires_at: dt.datetime


@dataclass(frozen=True)
class WaitingInvitation:
    gathering_id: int
    title: str
    host_id: int
    host_name: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    # The gathering's own zone, an IANA name, or "" for none (``Gathering.time_zone``).
    time_zone: str


@dataclass(frozen=True)
class WaitingAsk:
    pk: int
    title: str
    poster_id: int
    poster_name: str
    expires_at: dt.datetime


@dataclass(frozen=True)
class DuePerson:
    pk: int
    name: str
    days_overdue: int


@dataclass
class WaitingForYou:
    """Up to ``limit`` of each kind; each list may hold one more than the page shows."""

    introductions: list[WaitingIntroduction] = field(default_factory=list)
    invitations: list[WaitingInvitation] = field(default_factory=list)
    asks: list[WaitingAsk] = field(default_factory=list)
    # Everyone due on or before today, most overdue first.
    due: list[DuePerson] = field(default_factory=list)

    def first_ends(self) -> dt.datetime | None:
        """When the first listed item stops waiting by the clock alone."""
        ends = [
            *(i.expires_at for i in self.introductions),
            *(i.starts_at for i in self.invitations),
            *(a.expires_at for a in self.asks),
        ]
        return min(ends, default=None)


def due_person(
    *,
    pk: int,
    name: str,
    circle: str,
    cadence_days: int | None,
    snoozed_until: str | None,
    last_contact_at: dt.datetime | None,
    today: dt.date,
) -> DuePerson | None:
    """The person if they are due on or before ``today``, by ``Person.due_on``."""
    person = Person(
        circle=circle,
        cadence_days=cadence_days,
        snoozed_until=dt.date.fromisoformat(snoozed_until[:10]) if snoozed_until else None,
        last_contact_at=last_contact_at,
    )
    due_on = person.due_on(today=today)
    if due_on is None or due_on > today:
        return None
    return DuePerson(pk=pk, name=name, days_overdue=(today - due_on).days)


def due_sorted(people: list[DuePerson]) -> list[DuePerson]:
    """Most overdue first, as the keeper's due list puts them."""
    return sorted(people, key=lambda p: (-p.days_overdue, p.name.lower(), p.pk))
