"""Background work for the keeper, run by `rapport worker`."""

from __future__ import annotations

import datetime as dt
import logging

from django.db.models import QuerySet
from django.utils import timezone
from django_tasks import task

from rapport.keeper.digest import DIGEST_EVERY, DigestOutcome, keeper_digest_send
from rapport.members.models import Member

log = logging.getLogger(__name__)
BATCH_SIZE = 500


def _digest_candidates(*, today: dt.date) -> QuerySet[Member]:
    """Members who may get a digest today: an address, not turned off, none this week.

    A superset of who will (the service decides, with the row locked); it keeps the
    hourly run from visiting every member of a large instance.
    """
    last_week = timezone.make_aware(
        dt.datetime.combine(today - DIGEST_EVERY + dt.timedelta(days=1), dt.time.min)
    )
    return (
        Member.objects.filter(is_active=True)
        .exclude(email="")
        .exclude(keeper_digest__enabled=False)
        .exclude(keeper_digest__last_sent_at__gte=last_week)
    )


@task()
def send_keeper_digests() -> int:
    """Send this week's digest to every member who is due one; returns how many went out.

    Members are read in batches of ids; one member's failure (a refused address, say)
    is logged and the rest still get theirs.
    """
    today = timezone.localdate()
    sent = 0
    after = 0
    while True:
        batch = list(
            _digest_candidates(today=today)
            .filter(pk__gt=after)
            .order_by("pk")
            .values_list("pk", flat=True)[:BATCH_SIZE]
        )
        if not batch:
            return sent
        after = batch[-1]
        for member in Member.objects.filter(pk__in=batch).order_by("pk"):
            try:
                if keeper_digest_send(owner=member, today=today) == DigestOutcome.SENT:
                    sent += 1
            except Exception:  # one bad address must not stop everyone else's digest
                log.exception("keeper digest for member %s failed", member.pk)
