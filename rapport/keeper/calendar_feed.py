"""A member's private iCalendar feed of keep-in-touch dates, birthdays and other
yearly dates of the people in their keeper.

Calendar apps subscribe to a URL and cannot log in, so the URL carries a secret:
it is shown to the member once, and only its SHA-256 digest is stored (like API
tokens). Making a new one replaces the old, which stops working at once. The feed
holds the token's owner's keeper and nothing of anyone else's.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import secrets

import icalendar
from django.db import transaction
from django.utils import timezone

from rapport.keeper.models import CalendarFeed, PersonDate
from rapport.keeper.selectors import DueItem, keep_in_touch, yearly_dates_of
from rapport.keeper.vocabulary import DateKind
from rapport.members.models import Member

HORIZON_DAYS = 90
PRODID = "-//Rapport//Keeper keep-in-touch feed//EN"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def calendar_feed_create(*, owner: Member) -> str:
    """A new secret token for ``owner``'s feed, returned once; any older one is revoked."""
    token = secrets.token_urlsafe(32)
    CalendarFeed.objects.update_or_create(
        owner=owner, defaults={"digest": _digest(token), "created_at": timezone.now()}
    )
    return token


@transaction.atomic
def calendar_feed_revoke(*, owner: Member) -> None:
    CalendarFeed.objects.filter(owner=owner).delete()


def calendar_feed_owner(token: str) -> Member | None:
    """The member whose feed ``token`` opens, or None (unknown, revoked, inactive)."""
    if not token or len(token) > 200:
        return None
    feed = (
        CalendarFeed.objects.select_related("owner")
        .filter(digest=_digest(token), owner__is_active=True)
        .first()
    )
    return feed.owner if feed is not None else None


def _event(item: DueItem, *, day: dt.date, stamp: dt.datetime) -> icalendar.Event:
    event = icalendar.Event()
    # One UID per person: when the date moves, calendar apps move the event.
    event.add("uid", f"keeper-person-{item.person.pk}@rapport")
    event.add("dtstamp", stamp)
    event.add("dtstart", day)
    event.add("dtend", day + dt.timedelta(days=1))
    event.add("summary", f"Reach out to {item.person.name}")
    overdue = f"Overdue since {item.due_on:%Y-%m-%d}. " if item.days_overdue > 0 else ""
    event.add("description", f"{overdue}{item.reason}.")
    event.add("transp", "TRANSPARENT")  # a reminder, not a busy slot
    return event


def _first_day(date: PersonDate) -> dt.date:
    """The event's first day: the date itself when its year is known; otherwise its
    day in the year it was added, which stays put from one poll to the next (for 29
    February, the last leap year up to then)."""
    if date.year is not None:
        return dt.date(date.year, date.month, date.day)
    year = date.created_at.year
    if date.month == 2 and date.day == 29:
        while not calendar.isleap(year):
            year -= 1
    return dt.date(year, date.month, date.day)


def _yearly_summary(date: PersonDate) -> str:
    name = date.person.name
    if date.kind == DateKind.BIRTHDAY:
        return f"{name}'s birthday"
    if date.kind == DateKind.ANNIVERSARY and not date.label:
        return f"{name}'s anniversary"
    return f"{name}: {date.label}"


def _yearly_event(date: PersonDate, *, stamp: dt.datetime) -> icalendar.Event:
    """One all-day event that repeats every year.

    RFC 5545 (3.3.10) says a yearly rule that lands on a day the year lacks makes no
    event that year, so ``FREQ=YEARLY`` from 29 February would show a leap-day
    birthday once every four years (Google Calendar and Apple's do just that). Such a
    date repeats instead on February's last day, ``BYMONTH=2;BYMONTHDAY=-1``: the 29th
    in a leap year, the 28th otherwise, as the keeper shows it. Its first day is a 29
    February, so the rule and the start agree, as the RFC asks.
    """
    event = icalendar.Event()
    # One UID per date, for as long as it is kept: an edit moves the event.
    event.add("uid", f"keeper-date-{date.pk}@rapport")
    event.add("dtstamp", stamp)
    first = _first_day(date)
    event.add("dtstart", first)
    event.add("dtend", first + dt.timedelta(days=1))
    if date.month == 2 and date.day == 29:
        event.add("rrule", {"freq": "yearly", "bymonth": 2, "bymonthday": -1})
    else:
        event.add("rrule", {"freq": "yearly"})
    event.add("summary", _yearly_summary(date))
    if date.year is not None:
        since = "Born in" if date.kind == DateKind.BIRTHDAY else "Since"
        event.add("description", f"{since} {date.year}.")
    event.add("transp", "TRANSPARENT")  # a reminder, not a busy slot
    return event


def calendar_feed_ics(*, owner: Member, today: dt.date) -> bytes:
    """Everyone due in the next 90 days on their due date, and the overdue on today,
    as all-day events; and every birthday, anniversary and other yearly date of the
    owner's people (archived ones aside) as an all-day event that repeats each year."""
    due = keep_in_touch(owner=owner, today=today, horizon_days=HORIZON_DAYS)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "Rapport: keep in touch")
    # Calendar apps poll at their own pace; this asks for about twice a day.
    calendar.add("refresh-interval", dt.timedelta(hours=12), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT12H")
    stamp = timezone.now()
    for item in due.overdue:
        calendar.add_component(_event(item, day=today, stamp=stamp))
    for item in due.due_soon:
        calendar.add_component(_event(item, day=item.due_on, stamp=stamp))
    for date in yearly_dates_of(owner=owner):
        calendar.add_component(_yearly_event(date, stamp=stamp))
    return bytes(calendar.to_ical())
