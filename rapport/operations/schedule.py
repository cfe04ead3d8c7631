"""Periodic jobs the worker enqueues for itself.

The Tasks API has no scheduler, so every `rapport worker` runs one small thread that
looks, every half minute, for jobs whose period has begun. Periods are aligned to
the epoch (an hourly job's period starts on the hour) and each job's last enqueued
period is a ``ScheduledRun`` row, locked while a worker decides and written in the
same transaction as the enqueue: however many workers run, on however many
machines, each job is enqueued once a period.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from dataclasses import dataclass

from django.db import (
    InterfaceError,
    OperationalError,
    close_old_connections,
    connections,
    transaction,
)
from django.utils import timezone
from django.utils.module_loading import import_string

from rapport.operations.models import ScheduledRun

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PeriodicJob:
    task_path: str
    every: dt.timedelta


PERIODIC_JOBS = (
    PeriodicJob("rapport.network.tasks.expire_connection_requests", dt.timedelta(hours=1)),
    # Hourly check; each member gets at most one keep-in-touch digest a week.
    PeriodicJob("rapport.keeper.tasks.send_keeper_digests", dt.timedelta(hours=1)),
    # Introductions lapse after 14 days and asks after 30; one reminder before each.
    PeriodicJob(
        "rapport.introductions.tasks.expire_and_remind_introductions", dt.timedelta(hours=1)
    ),
    PeriodicJob("rapport.asks.tasks.expire_and_remind_asks", dt.timedelta(hours=1)),
    # Gatherings end and lapse; a reminder the day before; Monday's coffee round.
    PeriodicJob("rapport.gatherings.tasks.advance_gatherings", dt.timedelta(hours=1)),
    PeriodicJob("rapport.gatherings.tasks.send_gathering_reminders", dt.timedelta(hours=1)),
    # Moves held within the wait after the last mail about one: mailed once it is up.
    PeriodicJob("rapport.gatherings.tasks.send_gathering_move_mails", dt.timedelta(minutes=5)),
    PeriodicJob("rapport.coffee.tasks.run_coffee_round", dt.timedelta(hours=1)),
    # What waits for each member unseen for ten minutes: mailed within a quarter of an
    # hour, or each morning (rapport/notifications/rhythm.py).
    PeriodicJob("rapport.notifications.tasks.send_notifications", dt.timedelta(minutes=5)),
    # Expired sessions sign nobody in, but their rows stay until deleted.
    PeriodicJob("rapport.members.tasks.clear_expired_sessions", dt.timedelta(days=1)),
)

POLL_SECONDS = 30.0


def period_start(job: PeriodicJob, now: dt.datetime) -> dt.datetime:
    every = job.every.total_seconds()
    return dt.datetime.fromtimestamp(now.timestamp() // every * every, tz=dt.UTC)


@transaction.atomic
def _enqueue_if_due(job: PeriodicJob, *, now: dt.datetime) -> bool:
    start = period_start(job, now)
    run, created = ScheduledRun.objects.select_for_update().get_or_create(
        task_path=job.task_path, defaults={"period_start": start, "enqueued_at": now}
    )
    if not created and run.period_start >= start:
        return False
    import_string(job.task_path).enqueue()
    if not created:
        run.period_start, run.enqueued_at = start, now
        run.save(update_fields=["period_start", "enqueued_at"])
    return True


def schedule_tick(
    *, now: dt.datetime | None = None, jobs: tuple[PeriodicJob, ...] = PERIODIC_JOBS
) -> list[str]:
    """Enqueue each job whose current period it has not been enqueued for yet.

    Returns the task paths enqueued by this call (by this worker). A database that does
    not answer ends the tick (OperationalError, InterfaceError): every other job would
    fail the same way, and the next tick tries them all again.
    """
    now = now or timezone.now()
    enqueued = []
    for job in jobs:
        try:
            if _enqueue_if_due(job, now=now):
                enqueued.append(job.task_path)
        except (OperationalError, InterfaceError):
            raise
        except Exception:  # one job's fault must not keep the others from their periods
            log.exception("could not enqueue %s", job.task_path)
    return enqueued


def run_schedule(stop: threading.Event, jobs: tuple[PeriodicJob, ...] = PERIODIC_JOBS) -> None:
    """Run ``schedule_tick`` every POLL_SECONDS until ``stop`` is set, and outlive an
    outage of the database: one line when it goes away and one when it is back, not a
    traceback per job per poll (as the outbox relay says of Redis)."""
    poll = min([POLL_SECONDS, *(job.every.total_seconds() / 4 for job in jobs)])
    failing = False
    while not stop.is_set():
        try:
            close_old_connections()
            schedule_tick(jobs=jobs)
        except (OperationalError, InterfaceError) as error:
            if not failing:
                log.warning("schedule paused: %s", " ".join(str(error).split())[:300])
            failing = True
        else:
            if failing:
                log.warning("schedule resumed")
            failing = False
        stop.wait(poll)
    connections.close_all()
