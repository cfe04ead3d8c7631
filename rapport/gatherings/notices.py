"""Mail to the guests coming to a gathering when the host moves or cancels it.

The day-before reminder alone would leave a guest who said yes with the old time in
their calendar, or on their way to a gathering that was cancelled. Each guest who
said yes or maybe gets one mail, in their own time zone, with the .ics: its UID is
the gathering's, so their calendar moves the event or drops it.

**Moves are mailed at most once every ``MOVE_MAIL_EVERY`` (15 minutes) per
gathering.** A guest wants the plan as it stands, soon, and once: not the trail of a
host dithering between two cafés, correcting a typo in the time, or a script with a
stolen token moving it back and forth fifty times (each move was fifty mails to each
guest). So the first move is mailed at once; a move within 15 minutes of that mail
waits (``move_mail_due_at``) until the 15 minutes are up, and then the worker's
five-minute look (``gathering_move_mails_due_send``) mails the plan as it then
stands, once, within 20 minutes of the last mail: soon enough for a gathering the
same day. When the plan came back to what the guests were last told (``plan_key``:
time, place, link), nothing goes. Fifty moves in a minute are two mails at most;
a host moving it without pause all day, four an hour, each the latest plan (a guest
who had enough answers no, and is mailed no more). A cancellation is mailed at once
and says all: a move still waiting is dropped.

The decision is made under the gathering's row lock, which ``gathering_update``
holds (``select_for_update``): two moves at once are one after the other, and only
one of them finds the window open.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging

from django.db import transaction
from django.utils import timezone

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
# The least time between two mails about moves of one gathering (module docstring).
MOVE_MAIL_EVERY = dt.timedelta(minutes=15)


def plan_key(gathering: Gathering) -> str:
    """What a guest plans around (the time, the place, the link), as a digest: two
    plans alike have the same key, so a move back to what was mailed is seen as none."""
    plan = "\x1f".join([gathering.starts_at.isoformat(), gathering.place, gathering.link])
    return hashlib.sha256(plan.encode()).hexdigest()


def gathering_moved_mail(gathering: Gathering, *, now: dt.datetime) -> None:
    """A move of ``gathering`` (its new plan set, not yet saved; the caller holds its
    row lock and saves it): mail it once the change commits, or, within
    ``MOVE_MAIL_EVERY`` of the last mail, leave it for the worker to mail then."""
    last = gathering.move_mailed_at
    if last is not None and now < last + MOVE_MAIL_EVERY:
        gathering.move_mail_due_at = gathering.move_mail_due_at or last + MOVE_MAIL_EVERY
        return
    gathering.move_mailed_at = now
    gathering.move_mailed_plan = plan_key(gathering)
    gathering.move_mail_due_at = None
    gathering_change_notice_on_commit(gathering, MOVED)


def gathering_move_mails_due_send(*, now: dt.datetime | None = None) -> int:
    """Mail the moves that waited for their window (``gathering_moved_mail``), each
    gathering's plan as it now stands, unless it is what the guests were last told or
    the gathering was cancelled or has ended. Returns how many gatherings were mailed
    about; each is taken under its row lock (two workers never mail one twice)."""
    now = now or timezone.now()
    mailed = 0
    due = Gathering.objects.filter(move_mail_due_at__lte=now).values_list("pk", flat=True)
    for gathering_id in list(due):
        with transaction.atomic():
            gathering = (
                Gathering.objects.select_for_update(skip_locked=True)
                .filter(pk=gathering_id, move_mail_due_at__lte=now)
                .first()
            )
            if gathering is None:  # another worker has it, or a move mailed it meanwhile
                continue
            gathering.move_mail_due_at = None
            fields = ["move_mail_due_at"]
            told = plan_key(gathering) == gathering.move_mailed_plan
            if gathering.state == "upcoming" and gathering.ends_at > now and not told:
                gathering.move_mailed_at = now
                gathering.move_mailed_plan = plan_key(gathering)
                fields += ["move_mailed_at", "move_mailed_plan"]
                gathering_change_notice_on_commit(gathering, MOVED)
                mailed += 1
            gathering.save(update_fields=fields)
    return mailed


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
    context = {"gathering": gathering}
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
