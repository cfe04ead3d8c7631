"""Writes about gatherings: create, change, cancel, invite, answer, confirm who came.

Only the host changes a gathering. A gathering a member cannot see is "not found";
one they can see but do not host answers "not permitted" (its existence is no
secret from them). Confirming attendance is what lets two attendees send each other
a request with the verified context "met at <gathering>".
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Case, Q, QuerySet, Value, When
from django.utils import timezone

from rapport.errors import Conflict, InvalidInput, InvalidTransition, NotPermitted
from rapport.gatherings.calendar import gathering_ics
from rapport.gatherings.models import (
    AGENDA_MAX,
    LINK_MAX,
    PLACE_MAX,
    TITLE_MAX,
    Attendance,
    Gathering,
)
from rapport.gatherings.notices import (
    CANCELLED,
    gathering_change_notice_on_commit,
    gathering_moved_mail,
)
from rapport.gatherings.selectors import effective_state, gathering_get, with_guest_faces
from rapport.gatherings.states import CONFIRM_WITHIN, GATHERING_GRAPH, Rsvp, Visibility
from rapport.mail import templated_email
from rapport.members.models import Member
from rapport.members.time_zones import member_time_zone, time_zone_checked, zone_named
from rapport.network.selectors import connected_ids
from rapport.prose import counted_length, one_line, paragraphs
from rapport.safety.models import Block
from rapport.safety.sending_limits import INVITATIONS_PER_DAY, refuse_beyond, sending_lock

log = logging.getLogger(__name__)

# Further ahead than this is a typo in the year, not a plan.
FURTHEST_AHEAD = dt.timedelta(days=2 * 365)
LONGEST = dt.timedelta(days=7)
INVITE_MAX = 200
REMIND_AHEAD = dt.timedelta(hours=24)
FIELDS = (
    "title",
    "time_zone",
    "starts_at",
    "ends_at",
    "place",
    "link",
    "agenda",
    "no_agenda",
    "visibility",
)


def _text(name: str, value: object, limit: int, *, single_line: bool = True) -> str:
    """A text as kept, counted as the API counts it (runs of spaces as one,
    ``rapport.prose``): the agenda keeps its line breaks, a text column holding the
    character more each blank line takes."""
    if not isinstance(value, str):
        raise InvalidInput(f"The {name} must be text.", field=name)
    value = one_line(value) if single_line else paragraphs(value)
    length = counted_length(value)
    if length > limit:
        raise InvalidInput(
            f"The {name} is {length:,} characters; the limit is {limit:,}.", field=name
        )
    return value


# How each time is named when the clocks make it no time at all, or two.
_TIME_NAMES = {"starts_at": "start", "ends_at": "end"}


def _local(name: str, value: dt.datetime, zone: dt.tzinfo) -> dt.datetime:
    """``value`` read in ``zone``: the gathering's, or the host's (the current one) for
    a gathering with none. A time the clocks skip (their hour forward) never happens,
    and one they repeat (their hour back) happens twice: either would put the gathering
    an hour from where the host meant it, so it is refused, saying which hour and what
    to pick instead."""
    if timezone.is_aware(value):
        return value
    first, second = value.replace(tzinfo=zone), value.replace(tzinfo=zone, fold=1)
    before, after = first.utcoffset(), second.utcoffset()
    if before is None or after is None or before == after:
        return first
    clock_from, clock_to = _clock_change(value, zone, before, after)
    when = f"{value:%H:%M} on {value:%A} {value.day} {value:%B %Y}"
    hour = f"{clock_from:%H:%M} to {clock_to:%H:%M}"
    if after > before:
        what = (
            f"does not exist in {zone}: the clocks skip forward that night, "
            f"from {clock_from:%H:%M} straight to {clock_to:%H:%M}"
        )
    else:
        what = (
            f"happens twice in {zone}: the clocks go back that night, "
            f"from {clock_to:%H:%M} to {clock_from:%H:%M}, and repeat {hour}"
        )
    raise InvalidInput(
        f"The {_TIME_NAMES[name]} time, {when}, {what}. Pick a time before "
        f"{clock_from:%H:%M} or from {clock_to:%H:%M}.",
        field=name,
    )


def _clock_change(
    value: dt.datetime, zone: dt.tzinfo, before: dt.timedelta, after: dt.timedelta
) -> tuple[dt.datetime, dt.datetime]:
    """The wall-clock hour (start, end) that the change near ``value`` skips or repeats:
    the moment the offset turns from ``before`` to ``after`` lies within the hour or
    so around ``value`` (in UTC), and is found to the second."""
    naive_utc = value.replace(tzinfo=dt.UTC)
    low = naive_utc - max(before, after)  # still on ``before``
    high = naive_utc - min(before, after)  # already on ``after``
    while high - low > dt.timedelta(seconds=1):
        middle = low + (high - low) / 2
        if middle.astimezone(zone).utcoffset() == before:
            low = middle
        else:
            high = middle
    change = high.replace(tzinfo=None, microsecond=0)
    return change + min(before, after), change + max(before, after)


def _time_zone(value: object, *, kept: str) -> str:
    """The gathering's zone as the zone database spells it, or "" for none. The zone it
    already has, given back unchanged, is kept even if this machine's database has
    since retired the name: the host who corrects a title is not made to choose anew."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return ""
    if value == kept and kept:
        return kept
    return time_zone_checked(value, field="time_zone")


