"""Background work for gatherings, run by `rapport worker`: moving ended gatherings on
the day-before reminders, and telling guests of a new time or a cancellation (a burst
of moves once, with the latest plan: ``notices.py``)."""

from __future__ import annotations

from django_tasks import task

from rapport.gatherings.notices import (
    gathering_change_notices_send,
    gathering_move_mails_due_send,
)
from rapport.gatherings.services import gathering_reminders_send, gatherings_advance


@task()
def advance_gatherings() -> int:
    """Ended gatherings become "ended"; unconfirmed 30 days later, "lapsed"."""
    return gatherings_advance()


@task()
def send_gathering_reminders() -> int:
    """A reminder, with the .ics, to everyone coming to a gathering in the next day."""
    return gathering_reminders_send()


@task()
def send_gathering_change_notices(gathering_id: int, change: str) -> int:
    """Tell the guests coming that the host moved or cancelled the gathering."""
    return gathering_change_notices_send(gathering_id=gathering_id, change=change)


@task()
def send_gathering_move_mails() -> int:
    """Mail the moves that waited for their window: one mail with the latest plan."""
    return gathering_move_mails_due_send()
