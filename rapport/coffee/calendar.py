"""A coffee pairing's hold as an iCalendar file: a tentative half hour to move."""

from __future__ import annotations

import datetime as dt

import icalendar
from django.utils import timezone

from rapport.coffee.schedule import HOLD_LENGTH
from rapport.coffee.selectors import PairingView

PRODID = "-//Rapport//Coffee rounds//EN"


def pairing_ics(view: PairingView) -> bytes:
    """A tentative event (a hold, not a meeting both accepted): the two agree on a
    time in their conversation and move it."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    event = icalendar.Event()
    # One UID per pairing and side: each keeps their own copy of the hold.
    event.add("uid", f"coffee-pairing-{view.pairing.pk}@rapport")
    event.add("dtstamp", timezone.now())
    starts = view.hold_starts_at.astimezone(dt.UTC)  # "...Z": absolute, no VTIMEZONE
    event.add("dtstart", starts)
    event.add("dtend", starts + HOLD_LENGTH)
    name = view.other.name or view.other.username
    event.add("summary", f"Coffee with {name} (hold)")
    event.add(
        "description",
        f"The coffee round of {view.round_label} paired you with {name}. A hold for half "
        "an hour: agree on a time and a place (or a call) in your conversation on Rapport.",
    )
    event.add("status", "TENTATIVE")
    event.add("transp", "OPAQUE")
    calendar.add_component(event)
    return bytes(calendar.to_ical())