def _clean(
    values: Mapping[str, Any],
    *,
    now: dt.datetime,
    starting: bool,
    kept_link: str = "",
    kept_time_zone: str = "",
) -> dict[str, Any]:
    """Every field of a gathering, checked together (``values`` is complete).

    ``kept_link`` is the link the gathering already has: given back unchanged, it is
    not held to the https rule, which came after some were saved. Refusing it would
    protect nobody (it stays on the page either way) and would stop the host from
    moving the time until they found a new link."""
    title = _text("title", values["title"], TITLE_MAX)
    if not title:
        raise InvalidInput("Give the gathering a title.", field="title")
    time_zone = _time_zone(values["time_zone"], kept=kept_time_zone)
    starts_at, ends_at = values["starts_at"], values["ends_at"]
    for name, value in (("starts_at", starts_at), ("ends_at", ends_at)):
        if not isinstance(value, dt.datetime):
            raise InvalidInput(f"Say when it {name[:-3]}s, as a date and time.", field=name)
    # A time without its zone is the time at the place (the gathering's zone), or with
    # none the host's own, as the page's form reads it; the API refuses one without
    # an offset.
    zone = zone_named(time_zone) if time_zone else timezone.get_current_timezone()
    starts_at = _local("starts_at", starts_at, zone)
    ends_at = _local("ends_at", ends_at, zone)
    if starting and starts_at <= now:
        raise InvalidInput("A gathering starts in the future.", field="starts_at")
    if starts_at > now + FURTHEST_AHEAD:
        raise InvalidInput("A gathering starts within the next two years.", field="starts_at")
    if ends_at <= starts_at:
        raise InvalidInput("It must end after it starts.", field="ends_at")
    if ends_at - starts_at > LONGEST:
        raise InvalidInput("A gathering lasts at most seven days.", field="ends_at")
    place = _text("place", values["place"] or "", PLACE_MAX)
    link = _text("link", values["link"] or "", LINK_MAX)
    if link:
        try:
            URLValidator(schemes=["http", "https"])(link)
        except ValidationError:
            raise InvalidInput(
                f"{link!r} is not a web address (https://...).", field="link"
            ) from None
        # Members follow this link to join, signed in to a meeting: plain http would
        # carry that session (and often a passcode in the address) in the clear.
        if not link.lower().startswith("https://") and link != kept_link:
            raise InvalidInput(
                f"The link to join must start with https://, not {link.split(':', 1)[0]}://.",
                field="link",
            )
    if not place and not link:
        raise InvalidInput("Say where: a place, a link to join, or both.", field="place")
    agenda = _text("agenda", values["agenda"] or "", AGENDA_MAX, single_line=False)
    no_agenda = bool(values["no_agenda"])
    if agenda and no_agenda:
        raise InvalidInput(
            'Either write an agenda or choose "no agenda, just conversation", not both.',
            field="agenda",
        )
    if not agenda and not no_agenda:
        raise InvalidInput(
            'Write an agenda, or choose "no agenda, just conversation".', field="agenda"
        )
    visibility = values["visibility"]
    if visibility not in Visibility.values:
        raise InvalidInput(
            f"Who may come is one of {', '.join(Visibility.values)}; not {visibility!r}.",
            field="visibility",
        )
    return {
        "title": title,
        "time_zone": time_zone,
        "starts_at": starts_at,
        "ends_at": ends_at,
        "place": place,
        "link": link,
        "agenda": agenda,
        "no_agenda": no_agenda,
        "visibility": visibility,
    }


