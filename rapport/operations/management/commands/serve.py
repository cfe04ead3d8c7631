"""`rapport serve`: serve the site on loopback for one machine.

Django's threaded development server is enough for a laptop or a demo; the
production mode (gunicorn behind a proxy) is a separate, later command option.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve Rapport at http://HOST:PORT (default 127.0.0.1:8000)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args, host: str, port: int, **options):
        call_command(
            "runserver",
            f"{host}:{port}",
            use_reloader=settings.DEBUG,
            use_threading=True,
            skip_checks=False,
        )
