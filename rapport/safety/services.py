"""Writes about blocks and reports.

A block ends whatever stood between the two members: a connection ends quietly (into
the blocker's past connections, as if they had ended it), open requests between them
close, and from then on neither can request, message, introduce, be matched with or
find the other. The blocked member is never told: every refusal they meet reads as
"no such member".
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import Group, Permission
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from rapport.errors import Conflict, InvalidInput, NotFound, RapportError
from rapport.introductions.services import introductions_held_for_block
from rapport.members.models import Member
from rapport.network.models import ConnectionRequest
from rapport.network.selectors import are_connected
from rapport.network.services import connection_end
from rapport.network.states import WAITING_STATES
from rapport.prose import counted_length, paragraphs
from rapport.safety.models import Block, Report, ReportOutcome, ReportReason
from rapport.safety.sending_limits import REPORTS_PER_DAY, refuse_beyond, sending_lock

REPORT_DETAIL_MAX = 2000


def _other_member(*, member: Member, other_id: int, field: str) -> Member:
    if other_id == member.pk:
        raise RapportError("You cannot do this to yourself.", code="self", field=field)
    other = Member.objects.filter(pk=other_id, is_active=True).first()
    if other is None:
        raise NotFound("No such member.", field=field)
    return other


@transaction.atomic
def block_create(*, blocker: Member, blocked_id: int, now: dt.datetime | None = None) -> Block:
    """Block a member; blocking twice keeps the first block and its date."""
    blocked = _other_member(member=blocker, other_id=blocked_id, field="member_id")
    existing = Block.objects.filter(blocker=blocker, blocked=blocked).first()
    if existing is not None:
        return existing
    # First, before any write: an introduction of the two that one of them is saying
    # yes to must finish before the block, or see it (not open their conversation).
    introductions_held_for_block(a_id=blocker.pk, b_id=blocked.pk)
    now = now or timezone.now()
    if are_connected(a=blocker.pk, b=blocked.pk):
        connection_end(member=blocker, other_id=blocked.pk)
    # Close open requests without telling the blocked member anything new: theirs is
    # declined (or, if held for a moderator, rejected): both silent, reading "pending"
    # and then "not accepted". The blocker's own are withdrawn, as if by hand.
    theirs = ConnectionRequest.objects.filter(sender=blocked, recipient=blocker)
    theirs.filter(state="pending").update(state="declined", decided_at=now)
    theirs.filter(state="held").update(state="rejected", decided_at=now)
    ConnectionRequest.objects.filter(
        sender=blocker, recipient=blocked, state__in=WAITING_STATES
    ).update(state="withdrawn", decided_at=now)
    try:
        with transaction.atomic():
            return Block.objects.create(blocker=blocker, blocked=blocked, created_at=now)
    except IntegrityError:  # a double click raced us; the block exists, which is the point
        return Block.objects.get(blocker=blocker, blocked=blocked)


@transaction.atomic
def block_delete(*, blocker: Member, blocked_id: int) -> None:
    """Unblock. The ended connection does not come back: either may send a request again."""
    deleted, _ = Block.objects.filter(blocker=blocker, blocked_id=blocked_id).delete()
    if not deleted:
        raise NotFound("You have not blocked this member.", field="member_id")


@transaction.atomic
def report_create(
    *,
    reporter: Member,
    reported_id: int,
    reason: str,
    detail: str = "",
    now: dt.datetime | None = None,
) -> Report:
    """Tell the moderators about a member. The reported member is never told. Past the
    reporter's daily limit (``rapport.safety.sending_limits``), ``BudgetExceeded`` says
    when; the report is not kept."""
    reported = _other_member(member=reporter, other_id=reported_id, field="member_id")
    if reason not in ReportReason.values:
        raise InvalidInput(
            f"Choose a reason: one of {', '.join(ReportReason.values)}.", field="reason"
        )
    # Kept as a profile's bio is, and counted as the API counts it (``rapport.prose``):
    # the moderators read its paragraphs, and runs of spaces count as one.
    detail = paragraphs(detail)
    length = counted_length(detail)
    if length > REPORT_DETAIL_MAX:
        raise InvalidInput(
            f"The detail is {length:,} characters; the limit is {REPORT_DETAIL_MAX:,}.",
            field="detail",
        )
    if reason == ReportReason.OTHER and not detail:
        raise InvalidInput("Say what happened when the reason is “something else”.", field="detail")
    sending_lock("reports", member_id=reporter.pk)
    # The time is read once the lock is held: read before, a send that waited would
    # not count one written meanwhile with a later time (sending_limits.py).
    now = now or timezone.now()
    refuse_beyond(REPORTS_PER_DAY, Report.objects.filter(reporter=reporter), now=now)
    return Report.objects.create(
        reporter=reporter, reported=reported, reason=reason, detail=detail, created_at=now
    )


MODERATORS_GROUP = "moderators"
# What the moderator's role needs, and nothing more: to read and decide reports, to
# see blocks, and to read, release and reject held requests. No member's page (their
# email address, their sessions), no request outside the held ones, no superuser.
MODERATOR_PERMISSIONS = (
    ("safety", "view_report"),
    ("safety", "change_report"),
    ("safety", "view_block"),
    ("network", "view_heldrequest"),
    ("network", "change_heldrequest"),
)


@transaction.atomic
def moderator_appoint(*, member: Member) -> Group:
    """Make ``member`` one of the instance's moderators: staff (the admin opens for
    them) in the "moderators" group, whose permissions are set to exactly
    ``MODERATOR_PERMISSIONS`` (an administrator who added one by hand sees it go).
    The same as an administrator making them staff and adding them to the group in
    /admin/; the group is made on the first appointment."""
    if not member.is_active:
        raise Conflict("Only an active member can be a moderator.", code="member_inactive")
    wanted = Q()
    for app_label, codename in MODERATOR_PERMISSIONS:
        wanted |= Q(content_type__app_label=app_label, codename=codename)
    permissions = list(Permission.objects.filter(wanted))
    if len(permissions) != len(MODERATOR_PERMISSIONS):  # migrations not run: say so
        raise RuntimeError("The moderators' permissions are missing: run `rapport migrate`.")
    group, _ = Group.objects.get_or_create(name=MODERATORS_GROUP)
    group.permissions.set(permissions)
    if not member.is_staff:
        member.is_staff = True
        member.save(update_fields=["is_staff"])
    member.groups.add(group)
    return group


def moment_as_read(moment: dt.datetime) -> str:
    """A moment as the site writes times, in the reader's time zone (the request's),
    named: "3 Jan 2027, 10:49 JST". For the moderators' pages and messages."""
    local = timezone.localtime(moment)
    return f"{local.day} {local:%b %Y, %H:%M %Z}"