@transaction.atomic
def gathering_create(
    *,
    host: Member,
    title: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    time_zone: str = "",
    place: str = "",
    link: str = "",
    agenda: str = "",
    no_agenda: bool = False,
    visibility: str = Visibility.INVITE,
    now: dt.datetime | None = None,
) -> Gathering:
    """A new gathering, hosted by ``host``, who is its first guest. ``time_zone``, an
    IANA name or "" for none, is shown to everyone who sees the gathering: only the
    host's choice puts it there, never their own zone unasked."""
    now = now or timezone.now()
    cleaned = _clean(
        {
            "title": title,
            "time_zone": time_zone,
            "starts_at": starts_at,
            "ends_at": ends_at,
            "place": place,
            "link": link,
            "agenda": agenda,
            "no_agenda": no_agenda,
            "visibility": visibility,
        },
        now=now,
        starting=True,
    )
    gathering = Gathering.objects.create(host=host, created_at=now, updated_at=now, **cleaned)
    Attendance.objects.create(
        gathering=gathering, member=host, rsvp=Rsvp.YES, rsvp_at=now, created_at=now
    )
    return gathering


def _hosted_for_update(*, host: Member, gathering_id: int) -> Gathering:
    gathering = gathering_get(member=host, gathering_id=gathering_id)  # 404 when unseen
    if gathering.host_id != host.pk:
        raise NotPermitted("Only the host can do this.")
    return Gathering.objects.select_for_update().get(pk=gathering.pk)


# What has become of a gathering that is no longer upcoming, by its state, as the
# refusals below say it.
_BECAME = {
    "ended": "has ended",
    "confirmed": "has ended and its attendance is confirmed",
    "lapsed": "has ended",
    "cancelled": "was cancelled",
}


def _still_upcoming(gathering: Gathering, *, now: dt.datetime, too_late: str) -> None:
    """Refuse to act on a gathering that has started, ended or been cancelled, saying
    which and what can no longer be done (``too_late``: "it can no longer be
    changed"). The codes are those the API has always answered: ``started`` while it
    is on, ``invalid_transition`` once its state moved on."""
    state = effective_state(gathering, now=now)
    if state != "upcoming":
        raise InvalidTransition(f"This gathering {_BECAME[state]}, so {too_late}.")
    if gathering.starts_at <= now:
        raise Conflict(f"This gathering has started, so {too_late}.", code="started")


def gathering_changeable_check(gathering: Gathering, *, now: dt.datetime) -> None:
    """Refuse, saying why, to change a gathering that has started, ended or been
    cancelled: the change page says so before anyone types a change in vain."""
    _still_upcoming(gathering, now=now, too_late="it can no longer be changed")


