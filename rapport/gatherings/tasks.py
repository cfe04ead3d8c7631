"""Background work for gatherings, run by `rapport worker`: moving ended gatherings on
and the day-before reminders."""

from __future__ import annotations

from django_tasks import task

from rapport.gatherings.services import gathering_reminders_send, gatherings_advance


@task()
def advance_gatherings() -> int:
    """Ended gatherings become "ended"; unconfirmed 30 days later, "lapsed"."""
    return gatherings_advance()


@task()
def send_gathering_reminders() -> int:
    """A reminder, with the .ics, to everyone coming to a gathering in the next day."""
    return gathering_reminders_send()
