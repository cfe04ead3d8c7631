"""Background work for introductions, run by `rapport worker` (hourly, see
rapport/operations/schedule.py)."""

from __future__ import annotations

from django_tasks import task

from rapport.introductions.services import introduction_reminders_send, introductions_expire


@task()
def expire_and_remind_introductions() -> dict[str, int]:
    """Expire introductions past their 14 days, then remind who has a week-old one to answer."""
    return {"expired": introductions_expire(), "reminded": introduction_reminders_send()}
