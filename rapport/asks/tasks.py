"""Background work for asks and offers, run by `rapport worker` (hourly, see
rapport/operations/schedule.py)."""

from __future__ import annotations

from django_tasks import task

from rapport.asks.services import ask_reminders_send, asks_expire


@task()
def expire_and_remind_asks() -> dict[str, int]:
    """Remind posters whose asks lapse within three days, then lapse the ones past 30."""
    return {"reminded": ask_reminders_send(), "expired": asks_expire()}
