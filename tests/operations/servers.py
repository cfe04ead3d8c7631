"""Starting Rapport's production processes from a test, as an operator would."""

from __future__ import annotations

import contextlib
import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

SECRET = "test-secret-key-for-production-mode-only-not-secret-0123456789"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def production_env(*, data_dir: Path, database_url: str, redis_url: str, **extra: str) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("RAPPORT_", "DATABASE_URL", "REDIS_URL", "PYTEST", "DJANGO_"))
    }
    env.update(
        RAPPORT_PRODUCTION="1",
        RAPPORT_DATA_DIR=str(data_dir),
        RAPPORT_SECRET_KEY=SECRET,
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        PYTHONUNBUFFERED="1",
        **extra,
    )
    return env


def rapport(*argv: str, env: dict, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "rapport.runner", *argv],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        **kwargs,
    )


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: str


def get(port: int, path: str, headers: dict[str, str] | None = None) -> Answer:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return Answer(
            response.status,
            {key.lower(): value for key, value in response.getheaders()},
            response.read().decode(),
        )
    finally:
        connection.close()


class Process:
    """A long-running `rapport ...` process in a session of its own, its output in a file."""

    def __init__(self, argv: list[str], *, env: dict, log: Path) -> None:
        self.log = log
        self._out = log.open("w")
        self.popen = subprocess.Popen(
            [sys.executable, "-m", "rapport.runner", *argv],
            env=env,
            stdout=self._out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def output(self) -> str:
        return self.log.read_text()

    def wait_for_http(self, port: int, *, timeout: float = 240) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.popen.poll() is not None:
                raise AssertionError(f"the server exited:\n{self.output()}")
            try:
                get(port, "/health")
                return
            except OSError:
                time.sleep(0.3)
        raise AssertionError(f"no answer on port {port} after {timeout} s:\n{self.output()}")

    def stop(self) -> None:
        """SIGTERM, as systemd stops a service; whatever outlives a minute is killed."""
        below = descendants(self.popen.pid)
        if self.popen.poll() is None:
            os.killpg(self.popen.pid, signal.SIGTERM)
            try:
                self.popen.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.popen.pid, signal.SIGKILL)
                self.popen.wait()
        for pid in below:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        self._out.close()


def descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (Linux /proc), children before grandchildren."""
    parents: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        ppid = int(text.rsplit(")", 1)[1].split()[1])
        parents.setdefault(ppid, []).append(int(stat.parent.name))
    found, frontier = [], [pid]
    while frontier:
        children = [child for parent in frontier for child in parents.get(parent, [])]
        found += children
        frontier = children
    return found


def kill_tree(pid: int) -> list[int]:
    """SIGKILL ``pid`` and everything below it, as a machine that loses power would."""
    victims = [pid, *descendants(pid)]
    for victim in victims:
        with contextlib.suppress(ProcessLookupError):
            os.kill(victim, signal.SIGKILL)
    return victims