@transaction.atomic
def gathering_update(
    *, host: Member, gathering_id: int, now: dt.datetime | None = None, **changes: Any
) -> Gathering:
    """Change what the host said: fields left out stay; the whole is checked again."""
    now = now or timezone.now()
    unknown = set(changes) - set(FIELDS)
    if unknown:
        name = sorted(unknown)[0]
        raise InvalidInput(f"Unknown field {name!r}.", field=name)
    gathering = _hosted_for_update(host=host, gathering_id=gathering_id)
    gathering_changeable_check(gathering, now=now)
    values = {name: getattr(gathering, name) for name in FIELDS}
    values.update(changes)
    # Turning an agenda off, or writing one, replaces the other.
    if changes.get("no_agenda") and "agenda" not in changes:
        values["agenda"] = ""
    if changes.get("agenda") and "no_agenda" not in changes:
        values["no_agenda"] = False
    cleaned = _clean(
        values,
        now=now,
        starting=values["starts_at"] != gathering.starts_at,
        kept_link=gathering.link,
        kept_time_zone=gathering.time_zone,
    )
    # The page sends every field back, the time too: only a time that moved deserves
    # a new reminder, not a corrected title the day before.
    if cleaned["starts_at"] != gathering.starts_at:
        gathering.reminded_at = None
    # A guest coming plans around when and where; a corrected title changes no plan.
    # Whoever said yes before then said it to another plan (``answered_before_move``).
    moved = any(
        cleaned[name] != getattr(gathering, name) for name in ("starts_at", "place", "link")
    )
    if moved:
        gathering.moved_at = now
    if cleaned["visibility"] == Visibility.INVITE and gathering.visibility != Visibility.INVITE:
        # Closing it to the community keeps on the guest list whoever said they would
        # come: otherwise a gathering they answered yes to would be "not found" to
        # them, while the host still counts on them and the reminder still goes out.
        Attendance.objects.filter(
            gathering=gathering, invited=False, rsvp__in=[Rsvp.YES, Rsvp.MAYBE]
        ).update(invited=True)
    for name, value in cleaned.items():
        setattr(gathering, name, value)
    if moved:
        # Mailed at once, or with the moves after it (notices.py: not one mail a move).
        gathering_moved_mail(gathering, now=now)
    gathering.updated_at = now
    gathering.save()
    return gathering


@transaction.atomic
def gathering_cancel(
    *, host: Member, gathering_id: int, now: dt.datetime | None = None
) -> Gathering:
    now = now or timezone.now()
    gathering = _hosted_for_update(host=host, gathering_id=gathering_id)
    if gathering.state == "cancelled":
        raise InvalidTransition("This gathering is already cancelled.")
    _still_upcoming(gathering, now=now, too_late="it can no longer be cancelled")
    GATHERING_GRAPH.check("upcoming", "cancelled")
    gathering.state = "cancelled"
    gathering.updated_at = now
    # The cancellation says all: a move still waiting to be mailed is not.
    gathering.move_mail_due_at = None
    gathering.save(update_fields=["state", "updated_at", "move_mail_due_at"])
    gathering_change_notice_on_commit(gathering, CANCELLED)
    return gathering


def _blocked_with(member_id: int, others: Iterable[int]) -> set[int]:
    others = list(others)
    rows = Block.objects.filter(
        Q(blocker_id=member_id, blocked_id__in=others)
        | Q(blocked_id=member_id, blocker_id__in=others)
    ).values_list("blocker_id", "blocked_id")
    return {blocked if blocker == member_id else blocker for blocker, blocked in rows}


def _invitations_sent(*, host: Member, now: dt.datetime) -> QuerySet[Attendance]:
    """The invited guests' rows on the host's gatherings, for the daily limit: only a
    gathering that had not started by the window's start could take one within it,
    which keeps the count to the host's recent gatherings (their index), not all they
    held."""
    return Attendance.objects.filter(
        gathering__host=host,
        gathering__starts_at__gt=now - INVITATIONS_PER_DAY.window,
        invited=True,
    ).exclude(member=host)


