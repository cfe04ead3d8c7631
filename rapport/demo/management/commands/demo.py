"""`rapport demo`: a working community on this machine in one command.

Migrates, seeds the demo community once (a second run leaves it alone), prints
where to go and how to log in, then serves on loopback.
"""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from rapport.demo.seed import SeedResult, demo_community_seed
from rapport.errors import RapportError

HOST = "127.0.0.1"


def serve(*, port: int) -> None:
    """Hand over to `rapport serve`, which owns how the site is served."""
    call_command("serve", "--host", HOST, "--port", str(port))


class Command(BaseCommand):
    help = "Create a demo community (once) and serve it at http://127.0.0.1:8000."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-serve", action="store_true", help="Seed and print the logins, then stop."
        )
        parser.add_argument("--port", type=int, default=8000)

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
        self.stdout.write("")
