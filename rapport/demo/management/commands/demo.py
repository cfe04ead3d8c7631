"""`rapport demo`: a working community on this machine in one command.

Migrates, seeds the demo community once (a second run leaves it alone), prints
where to go and how to log in, then serves on loopback and runs background tasks
(imports, emails to the console) in the same process.
"""

from __future__ import annotations

import shlex
import sys
import threading

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django_tasks import task_backends
from django_tasks_db import DatabaseBackend
from django_tasks_db.management.commands.db_worker import Worker

from rapport.demo.seed import DEMO_EMAIL_DOMAIN, SeedResult, demo_community_seed
from rapport.errors import RapportError
from rapport.members.two_step_codes import secret_grouped
from rapport.operations.management.commands.serve import port_number

HOST = "127.0.0.1"
CONSOLE_EMAIL = "django.core.mail.backends.console.EmailBackend"


def tasks_worked_beside(*, interval: float = 1.0) -> Worker | None:
    """Work the database task queue in a thread of this process, as `rapport worker`
    does beside a real server: without it a demo upload would wait on the import page
    for ever, and no email would be sent. A thread rather than a second process, so it
    ends with the demo however the demo is stopped. None when tasks go elsewhere."""
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
    threading.Thread(target=worker.run, name="rapport demo tasks", daemon=True).start()
    return worker


def serve(*, port: int) -> None:
    """Hand over to `rapport serve`, which owns how the site is served, with the
    tasks worked beside it."""
    tasks_worked_beside()
    call_command("serve", "--host", HOST, "--port", str(port))


class Command(BaseCommand):
    help = "Create a demo community (once) and serve it at http://127.0.0.1:8000."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-serve", action="store_true", help="Seed and print the logins, then stop."
        )
        parser.add_argument("--port", type=port_number, default=8000)

    def handle(self, *args, no_serve: bool, port: int, **options):
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Seeding the demo community (about forty members)...")
        try:
            result = demo_community_seed()
        except RapportError as error:
            raise CommandError(error.message) from None
        self._report(result, port=port)
        if not no_serve:
            serve(port=port)

    def _report(self, result: SeedResult, *, port: int) -> None:
        self.stdout.write(result.message)
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Open http://{HOST}:{port} and log in as:"))
        for login in result.logins:
            self.stdout.write(
                f"  username: {login.username:<5}  password: {login.password}   ({login.name})"
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
