"""How many requests a member may send now, and when the next one becomes possible.

The service checks the budget under the member's lock, just before writing. The
request page reads it before inviting a note, so that a member at the limit learns
it at once, not after writing a note that cannot be sent; it reads the standing and
both budgets in one query, as the page is visited far more often than a request is
sent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db.models import Count, IntegerField, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from rapport.errors import BudgetExceeded
from rapport.members.models import Member
from rapport.network.models import ConnectionRequest
from rapport.network.reputation import (
    WINDOW,
    Standing,
    evidence_from,
    reports_counted,
    standing_from,
)
from rapport.network.states import WAITING_STATES

WEEK = dt.timedelta(days=7)


def _local(moment: dt.datetime) -> str:
    """A moment as the member reads it, in their time zone (the request's), named:
    "3 Jan 2027, 10:49 JST", as the site writes times."""
    local = timezone.localtime(moment)
    return f"{local.day} {local:%b %Y, %H:%M %Z}"


def budget_refusal(
    *,
    standing: Standing,
    open_expiries: Sequence[dt.datetime],
    sent_times: Sequence[dt.datetime],
) -> BudgetExceeded | None:
    """The refusal of a send beyond the pending or weekly budget, saying once when one
    frees up; None while one is possible.

    ``open_expiries``: when each of the sender's waiting requests expires, soonest
    first. A silently declined (or held, or rejected) request still counts as pending
    until it would have expired, or the freed budget would tell the sender what
    happened. ``sent_times``: when each request of the last 7 days was sent, oldest
    first. The limits are the instance's budgets scaled by the sender's standing.
    """
    pending_limit = standing.pending_limit
    if len(open_expiries) >= pending_limit:
        retry_at = open_expiries[len(open_expiries) - pending_limit]
        return BudgetExceeded(
            f"You have {len(open_expiries)} requests waiting for an answer; the limit is "
            f"{pending_limit} at once. The next request becomes possible at "
            f"{_local(retry_at)}, or sooner if you withdraw one.",
            retry_at=retry_at,
            code="budget_pending",
        )
    week_limit = standing.week_limit
    if len(sent_times) >= week_limit:
        retry_at = sent_times[len(sent_times) - week_limit] + WEEK
        return BudgetExceeded(
            f"You have sent {len(sent_times)} requests in the last 7 days; the limit is "
            f"{week_limit}. The next request becomes possible at {_local(retry_at)}.",
            retry_at=retry_at,
            code="budget_week",
        )
    return None


def next_request_refusal(*, sender: Member, now: dt.datetime) -> BudgetExceeded | None:
    """What ``connection_request_send`` would answer about the budget now, in one query:
    the sender's requests of the standing's window and those still waiting, each with
    the count of members reporting them (the same on every row)."""
    since = now - WINDOW
    reporters = (
        reports_counted(sender_id=sender.pk, since=since, now=now)
        .values("reported_id")
        .annotate(members=Count("reporter_id", distinct=True))
        .values("members")
    )
    found = list(
        ConnectionRequest.objects.filter(sender=sender, created_at__lte=now)
        .filter(Q(created_at__gt=since) | Q(state__in=WAITING_STATES, expires_at__gt=now))
        .annotate(reporters=Coalesce(Subquery(reporters), Value(0), output_field=IntegerField()))
        .order_by("created_at", "id")
        .values_list("state", "created_at", "expires_at", "decline_reason", "note", "reporters")
    )
    if not found:
        return None  # every budget allows one request at least
    in_window = [
        (state, expires_at, reason, note)
        for state, created_at, expires_at, reason, note, _ in found
        if created_at > since
    ]
    standing = standing_from(evidence_from(in_window, reporters=found[0][-1], now=now))
    return budget_refusal(
        standing=standing,
        open_expiries=sorted(
            expires_at
            for state, _, expires_at, *_rest in found
            if state in WAITING_STATES and expires_at > now
        ),
        sent_times=[created_at for _, created_at, *_rest in found if created_at > now - WEEK],
    )
