"""Periodic jobs the worker enqueues for itself.

The Tasks API has no scheduler, so `rapport worker` runs one small thread that
enqueues each job on its interval. Jobs are idempotent (expiring what is due), so
two workers enqueueing the same job only repeat harmless work.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from dataclasses import dataclass

from django.db import close_old_connections

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PeriodicJob:
    task_path: str
    every: dt.timedelta


PERIODIC_JOBS = (
    PeriodicJob("rapport.network.tasks.expire_connection_requests", dt.timedelta(hours=1)),
    # Hourly check; each member gets at most one keep-in-touch digest a week.
    PeriodicJob("rapport.keeper.tasks.send_keeper_digests", dt.timedelta(hours=1)),
)


def _enqueue(job: PeriodicJob) -> None:
    from django.utils.module_loading import import_string

    import_string(job.task_path).enqueue()


def run_schedule(stop: threading.Event, jobs: tuple[PeriodicJob, ...] = PERIODIC_JOBS) -> None:
    """Enqueue every job at once, then each on its interval, until ``stop`` is set."""
    next_run = dict.fromkeys(jobs, 0.0)
    import time

    while not stop.is_set():
        now = time.monotonic()
        for job in jobs:
            if now >= next_run[job]:
                try:
                    close_old_connections()
                    _enqueue(job)
                except Exception:  # the schedule must outlive one failed enqueue
                    log.exception("could not enqueue %s", job.task_path)
                next_run[job] = now + job.every.total_seconds()
        stop.wait(min(next_run.values()) - time.monotonic() if next_run else 60)
