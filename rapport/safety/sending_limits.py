"""How much one member may send to other members: messages, asks and answers,
introductions, gathering invitations, reports to the moderators; and how much of the
shared server's work they may ask for: imports, photo uploads. Every figure is here, named.

Each of these lands in somebody else's list, unread count or mail. One member, or a
stolen API token, could otherwise send thousands a minute to their connections.
Requests to connect have budgets of their own (``rapport/network/budget.py``), and
signing in, signing up and resets have throttles (``throttle.py``).

Why these numbers: each is several times what the busiest real member needs, so only
a script reaches it.

- **Messages: 20 a minute, 500 in 24 hours.** A lively exchange is a message every
  few seconds for a minute or two, not twenty in one minute; a member writing all day
  to fifty people, ten messages each, sends 500. A script at the burst limit is held
  to 20 a minute, and to 500 a day however slowly it goes.
- **Asks and offers: 10 posted in 24 hours.** At most 5 are open at once
  (``rapport.asks.states.OPEN_MAX``); posting and withdrawing again and again would
  otherwise put a new one on every connection's board all day.
- **Answers to asks: 50 in 24 hours.** Each is a private reply to one connection's
  ask; answering fifty asks in one day is far past anyone's generosity.
- **Introductions: 10 in 24 hours.** Each asks two people to answer, with two
  sentences written for them; a busy connector makes a handful after an event.
- **Gathering invitations: 300 in 24 hours** (one per member invited). A host invites
  at most their connections (150 by default) to one gathering, so this is two big
  gatherings' guest lists in one day, not a gathering cancelled and made again all day.
- **Reports to the moderators: 10 in 24 hours.** Each lands in the moderators' queue,
  which a few people read by hand; a member reports a handful in a year. Repeating a
  report adds nothing to the reported member's standing (``rapport.network.reputation``
  counts reporting members, not reports): past ten it only buries other members'
  reports. Blocking has no limit, so nobody is left without a way out.
- **Imports: one at a time, 10 uploads in 24 hours.** Each upload is a file of up to
  200 MB kept on the server's disk until its job ends, and a task that holds a worker
  while it reads; one member's thirty queued at once would keep every other member's
  import waiting. One waiting or running (``IMPORTS_AT_ONCE``), and ten a day, is a
  LinkedIn export, an address book and a mail archive with room to spare for retries.
  The command line (``rapport import``) reads the operator's file in place: not counted.
- **Profile photos: 20 uploads in 24 hours.** Each costs the server most of a second
  of decoding and resizing (``rapport.photos.processing``), in the web worker that
  received it; a script uploading without pause would keep one busy for good. A member
  tries a few photos, and perhaps crops one again: twenty is several afternoons of it.
  A photo replaces the last, so no row stays per upload to count: each upload's time
  is a ``PhotoUpload`` row, written and committed *before* the image is read (so a
  refused upload costs one count of rows and no decoding; an upload that turns out not
  to be a photo still counts: reading it was the work), and forgotten once a day old.

The count is the content rows themselves (a message's sender and time, an
introduction's introducer and time...), so no table of events is kept (photo uploads
alone keep one, above), and a history written into the past (the demo) is judged as
it would have been then: rows after ``now`` do not count. Checking and writing are one
step, in the service's transaction: first ``sending_lock`` (a PostgreSQL advisory lock
on this member and this kind of thing, as ``throttle.py`` takes one; SQLite's
transactions begin IMMEDIATE and so are one at a time already), then the time, then
the count, then the write. Twenty messages sent at once to twenty web workers wait for
each other instead of all reading "19 so far". The time is read once the lock is held:
read before, a send that waited for the lock would count only rows up to its own
earlier moment, and miss the ones written meanwhile
(tests/safety/test_sending_limit_races.py).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connections
from django.db.models import QuerySet
from django.utils import timezone

from rapport.errors import BudgetExceeded, InvalidInput

MINUTE = dt.timedelta(minutes=1)
DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class SendingLimit:
    """At most ``limit`` of one kind of thing (``what``, plural) from one member within
    ``window``; ``code`` is the API's stable code for a refusal."""

    what: str
    limit: int
    window: dt.timedelta
    code: str
    why: str = "so that nobody's inbox can be flooded"
    again: str = "send"
    done: str = "sent"

    @property
    def within(self) -> str:
        return "the last minute" if self.window == MINUTE else "the last 24 hours"

    @property
    def rate(self) -> str:
        return "a minute" if self.window == MINUTE else "in 24 hours"