@transaction.atomic
def gathering_invite(
    *,
    host: Member,
    gathering_id: int,
    member_ids: Iterable[int],
    now: dt.datetime | None = None,
) -> list[Attendance]:
    """Invite members: the host's connections, or guests who already answered this
    gathering; inviting someone twice changes nothing. Returns the invitations, each
    guest with their photo's hash (``with_guest_faces``). Past the host's daily limit
    of invitations (``rapport.safety.sending_limits``), ``BudgetExceeded`` says when
    these become possible, and nobody is invited."""
    ids = list(dict.fromkeys(member_ids))
    if not ids:
        raise InvalidInput("Choose whom to invite.", field="member_ids")
    if len(ids) > INVITE_MAX:
        raise InvalidInput(
            f"Invite at most {INVITE_MAX} members at once; this was {len(ids)}.", field="member_ids"
        )
    # Before anything is read: invitations to two gatherings at once are counted in turn.
    sending_lock("gathering invitations", member_id=host.pk)
    # The time is read once the lock is held: read before, a send that waited would
    # not count one written meanwhile with a later time (sending_limits.py).
    now = now or timezone.now()
    gathering = _hosted_for_update(host=host, gathering_id=gathering_id)
    _still_upcoming(gathering, now=now, too_late="it is too late to invite anyone")
    if host.pk in ids:
        raise InvalidInput("You host it: no need to invite yourself.", field="member_ids")
    existing = {
        row.member_id: row
        for row in Attendance.objects.select_for_update().filter(
            gathering=gathering, member_id__in=ids
        )
    }
    # An invitation is the host reaching out, so it goes to people they know: their
    # connections, as the page offers them. Anyone else would get it unasked, as a
    # leaflet would come; a community gathering is there for them to find instead.
    # Whoever already answered this gathering came to it on their own, so inviting
    # them (to keep them when it closes to invited members) asks nothing new.
    known = connected_ids(member_id=host.pk) | {
        member_id for member_id, row in existing.items() if row.rsvp
    }
    found = set(
        Member.objects.filter(pk__in=ids, is_active=True)
        .filter(pk__in=known)
        .values_list("pk", flat=True)
    )
    # Someone who blocked the host (or whom the host blocked) is refused as a stranger
    # is: the host learns nothing of the block.
    found -= _blocked_with(host.pk, found)
    if strangers := [member_id for member_id in ids if member_id not in found]:
        raise InvalidInput(
            f"Member {strangers[0]} is not one of your connections: you invite people you "
            "are connected with. To welcome others, open the gathering to the community "
            "and they can find it and answer.",
            field="member_ids",
        )
    refuse_beyond(
        INVITATIONS_PER_DAY,
        _invitations_sent(host=host, now=now),
        now=now,
        adding=sum(1 for member_id in ids if member_id not in existing),
    )
    Attendance.objects.filter(pk__in=[row.pk for row in existing.values()]).update(invited=True)
    Attendance.objects.bulk_create(
        Attendance(gathering=gathering, member_id=member_id, invited=True, created_at=now)
        for member_id in ids
        if member_id not in existing
    )
    return with_guest_faces(
        Attendance.objects.filter(gathering=gathering, member_id__in=ids), gathering=gathering
    )


@transaction.atomic
def gathering_rsvp(
    *, member: Member, gathering_id: int, answer: str, now: dt.datetime | None = None
) -> Attendance:
    """Answer yes, maybe or no, until the gathering starts; answering again replaces it."""
    now = now or timezone.now()
    if answer not in Rsvp.values:
        raise InvalidInput(f"Answer {', '.join(Rsvp.values)}; not {answer!r}.", field="answer")
    gathering = gathering_get(member=member, gathering_id=gathering_id)
    if gathering.host_id == member.pk:
        raise Conflict("You host this gathering, so you are coming.", code="host_rsvp")
    gathering = Gathering.objects.select_for_update().get(pk=gathering.pk)
    if effective_state(gathering, now=now) == "cancelled":
        raise Conflict("The host cancelled this gathering.", code="cancelled")
    if gathering.starts_at <= now:
        raise Conflict("The gathering has started: answers are closed.", code="started")
    attendance, _created = Attendance.objects.select_for_update().get_or_create(
        gathering=gathering, member=member, defaults={"created_at": now}
    )
    attendance.rsvp, attendance.rsvp_at = answer, now
    attendance.save(update_fields=["rsvp", "rsvp_at"])
    return attendance


