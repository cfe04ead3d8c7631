"""`rapport worker`: run background tasks from the database queue, and the schedule."""

from __future__ import annotations

import threading

from django.core.management import call_command
from django.core.management.base import BaseCommand

from rapport.operations.schedule import run_schedule


class Command(BaseCommand):
    help = "Run background tasks (request expiry, digests, ...) until stopped."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-schedule", action="store_true", help="Do not enqueue periodic jobs."
        )
        parser.add_argument(
            "--max-tasks", type=int, default=None, help="Exit after this many tasks."
        )
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between polls.")
        parser.add_argument(
            "--batch", action="store_true", help="Run what is queued now, then exit."
        )

    def handle(
        self,
        *args,
        no_schedule: bool,
        max_tasks: int | None,
        interval: float,
        batch: bool,
        **options,
    ):
        stop = threading.Event()
        scheduler = None
        if not no_schedule:
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
