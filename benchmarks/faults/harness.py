"""What the fault checks share: throw-away databases and servers, Rapport's production
processes, a load of requests, and the figures printed from it.

The checks restart and stop services. They never touch the machine's own PostgreSQL
cluster or Redis beyond creating and dropping one database: a restart gets a private
PostgreSQL cluster (pg_createcluster, port 5433) and a stop a private redis-server
(port 6390), both removed at the end, so other work on the machine carries on.
"""

from __future__ import annotations

import contextlib
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from tests.operations.servers import (  # noqa: E402
    Process,
    free_port,
    get,
    production_env,
    rapport,
)

MACHINE_POSTGRES = "postgres://root@127.0.0.1:5432"
MACHINE_REDIS = "redis://127.0.0.1:6379"
STARTED = time.monotonic()


def say(message: str) -> None:
    print(f"[{time.monotonic() - STARTED:7.1f} s] {message}", flush=True)


def machine_line() -> str:
    return (
        f"# {platform.node()} {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {time.strftime('%Y-%m-%d')}"
    )


@contextlib.contextmanager
def throwaway_database(server: str = MACHINE_POSTGRES) -> Iterator[str]:
    import psycopg

    name = f"rapport_faults_{os.getpid()}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{server}/{name}"
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextlib.contextmanager
def private_postgres(port: int = 5433, version: str = "15") -> Iterator[str]:
    """A PostgreSQL cluster of the check's own, restarted at will, dropped at the end."""
    cluster = "rapportfaults"
    subprocess.run(["pg_dropcluster", version, cluster, "--stop"], capture_output=True)
    subprocess.run(
        ["pg_createcluster", version, cluster, "-p", str(port), "--start", "--", "--auth=trust"],
        check=True,
        capture_output=True,
    )
    try:
        yield f"postgres://postgres@127.0.0.1:{port}"
    finally:
        subprocess.run(["pg_dropcluster", version, cluster, "--stop"], check=True)


def restart_private_postgres(version: str = "15") -> float:
    """`pg_ctlcluster restart` (fast shutdown, then start); returns how long it took."""
    started = time.monotonic()
    subprocess.run(["pg_ctlcluster", version, "rapportfaults", "restart"], check=True)
    return time.monotonic() - started


@dataclass
class PrivateRedis:
    """A redis-server of the check's own: stopped and started again with one command."""

    port: int = 6390
    folder: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="rapport-redis-")))

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        subprocess.run(
            [
                "redis-server",
                "--port", str(self.port),
                "--bind", "127.0.0.1",
                "--save", "",
                "--appendonly", "no",
                "--daemonize", "yes",
                "--dir", str(self.folder),
                "--pidfile", str(self.folder / "redis.pid"),
                "--logfile", str(self.folder / "redis.log"),
            ],
            check=True,
        )  # fmt: skip
        for _ in range(100):
            if self.answers():
                return
            time.sleep(0.05)
        raise RuntimeError("the private redis-server did not start")

    def stop(self) -> None:
        """As abrupt as it gets for Redis: no save, connections dropped."""
        subprocess.run(["redis-cli", "-p", str(self.port), "shutdown", "nosave"], check=False)
        for _ in range(100):
            if not self.answers():
                return
            time.sleep(0.05)

    def answers(self) -> bool:
        result = subprocess.run(
            ["redis-cli", "-p", str(self.port), "ping"], capture_output=True, text=True
        )
        return result.stdout.strip() == "PONG"


def django_here(env: dict[str, str]) -> None:
    """Django in this process, with the same settings as the servers under test."""
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "rapport.settings"
    import django

    django.setup()
    from django.conf import settings

    # Members made by the check need no Argon2; the servers never check these passwords.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def migrated(env: dict[str, str]) -> None:
    result = rapport("migrate", "--verbosity", "0", env=env)
    if result.returncode != 0:
        raise SystemExit(result.stdout + result.stderr)


def members_with_tokens(n: int) -> list[str]:
    """``n`` members made through the services; returns their raw API tokens."""
    from rapport.members.services import api_token_create, member_signup

    tokens = []
    for i in range(n):
        member = member_signup(
            username=f"fault{i}", password="correct horse battery staple", name=f"Fault {i}"
        )
        tokens.append(api_token_create(member=member, label="faults")[1])
    return tokens


@dataclass
class Hit:
    at: float  # seconds since the load began, when the request was sent
    seconds: float
    status: int  # 0: no HTTP answer at all
    path: str


class Load:
    """Threads requesting ``paths`` in turn, as fast as answers come, until stopped.

    Each path is requested a few times first and not counted: a gunicorn worker's
    first request imports half of Rapport, which is start-up, not the fault.
    """

    def __init__(self, port: int, paths: list[tuple[str, dict]], threads: int = 4) -> None:
        self.port, self.paths = port, paths
        for path, headers in paths * threads:
            get(port, path, headers)
        self.hits: list[Hit] = []
        self.began = time.monotonic()
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._run, args=(i,)) for i in range(threads)]
        for thread in self._threads:
            thread.start()

    def _run(self, offset: int) -> None:
        n = offset
        while not self._stop.is_set():
            path, headers = self.paths[n % len(self.paths)]
            n += 1
            sent = time.monotonic()
            try:
                status = get(self.port, path, headers).status
            except OSError:
                status = 0
            self.hits.append(Hit(sent - self.began, time.monotonic() - sent, status, path))

    def now(self) -> float:
        return time.monotonic() - self.began

    def stop(self) -> list[Hit]:
        self._stop.set()
        for thread in self._threads:
            thread.join()
        return sorted(self.hits, key=lambda hit: hit.at)


def ms(values: list[float], q: float) -> str:
    if not values:
        return "-"
    values = sorted(values)
    return f"{values[min(len(values) - 1, int(q * len(values)))] * 1000:.0f}"


def describe(hits: list[Hit], title: str) -> None:
    by_status: dict[int, list[float]] = {}
    for hit in hits:
        by_status.setdefault(hit.status, []).append(hit.seconds)
    print(f"{title}: {len(hits)} requests")
    for status, seconds in sorted(by_status.items()):
        print(
            f"  {status or 'no answer'}: {len(seconds)}, p50 {ms(seconds, 0.5)} ms, "
            f"p95 {ms(seconds, 0.95)} ms, max {ms(seconds, 1.0)} ms"
        )


__all__ = ["Process", "free_port", "get", "production_env", "rapport"]