MESSAGES_PER_MINUTE = SendingLimit("messages", 20, MINUTE, "messages_per_minute")
MESSAGES_PER_DAY = SendingLimit("messages", 500, DAY, "messages_per_day")
ASKS_PER_DAY = SendingLimit("asks and offers", 10, DAY, "asks_per_day")
ASK_ANSWERS_PER_DAY = SendingLimit("answers to asks", 50, DAY, "answers_per_day")
INTRODUCTIONS_PER_DAY = SendingLimit("introductions", 10, DAY, "introductions_per_day")
INVITATIONS_PER_DAY = SendingLimit("gathering invitations", 300, DAY, "invitations_per_day")
REPORTS_PER_DAY = SendingLimit(
    "reports",
    10,
    DAY,
    "reports_per_day",
    why="so that the moderators' queue cannot be flooded (blocking has no limit)",
)
IMPORTS_PER_DAY = SendingLimit(
    "imports",
    10,
    DAY,
    "imports_per_day",
    why="so that everyone's imports get their turn",
    again="import",
)
IMPORTS_AT_ONCE = 1
PHOTO_UPLOADS_PER_DAY = SendingLimit(
    "photos",
    20,
    DAY,
    "photo_uploads_per_day",
    why="since reading each one keeps the server busy for a moment",
    again="upload",
    done="uploaded",
)


def sending_lock(kind: str, *, member_id: int, using: str = "default") -> None:
    """Hold a lock on ``member_id``'s sending of ``kind`` until the transaction ends
    (PostgreSQL's ``pg_advisory_xact_lock``; SQLite needs none: see the module's
    docstring). Two sends of one member wait for each other; two members' do not."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return
    digest = hashlib.blake2b(f"sending|{kind}|{member_id}".encode(), digest_size=8).digest()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(%s)", [int.from_bytes(digest, "big", signed=True)]
        )


def _local(moment: dt.datetime) -> str:
    """A moment as the member reads it, in their time zone, rounded up to the minute
    (a member who tries at the minute shown is not refused again): "3 Mar 2025, 10:49 CET"."""
    spare = moment.second * 1_000_000 + moment.microsecond
    if spare:
        moment += dt.timedelta(microseconds=60_000_000 - spare)
    local = timezone.localtime(moment)
    return f"{local.day} {local:%b %Y, %H:%M %Z}"


def sending_refusal(
    limit: SendingLimit, *, sent_times: Sequence[dt.datetime], adding: int = 1
) -> BudgetExceeded | None:
    """The refusal of ``adding`` more beyond ``limit``, saying when they become possible;
    None while they are.

    ``sent_times``: when each one the member sent within the window was sent (any
    order). The next ones are possible once enough of the oldest leave the window.
    """
    sent = len(sent_times)
    if sent + adding <= limit.limit:
        return None
    if adding > limit.limit:
        raise InvalidInput(
            f"That is {adding:,} {limit.what} at once; the limit is {limit.limit:,} {limit.rate}.",
            code=limit.code,
        )
    must_leave = sent + adding - limit.limit
    retry_at = sorted(sent_times)[must_leave - 1] + limit.window
    room = max(0, limit.limit - sent)
    if adding == 1 or room == 0:
        asked = ""
    else:
        asked = f" You can send {room:,} more now, or all {adding:,} then."
    return BudgetExceeded(
        f"You have {limit.done} {sent:,} {limit.what} in {limit.within}; the limit is "
        f"{limit.limit:,} {limit.rate}, {limit.why}. You can {limit.again} again at "
        f"{_local(retry_at)}.{asked}",
        retry_at=retry_at,
        code=limit.code,
    )


def refuse_beyond(
    limit: SendingLimit, sent: QuerySet[Any], *, now: dt.datetime, adding: int = 1
) -> None:
    """Refuse ``adding`` more past ``limit``, counting the rows of ``sent`` (what the
    member sent, each with its ``created_at``) within the window up to ``now``: a
    history written into the past counts as it did then. ``BudgetExceeded`` says when."""
    if not adding:
        return
    times = sent.filter(created_at__gt=now - limit.window, created_at__lte=now).values_list(
        "created_at", flat=True
    )
    refusal = sending_refusal(limit, sent_times=list(times), adding=adding)
    if refusal is not None:
        raise refusal
