"""One gathering as an iCalendar file, for the member's own calendar app."""

from __future__ import annotations

import datetime as dt

import icalendar
from django.utils import timezone

from rapport.gatherings.models import Gathering
from rapport.gatherings.states import NO_AGENDA_TEXT

PRODID = "-//Rapport//Gatherings//EN"


def gathering_ics(gathering: Gathering) -> bytes:
    """A VEVENT with a stable UID, so a changed or cancelled gathering updates the
    event already in the calendar rather than adding a second one."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    event = icalendar.Event()
    event.add("uid", f"gathering-{gathering.pk}@rapport")
    event.add("dtstamp", timezone.now())
    event.add("last-modified", gathering.updated_at)
    # The revision grows with every change, as RFC 5545 asks of an updated event.
    event.add(
        "sequence", int(gathering.updated_at.timestamp()) - int(gathering.created_at.timestamp())
    )
    # In UTC ("...Z"): absolute, whoever's zone the times were read in, and needing
    # no VTIMEZONE block.
    event.add("dtstart", gathering.starts_at.astimezone(dt.UTC))
    event.add("dtend", gathering.ends_at.astimezone(dt.UTC))
    event.add("summary", gathering.title)
    where = gathering.place or gathering.link
    event.add("location", where)
    if gathering.link:
        event.add("url", gathering.link)
    about = gathering.agenda or NO_AGENDA_TEXT
    host = gathering.host.name or gathering.host.username
    event.add("description", f"{about}\n\nHosted by {host} on Rapport.")
    event.add("status", "CANCELLED" if gathering.state == "cancelled" else "CONFIRMED")
    calendar.add_component(event)
    return bytes(calendar.to_ical())
