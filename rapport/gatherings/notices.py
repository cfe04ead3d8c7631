"""Mail to the guests coming to a gathering when the host moves or cancels it.

The day-before reminder alone would leave a guest who said yes with the old time in
their calendar, or on their way to a gathering that was cancelled. Each guest who
said yes or maybe gets one mail, in their own time zone, with the .ics: its UID is
the gathering's, so their calendar moves the event or drops it.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction

from rapport.gatherings.calendar import gathering_ics
from rapport.gatherings.models import Attendance, Gathering
from rapport.gatherings.selectors import COMING, answered_before_move
from rapport.mail import templated_email
from rapport.members.time_zones import member_time_zone

log = logging.getLogger(__name__)

MOVED = "moved"
CANCELLED = "cancelled"
# What a guest is told, by what happened: the templates' names.
TEMPLATES = {MOVED: "gatherings/email/moved", CANCELLED: "gatherings/email/cancelled"}


def gathering_change_notice_on_commit(gathering: Gathering, change: str) -> None:
    """Tell those coming, once the change is saved (a rolled back one tells nobody)."""
    from rapport.gatherings.tasks import send_gathering_change_notices

    gathering_id = gathering.pk
    transaction.on_commit(lambda: send_gathering_change_notices.enqueue(gathering_id, change))


def gathering_change_notices_send(*, gathering_id: int, change: str) -> int:
    """Mail each guest who said yes or maybe (not the host) what became of the
    gathering as it is now; returns how many went out."""
    gathering = Gathering.objects.select_related("host").filter(pk=gathering_id).first()
    if gathering is None:
        return 0
    coming = (
        Attendance.objects.filter(gathering=gathering, rsvp__in=COMING, member__is_active=True)
        .exclude(member_id=gathering.host_id)
        .exclude(member__email="")
        .select_related("member")
    )
    context = {"gathering": gathering, "site_url": getattr(settings, "RAPPORT_SITE_URL", "")}
    ics = gathering_ics(gathering)
    sent = 0
    for attendance in coming:
        member = attendance.member
        # Whoever answered again since the move (the mail goes after it) is not asked to.
        before_move = answered_before_move(attendance, gathering=gathering)
        try:
            with member_time_zone(member):
                message = templated_email(
                    TEMPLATES[change],
                    {
                        **context,
                        "member": member,
                        "answer": attendance.rsvp,
                        "answered_before_change": before_move,
                    },
                    to=member.email,
                )
            message.attach("gathering.ics", ics, "text/calendar")
            message.send()
            sent += 1
        except Exception:  # one refused address must not stop the others
            log.exception("gathering %s notice %s to %s failed", change, gathering_id, member.pk)
    return sent
