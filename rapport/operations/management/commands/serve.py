"""`rapport serve`: serve the site.

Without flags, Django's threaded server on loopback: enough for a laptop or a demo.
With ``--production``: gunicorn workers, static files collected and served by
whitenoise, PostgreSQL required, HTTPS-only cookies and HSTS, JSON log lines on
stdout (settings.py's production block; docs/deploy.md).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from rapport.operations.middleware import DATABASE_ERRORS
from rapport.operations.production import restart_in_production


def default_workers() -> int:
    """One a core and one more, capped for a small machine's memory.

    A sync worker spends most of a request on the CPU (a kept home page waits about a
    tenth of its time on PostgreSQL), so one worker more than the cores keeps them busy.
    gunicorn's rule of thumb, two a core and one, served the home page 10-45% slower than
    two or three workers in every paired run on the benchmark's two cores, each extra
    worker costing CPU a request (docs/benchmarks.md, "Load"); deploy.md says when to
    raise it."""
    return min((os.cpu_count() or 1) + 1, 9)


PORTS = range(1, 65536)


def port_number(text: str) -> int:
    """``--port``'s type: argparse names the option, and the limit is said here rather
    than in the socket's OverflowError from deep inside the server. Port 0 (any free
    port) is out: the address printed and opened would not be the one served."""
    try:
        port = int(text)
    except ValueError:
        port = 0
    if port not in PORTS:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a port; give a number from {PORTS.start} to {PORTS.stop - 1}."
        )
    return port


class Command(BaseCommand):
    help = "Serve Rapport at http://HOST:PORT (default 127.0.0.1:8000); --production for gunicorn."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=port_number, default=8000)
        parser.add_argument(
            "--production",
            action="store_true",
            help="gunicorn workers, PostgreSQL, HTTPS-only: see docs/deploy.md.",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help=f"gunicorn worker processes (production; default {default_workers()}).",
        )
        parser.add_argument(
            "--bind",
            default=None,
            help="HOST:PORT or unix:PATH to listen on (production; default HOST:PORT).",
        )

    def handle(
        self,
        *args: Any,
        host: str,
        port: int,
        production: bool,
        workers: int | None,
        bind: str | None,
        **options: Any,
    ) -> None:
        if not (production or settings.RAPPORT_PRODUCTION):
            if workers is not None or bind is not None:
                raise CommandError("--workers and --bind go with --production.")
            call_command(
                "runserver",
                f"{host}:{port}",
                use_reloader=settings.DEBUG,
                use_threading=True,
                skip_checks=False,
            )
            return
        workers = workers or default_workers()
        if workers < 1:
            raise CommandError("--workers must be at least 1.")
        bind = bind or f"{host}:{port}"
        if not settings.RAPPORT_PRODUCTION:
            restart_in_production(
                ["serve", "--production", "--workers", str(workers), "--bind", bind]
            )
        self._warn_about_the_database()
        self._collect_static()
        self.stdout.write(f"Rapport (production): gunicorn, {workers} workers, on {bind}")
        sys.stdout.flush()
        os.execvp(  # noqa: S606 (our own interpreter, fixed arguments)
            sys.executable,
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--config",
                "python:rapport.operations.gunicorn_conf",
                "--workers",
                str(workers),
                "--bind",
                bind,
            ],
        )

    def _warn_about_the_database(self) -> None:
        """Start anyway when the database is away (the site answers 503 until it is back),
        but say so, and say when migrations are missing."""
        try:
            executor = MigrationExecutor(connection)
            missing = executor.migration_plan(executor.loader.graph.leaf_nodes())
        except DATABASE_ERRORS as error:
            self.stderr.write(f"warning: the database does not answer yet: {error}".strip())
            return
        finally:
            connection.close()
        if missing:
            self.stderr.write(
                f"warning: {len(missing)} migrations are not applied; run `rapport migrate`."
            )

    def _collect_static(self) -> None:
        """Hashed, compressed copies for whitenoise, made again only when a source file
        changed: post-processing every file takes seconds, starting should not."""
        from django.contrib.staticfiles.finders import get_finders

        fingerprint = hashlib.sha256()
        for finder in get_finders():
            for path, storage in finder.list(["CVS", ".*", "*~"]):
                stat = os.stat(storage.path(path))
                fingerprint.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
        marker = Path(settings.STATIC_ROOT) / ".rapport-collected"
        manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
        if manifest.exists() and marker.exists() and marker.read_text() == fingerprint.hexdigest():
            return
        call_command("collectstatic", interactive=False, verbosity=0)
        marker.write_text(fingerprint.hexdigest())