@transaction.atomic
def report_resolve(
    *,
    report_id: int,
    outcome: str = ReportOutcome.UPHELD,
    only_if_open: bool = False,
    now: dt.datetime | None = None,
) -> Report:
    """A moderator decides a report (from the admin): ``upheld`` keeps it counting
    toward the reported member's standing, ``dismissed`` (unfounded) takes it out.

    A moderator may change their mind: deciding again changes the outcome and keeps
    the time it was first resolved. Requests already held stay held for a moderator
    to release; the standing of the next request reads the new outcome.

    ``only_if_open`` is for a decision made on a page that showed the report open: if
    another moderator decided it meanwhile, theirs stands and this one is refused
    (``report_already_resolved``), rather than one overturning the other unseen."""
    if outcome not in (ReportOutcome.UPHELD, ReportOutcome.DISMISSED):
        raise InvalidInput(
            f"Choose an outcome: {ReportOutcome.UPHELD} or {ReportOutcome.DISMISSED}.",
            field="outcome",
        )
    report = Report.objects.select_for_update().filter(pk=report_id).first()
    if report is None:
        raise NotFound("No such report.")
    if only_if_open and report.resolved_at is not None:
        raise Conflict(
            f"This report was already {report.outcome} on {moment_as_read(report.resolved_at)}; "
            "that decision stands.",
            code="report_already_resolved",
        )
    if report.resolved_at is None or report.outcome != outcome:
        report.resolved_at = report.resolved_at or now or timezone.now()
        report.outcome = outcome
        report.save(update_fields=["resolved_at", "outcome"])
    return report
