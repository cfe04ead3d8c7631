"""Background work for the keeper, run by `rapport worker`."""

from __future__ import annotations

import datetime as dt
import logging

from django.db.models import QuerySet
from django.utils import timezone
from django_tasks import task

from rapport.keeper.digest import DIGEST_EVERY, DigestOutcome, keeper_digest_send
from rapport.members.models import Member
from rapport.members.time_zones import member_time_zone

log = logging.getLogger(__name__)
BATCH_SIZE = 500


def _digest_candidates(*, now: dt.datetime) -> QuerySet[Member]:
    """Members who may get a digest today: an address, not turned off, none this week.

    A superset of who will (the service decides, with the row locked); it keeps the
    hourly run from visiting every member of a large instance. The service counts
    days in each member's own time zone, so "this week" here is a moment, not a day:
    a digest sent less than five days before ``now`` was sent at most six of the
    member's days ago, whatever their zone and its clock changes, and holds them back.
    """
    recently = now - DIGEST_EVERY + dt.timedelta(days=2)
    return (
        Member.objects.filter(is_active=True)
        .exclude(email="")
        .exclude(keeper_digest__enabled=False)
        .exclude(keeper_digest__last_sent_at__gt=recently)
    )


@task()
def send_keeper_digests() -> int:
    """Send this week's digest to every member who is due one; returns how many went out.

    Members are read in batches of ids; one member's failure (a refused address, say)
    is logged and the rest still get theirs. Each digest is counted and written in its
    member's time zone: their "today", their due dates.
    """
    now = timezone.now()
    sent = 0
    after = 0
    while True:
        batch = list(
            _digest_candidates(now=now)
            .filter(pk__gt=after)
            .order_by("pk")
            .values_list("pk", flat=True)[:BATCH_SIZE]
        )
        if not batch:
            return sent
        after = batch[-1]
        for member in Member.objects.filter(pk__in=batch).order_by("pk"):
            try:
                with member_time_zone(member):
                    outcome = keeper_digest_send(owner=member, today=timezone.localdate(now))
                if outcome == DigestOutcome.SENT:
                    sent += 1
            except Exception:  # one bad address must not stop everyone else's digest
                log.exception("keeper digest for member %s failed", member.pk)