@transaction.atomic
def gathering_confirm_attendance(
    *,
    host: Member,
    gathering_id: int,
    attended_ids: Iterable[int],
    now: dt.datetime | None = None,
) -> Gathering:
    """After it ends (and for 30 days) the host says who came. The host came too.

    May be said again to correct it. Those confirmed see one another afterwards, and
    a request between two of them carries "met at <title>" as a verified context.
    """
    now = now or timezone.now()
    gathering = _hosted_for_update(host=host, gathering_id=gathering_id)
    state = effective_state(gathering, now=now)
    if gathering.ends_at > now and state == "upcoming":
        raise Conflict("Attendance is confirmed after the gathering ends.", code="not_ended")
    if state not in ("ended", "confirmed"):
        GATHERING_GRAPH.check(state, "confirmed")
    ids = set(attended_ids) | {host.pk}
    guests = set(Attendance.objects.filter(gathering=gathering).values_list("member_id", flat=True))
    if strangers := sorted(ids - guests):
        raise InvalidInput(
            f"Member {strangers[0]} was neither invited nor answered; only guests can be "
            "confirmed.",
            field="attended_ids",
        )
    Attendance.objects.filter(gathering=gathering).update(
        attended=Case(When(member_id__in=ids, then=Value(True)), default=Value(False))
    )
    if gathering.state == "upcoming":
        GATHERING_GRAPH.check("upcoming", "ended")
        gathering.state = "ended"
    if gathering.state == "ended":
        GATHERING_GRAPH.check("ended", "confirmed")
        gathering.state = "confirmed"
    gathering.confirmed_at = now
    gathering.updated_at = now
    gathering.save(update_fields=["state", "confirmed_at", "updated_at"])
    return gathering


@transaction.atomic
def gatherings_advance(*, now: dt.datetime | None = None) -> int:
    """Move gatherings whose end has passed to "ended", and those unconfirmed for
    30 days after to "lapsed". Idempotent; returns how many moved."""
    now = now or timezone.now()
    ended = Gathering.objects.filter(state="upcoming", ends_at__lte=now).update(
        state="ended", updated_at=now
    )
    lapsed = Gathering.objects.filter(state="ended", ends_at__lte=now - CONFIRM_WITHIN).update(
        state="lapsed", updated_at=now
    )
    return ended + lapsed


def _reminder(gathering: Gathering, member: Member) -> EmailMessage:
    """The reminder to ``member``, its times in their time zone (the .ics is in UTC)."""
    context = {
        "gathering": gathering,
        "member": member,
    }
    message = templated_email("gatherings/email/reminder", context, to=member.email)
    message.attach("gathering.ics", gathering_ics(gathering), "text/calendar")
    return message


def gathering_reminders_send(*, now: dt.datetime | None = None) -> int:
    """The day before: a reminder with the .ics to everyone who said yes or maybe.
    Each gathering is marked first (in its own transaction), so a reminder goes once
    even when two workers run this together. Returns how many emails went out."""
    now = now or timezone.now()
    sent = 0
    due = Gathering.objects.filter(
        state="upcoming",
        reminded_at__isnull=True,
        starts_at__gt=now,
        starts_at__lte=now + REMIND_AHEAD,
    ).values_list("pk", flat=True)
    for gathering_id in list(due):
        with transaction.atomic():
            marked = Gathering.objects.filter(pk=gathering_id, reminded_at__isnull=True).update(
                reminded_at=now
            )
        if not marked:
            continue
        gathering = Gathering.objects.get(pk=gathering_id)
        coming = Member.objects.filter(
            is_active=True,
            gathering_attendances__gathering=gathering,
            gathering_attendances__rsvp__in=[Rsvp.YES, Rsvp.MAYBE],
        ).exclude(email="")
        for member in coming:
            try:
                with member_time_zone(member):
                    message = _reminder(gathering, member)
                message.send()
                sent += 1
            except Exception:  # one refused address must not stop the others
                log.exception("gathering reminder %s to %s failed", gathering_id, member.pk)
    return sent
