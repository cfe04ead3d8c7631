"""A member's private iCalendar feed of keep-in-touch dates.

Calendar apps subscribe to a URL and cannot log in, so the URL carries a secret:
it is shown to the member once, and only its SHA-256 digest is stored (like API
tokens). Making a new one replaces the old, which stops working at once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

import icalendar
from django.db import transaction
from django.utils import timezone

from rapport.keeper.models import CalendarFeed
from rapport.keeper.selectors import DueItem, keep_in_touch
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


def calendar_feed_ics(*, owner: Member, today: dt.date) -> bytes:
    """Everyone due in the next 90 days on their due date, and the overdue on today,
    as all-day events."""
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
    return bytes(calendar.to_ical())
