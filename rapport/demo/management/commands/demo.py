"""`rapport demo`: a working community on this machine in one command.

Migrates, seeds the demo community once (a second run leaves it alone), prints
where to go and how to log in, then serves on loopback and does in the same process
what `rapport worker` does beside a real server: runs background tasks (imports,
emails to the console) and the periodic schedule (notification mail every five
minutes, expiries, digests, coffee rounds).
"""

from __future__ import annotations

import contextlib
import os
import shlex
import sys
import threading
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser, OutputWrapper
from django.test.utils import override_settings
from django_tasks import task_backends
from django_tasks_db import DatabaseBackend
from django_tasks_db.management.commands.db_worker import Worker

from rapport.demo.seed import DEMO_EMAIL_DOMAIN, SeedResult, demo_community_seed
from rapport.errors import RapportError
from rapport.members.two_step_codes import secret_grouped
from rapport.operations.management.commands.serve import port_number
from rapport.operations.schedule import run_schedule

HOST = "127.0.0.1"
CONSOLE_EMAIL = "django.core.mail.backends.console.EmailBackend"


def _worker_started(*, interval: float) -> tuple[Worker, threading.Thread] | None:
    if not isinstance(task_backends["default"], DatabaseBackend):
        return None
    worker = Worker(
        queue_names=["*"],
        interval=interval,
        batch=False,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="rapport-demo",
        excluded_queue_names=[],
    )
    thread = threading.Thread(target=worker.run, name="rapport demo tasks", daemon=True)
    thread.start()
    return worker, thread


def periodic_jobs_run_beside(stop: threading.Event) -> threading.Thread:
    """Run `rapport worker`'s schedule (``run_schedule``, its jobs and periods) in a
    thread of this process until ``stop`` is set: without it nothing in the demo would
    ever mail what waits for a member, expire a request or send a digest.

    Each job is enqueued once a period however many processes run the schedule (its
    ``ScheduledRun`` row is locked while one decides), so two demos on one database,
    or a demo beside a `rapport worker`, never run a job twice."""
    thread = threading.Thread(
        target=run_schedule, args=(stop,), name="rapport demo schedule", daemon=True
    )
    thread.start()
    return thread


# How long stopping waits for a tick or a task under way: a mail to the console, a
# batch of notifications. The threads are daemons, so a stuck one never holds the exit.
STOP_GRACE_SECONDS = 10.0


@contextlib.contextmanager
def background_work(*, interval: float = 1.0) -> Iterator[bool]:
    """The task queue worked and the periodic schedule run beside the block (True), or
    nothing when tasks go elsewhere (False: whoever works that queue runs the schedule
    too). When the block ends, however (Ctrl-C ends the server with ``SystemExit``),
    the schedule stops between two ticks and the worker after its task."""
    started = _worker_started(interval=interval)
    if started is None:
        yield False
        return
    worker, tasks = started
    stop = threading.Event()
    schedule = periodic_jobs_run_beside(stop)
    try:
        yield True
    finally:
        stop.set()
        worker.running = False
        schedule.join(timeout=STOP_GRACE_SECONDS)
        tasks.join(timeout=STOP_GRACE_SECONDS)


def serve(*, port: int, stdout: OutputWrapper) -> None:
    """Hand over to `rapport serve`, which owns how the site is served, with the
    background work done beside it until the server stops."""
    with background_work() as working:
        if working:
            where = (
                "printed in this console"
                if settings.EMAIL_BACKEND == CONSOLE_EMAIL
                else f"sent through {settings.EMAIL_BACKEND}"
            )
            stdout.write(
                "Periodic jobs run in this process, as `rapport worker` runs them beside a "
                "real server (notification mail every five minutes; expiries, digests and "
                f"coffee rounds every hour), and so do background tasks. Mail is {where}."
            )
        call_command("serve", "--host", HOST, "--port", str(port))


def demo_site_url(port: int) -> str:
    """Where the links in the demo's mail lead: ``RAPPORT_SITE_URL`` when it is set,
    else the demo itself on the port it serves (a link to port 8000 from a demo on
    8055 would open nothing, or someone else's server)."""
    if os.environ.get("RAPPORT_SITE_URL"):
        return settings.RAPPORT_SITE_URL  # as the settings checked and normalised it
    return f"http://{HOST}:{port}"


class Command(BaseCommand):
    help = "Create a demo community (once) and serve it at http://127.0.0.1:8000."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-serve", action="store_true", help="Seed and print the logins, then stop."
        )
        parser.add_argument("--port", type=port_number, default=8000)

    def handle(self, *args: Any, no_serve: bool, port: int, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Seeding the demo community (about forty members)...")
        try:
            result = demo_community_seed()
        except RapportError as error:
            raise CommandError(error.message) from None
        self._report(result, port=port)
        if not no_serve:
            with override_settings(RAPPORT_SITE_URL=demo_site_url(port)):
                serve(port=port, stdout=self.stdout)

    def _report(self, result: SeedResult, *, port: int) -> None:
        self.stdout.write(result.message)
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Open http://{HOST}:{port} and log in as:"))
        for login in result.logins:
            role = ", a moderator" if login.moderator else ""
            self.stdout.write(
                f"  username: {login.username:<5}  password: {login.password}   "
                f"({login.name}{role})"
            )
        for login in result.logins:
            if login.moderator:
                self.stdout.write("")
                self.stdout.write(
                    f"{login.username} is a moderator: sign in at http://{HOST}:{port}/admin/ to "
                    "read the open reports (Marcus's about Chad shows what Chad sent him) and "
                    'the requests held for a moderator, and decide them. The "moderators" '
                    "group gives those permissions only: not a superuser, and the members' own "
                    "admin pages stay closed."
                )
        for login in result.logins:
            if login.two_step_key:
                # The key, as published as the password: a newcomer adds it to an app.
                self.stdout.write("")
                self.stdout.write(
                    f"{login.username} signs in in two steps: after the password, the code an "
                    "authenticator app shows. Add this key to one (any app for time-based "
                    f"codes): {secret_grouped(login.two_step_key)}"
                )
                code_of_the_moment = (
                    f'import pyotp; print(pyotp.TOTP("{login.two_step_key}").now())'
                )
                self.stdout.write(
                    "  No app at hand? This prints the code of the moment: "
                    f"{shlex.quote(sys.executable)} -c {shlex.quote(code_of_the_moment)}"
                )
        self.stdout.write("")
        if settings.EMAIL_BACKEND == CONSOLE_EMAIL and result.logins:
            address = f"{result.logins[0].username}@{DEMO_EMAIL_DOMAIN}"
            self.stdout.write(
                f"Mail is printed here, not sent: ask for a password reset for {address} "
                '("Forgot your password?" on the log-in page) and its link appears below.'
            )
            self.stdout.write("")
