"""`rapport worker`: run background tasks, and the periodic schedule.

By default tasks wait in the database (django-tasks-db) and one process runs them.
In production (RQ on Redis through the outbox) this process is a small supervisor:
it relays waiting tasks from PostgreSQL to Redis, runs the schedule, and keeps
``--processes`` RQ workers alive, each a process of its own that forks a fresh
process per task. Run as many of these, on as many machines, as the work needs:
the relay and the schedule coordinate through row locks in PostgreSQL.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections
from django_tasks import task_backends

from rapport.operations.production import restart_in_production
from rapport.operations.schedule import run_schedule

log = logging.getLogger("rapport.worker")

# RQ looks for abandoned jobs (a worker that vanished mid-task) this often; a job is
# abandoned once its worker missed heartbeats for about a minute (RQ's fixed margin).
# An idle worker only wakes when its blocking pop times out, after worker_ttl - 15 s
# (405 s by RQ's default), so that is shortened to match.
MAINTENANCE_SECONDS = 30
HEARTBEAT_SECONDS = 10
WORKER_TTL_SECONDS = MAINTENANCE_SECONDS + 15
# A worker process that died is replaced at once, then less eagerly if it keeps dying.
RESTART_BACKOFF_SECONDS = (1, 2, 5, 10, 30)
STOP_GRACE_SECONDS = 60


def _uses_rq() -> bool:
    from django_tasks_rq import RQBackend

    return isinstance(task_backends["default"], RQBackend)


class Command(BaseCommand):
    help = "Run background tasks (request expiry, digests, ...) until stopped."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-schedule", action="store_true", help="Do not enqueue periodic jobs."
        )
        parser.add_argument(
            "--max-tasks",
            type=int,
            default=None,
            help="Exit after this many tasks (per RQ worker process in production).",
        )
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between polls.")
        parser.add_argument(
            "--batch", action="store_true", help="Run what is queued now, then exit."
        )
        parser.add_argument(
            "--production",
            action="store_true",
            help="RQ workers on Redis, tasks through the outbox: see docs/deploy.md.",
        )
        parser.add_argument(
            "--processes",
            type=int,
            default=2,
            help="RQ worker processes to keep running (production; default 2).",
        )
        # One RQ worker, started by the supervisor; not for people.
        parser.add_argument("--rq-process", action="store_true", help=argparse.SUPPRESS)

    def handle(
        self,
        *args: Any,
        no_schedule: bool,
        max_tasks: int | None,
        interval: float,
        batch: bool,
        production: bool,
        processes: int,
        rq_process: bool,
        **options: Any,
    ) -> None:
        from django.conf import settings

        if rq_process:
            self._rq_process(batch=batch, max_tasks=max_tasks)
            return
        if production and not settings.RAPPORT_PRODUCTION:
            argv = ["worker", "--production", "--processes", str(processes)]
            argv += ["--no-schedule"] * no_schedule + ["--batch"] * batch
            if max_tasks is not None:
                argv += ["--max-tasks", str(max_tasks)]
            restart_in_production(argv)
        if processes < 1:
            raise CommandError("--processes must be at least 1.")
        if _uses_rq():
            self._supervise(
                processes=processes, batch=batch, max_tasks=max_tasks, schedule=not no_schedule
            )
        else:
            self._database_queue(
                batch=batch, max_tasks=max_tasks, interval=interval, schedule=not no_schedule
            )

    # --- default: the database queue, one process -------------------------------------

    def _database_queue(
        self, *, batch: bool, max_tasks: int | None, interval: float, schedule: bool
    ) -> None:
        stop = threading.Event()
        scheduler = None
        if schedule:
            scheduler = threading.Thread(target=run_schedule, args=(stop,), daemon=True)
            scheduler.start()
        worker_args = [
            "--interval",
            str(interval),
            "--no-startup-delay",
            "--no-reload",
            "--queue-name",
            "*",
        ]
        if batch:
            worker_args.append("--batch")
        if max_tasks is not None:
            worker_args += ["--max-tasks", str(max_tasks)]
        try:
            call_command("db_worker", *worker_args)
        finally:
            stop.set()
            if scheduler is not None:
                scheduler.join(timeout=5)

    # --- production: a supervisor, the relay, the schedule, and RQ worker processes ----

    def _supervise(
        self, *, processes: int, batch: bool, max_tasks: int | None, schedule: bool
    ) -> None:
        from rapport.operations.outbox import outbox_relay, run_relay

        if batch:
            # Everything waiting goes to Redis first, then the workers drain the queue.
            while outbox_relay() > 0:
                pass
            connections.close_all()
            children = [self._spawn(batch=True, max_tasks=max_tasks) for _ in range(processes)]
            for child in children:
                child.wait()
            return

        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        signal.signal(signal.SIGINT, lambda *_: stop.set())
        threads = [threading.Thread(target=run_relay, args=(stop,), name="relay", daemon=True)]
        if schedule:
            threads.append(
                threading.Thread(target=run_schedule, args=(stop,), name="schedule", daemon=True)
            )
        for thread in threads:
            thread.start()
        children = [self._spawn(batch=False, max_tasks=max_tasks) for _ in range(processes)]
        deaths = [0] * processes
        restart_at = [0.0] * processes
        log.info("rapport worker: %s RQ worker processes", processes, extra={"pid": os.getpid()})
        try:
            while not stop.is_set():
                for index, child in enumerate(children):
                    code = child.poll()
                    if code is None:
                        continue
                    if restart_at[index] == 0.0:
                        wait = RESTART_BACKOFF_SECONDS[
                            min(deaths[index], len(RESTART_BACKOFF_SECONDS) - 1)
                        ]
                        log.warning(
                            "RQ worker process %s exited (%s); another starts in %s s",
                            child.pid,
                            code,
                            wait,
                        )
                        deaths[index] += 1
                        restart_at[index] = time.monotonic() + wait
                    elif time.monotonic() >= restart_at[index]:
                        children[index] = self._spawn(batch=False, max_tasks=max_tasks)
                        restart_at[index] = 0.0
                stop.wait(0.5)
        finally:
            stop.set()
            self._stop_children(children)
            for thread in threads:
                thread.join(timeout=5)

    def _spawn(self, *, batch: bool, max_tasks: int | None) -> subprocess.Popen[bytes]:
        argv = [sys.executable, "-m", "rapport.runner", "worker", "--rq-process"]
        argv += ["--batch"] * batch
        if max_tasks is not None:
            argv += ["--max-tasks", str(max_tasks)]
        # A process group of its own: a terminal's Ctrl-C reaches the supervisor alone,
        # which passes one SIGTERM on (RQ's warm shutdown: the running task finishes).
        return subprocess.Popen(argv, process_group=0)  # noqa: S603 (our own interpreter)

    def _stop_children(self, children: list[subprocess.Popen[bytes]]) -> None:
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + STOP_GRACE_SECONDS
        for child in children:
            try:
                child.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()

    def _rq_process(self, *, batch: bool, max_tasks: int | None) -> None:
        import django_rq
        from django_tasks_rq import Job
        from redis.exceptions import RedisError
        from rq import Worker

        backend = task_backends["default"]
        queues = [django_rq.get_queue(name, job_class=Job) for name in sorted(backend.queues)]
        connections.close_all()  # each task runs in a forked process: share no connection
        waited = False
        while True:
            try:
                queues[0].connection.ping()
                break
            except RedisError as error:
                if batch:
                    raise CommandError(f"Redis does not answer: {error}") from error
                if not waited:
                    log.warning("RQ worker waits for Redis: %s", error)
                waited = True
                time.sleep(2)
        worker = Worker(
            queues,
            connection=queues[0].connection,
            job_class=Job,
            maintenance_interval=MAINTENANCE_SECONDS,
            job_monitoring_interval=HEARTBEAT_SECONDS,
            worker_ttl=WORKER_TTL_SECONDS,
        )
        worker.work(
            burst=batch,
            max_jobs=max_tasks,
            with_scheduler=True,
            logging_level=logging.getLevelName(logging.getLogger().getEffectiveLevel()),
        )
