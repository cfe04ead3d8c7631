"""Mail to the guests coming to a gathering when the host moves or cancels it.

The day-before reminder alone would leave a guest who said yes with the old time in
their calendar, or on their way to a gathering that was cancelled. Each guest who
said yes or maybe gets one mail, in their own time zone, with the .ics: its UID is
the gathering's, so their calendar moves the event or drops it.

**Moves are mailed at once, then at most once per wait, and the wait grows while the
moves keep coming.** A guest wants the plan as it stands, soon, and once: not the
trail of a host dithering between two cafés, correcting a typo in the time, or a
script with a stolen token moving it back and forth fifty times (each move was fifty
mails to each guest). So the first move is mailed at once; a move within the wait
after that mail waits (``move_mail_due_at``) until it is up, and then the worker's
five-minute look (``gathering_move_mails_due_send``) mails the plan as it then stands,
once. When the plan came back to what the guests were last told (``plan_key``: time,
place, link), nothing goes.

The wait is ``MOVE_MAIL_EVERY`` (15 minutes) after the first mail of a run, and each
move mail sent within ``MOVE_MAIL_RUN_ENDS_AFTER`` (a day) of the one before doubles
it (``move_mails_in_run``): 15 minutes, 30, an hour, then ``MOVE_MAIL_WAIT_MAX`` (two
hours) at most. A fixed 15 minutes let a host (or a stolen token) moving a gathering
without pause mail each guest four times an hour, 96 a day; now it is 15 a day (at
once, after 15, 45 and 105 minutes, then every two hours), each the latest plan. A host
who corrects a slip and then moves it once more the next day is not held: a day with
no move mail starts the run again at 15 minutes. A guest must not learn of a move too
late, though: when the gathering starts within the wait, either at its new time or at
the time the guests were last told (they would go then), the wait is the 15 minutes,
and the plan as it then stands goes within 20 minutes of the last mail, as it always
did (so a host who keeps a gathering's start within two hours of the last mail can
still mail every 15 minutes: holding back a move to a gathering about to start would be
worse). Fifty moves in a minute are still two mails at most, and a guest who had enough
answers no, and is mailed no more. A cancellation is mailed at once and says all: a
move still waiting is dropped.

The decision is made under the gathering's row lock, which ``gathering_update``
holds (``select_for_update``): two moves at once are one after the other, and only
one of them finds the wait up; the worker takes the same lock (skipping a row another
worker holds), so two workers never mail one gathering twice.
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
# The wait between two mails about moves of one gathering (module docstring): the
# first of a run, and the one before a gathering that starts within a longer wait.
MOVE_MAIL_EVERY = dt.timedelta(minutes=15)
# Each mail of a run doubles the wait before the next, up to this.
MOVE_MAIL_WAIT_MAX = dt.timedelta(hours=2)
# A move mail this long after the one before starts a new run, at MOVE_MAIL_EVERY.
MOVE_MAIL_RUN_ENDS_AFTER = dt.timedelta(days=1)


def plan_key(gathering: Gathering) -> str:
    """What a guest plans around (the time, the place, the link), as a digest: two
    plans alike have the same key, so a move back to what was mailed is seen as none."""
    plan = "\x1f".join([gathering.starts_at.isoformat(), gathering.place, gathering.link])
    return hashlib.sha256(plan.encode()).hexdigest()


def move_mail_wait(mails_in_run: int) -> dt.timedelta:
    """The wait after the ``mails_in_run``-th move mail of a run: ``MOVE_MAIL_EVERY``
    after the first, doubled after each one since, ``MOVE_MAIL_WAIT_MAX`` at most."""
    doublings = min(max(mails_in_run - 1, 0), 16)  # 15 minutes x 2**16 is far past any cap
    return min(MOVE_MAIL_EVERY * (1 << doublings), MOVE_MAIL_WAIT_MAX)


def gathering_moved_mail(gathering: Gathering, *, now: dt.datetime) -> None:
    """A move of ``gathering`` (its new plan set, not yet saved; the caller holds its
    row lock and saves it): mail it once the change commits, or, within the wait after
    the last mail, leave it for the worker to mail when the wait is up."""
    last = gathering.move_mailed_at
    if last is not None:
        due = _move_mail_due(gathering, last=last)
        if now < due:
            gathering.move_mail_due_at = due
            return
    _move_mailed(gathering, now=now)
    gathering_change_notice_on_commit(gathering, MOVED)


def _move_mail_due(gathering: Gathering, *, last: dt.datetime) -> dt.datetime:
    """When a move held since the mail at ``last`` may be mailed: once the run's wait
    is up, or after ``MOVE_MAIL_EVERY`` when the gathering starts within that wait, at
    its new time or at the one the guests were told; never later than a move held
    before it made it (a guest is not told later because the host moved again)."""
    wait = move_mail_wait(gathering.move_mails_in_run or 1)
    due = last + wait
    if wait > MOVE_MAIL_EVERY and (gathering.starts_at < due or _told_start_before(gathering, due)):
        due = last + MOVE_MAIL_EVERY
    if gathering.move_mail_due_at is not None:
        due = min(due, gathering.move_mail_due_at)
    return due


def _told_start_before(gathering: Gathering, moment: dt.datetime) -> bool:
    """Whether the guests were last told a start before ``moment``. Only the first move
    held after a mail asks (none waits yet): the saved row, not yet moved, is then the
    plan that mail told, since any move before it was mailed. A later held move keeps
    that move's due time or an earlier one (``_move_mail_due``)."""
    if gathering.move_mail_due_at is not None:
        return False
    return Gathering.objects.filter(pk=gathering.pk, starts_at__lt=moment).exists()


def _move_mailed(gathering: Gathering, *, now: dt.datetime) -> None:
    """Record a move mail going ``now`` with the plan as it stands: within a day of
    the one before, the run goes on (its next wait doubles); after one, it starts again."""
    last = gathering.move_mailed_at
    in_run = last is not None and now - last < MOVE_MAIL_RUN_ENDS_AFTER
    gathering.move_mails_in_run = (gathering.move_mails_in_run or 1) + 1 if in_run else 1
    gathering.move_mailed_at = now
    gathering.move_mailed_plan = plan_key(gathering)
    gathering.move_mail_due_at = None


def gathering_move_mails_due_send(*, now: dt.datetime | None = None) -> int:
    """Mail the moves held until their wait was up (``gathering_moved_mail``), each
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
                _move_mailed(gathering, now=now)
                fields += ["move_mailed_at", "move_mailed_plan", "move_mails_in_run"]
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
