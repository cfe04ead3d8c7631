"""Background work for notification mail, run by `rapport worker` every five minutes
(rapport/operations/schedule.py)."""

from __future__ import annotations

import datetime as dt
import logging

from django.utils import timezone
from django_tasks import task

from rapport.members.models import Member
from rapport.members.time_zones import zone_of
from rapport.notifications import rhythm
from rapport.notifications.selectors import notification_candidates
from rapport.notifications.services import NotificationOutcome, notification_send

log = logging.getLogger(__name__)
BATCH_SIZE = 500


def _may_be_mailed_now(member: Member, *, now: dt.datetime) -> bool:
    """What the member's preference (read with them) allows at ``now``: the service
    checks again with the row locked, so this only spares it those it would refuse."""
    preference = getattr(member, "notification_preference", None)
    return rhythm.mail_may_go(
        frequency=preference.frequency if preference is not None else rhythm.SOON,
        now=now,
        zone=zone_of(member),
        last_sent_at=preference.last_sent_at if preference is not None else None,
    )


@task()
def send_notifications() -> int:
    """Mail every member who has something new waiting and may be mailed now; returns
    how many mails went out.

    One query finds who has something waiting (``notification_candidates``). They are
    read in batches of ids, each member with their preference in one query; whoever is
    asleep, has turned mail off or was mailed lately is left out in memory, so the
    night's candidates cost nothing more. The rest are mailed each in a transaction of
    their own: one refused address is logged and the others still get theirs.
    """
    now = timezone.now()
    candidates = notification_candidates(now=now)
    sent = 0
    for start in range(0, len(candidates), BATCH_SIZE):
        batch = (
            Member.objects.filter(pk__in=candidates[start : start + BATCH_SIZE], is_active=True)
            .exclude(email="")
            .select_related("notification_preference")
            .order_by("pk")
        )
        for member in batch:
            if not _may_be_mailed_now(member, now=now):
                continue
            try:
                if notification_send(member=member, now=now) == NotificationOutcome.SENT:
                    sent += 1
            except Exception:  # one refused address must not stop everyone else's mail
                log.exception("notification mail for member %s failed", member.pk)
    return sent
