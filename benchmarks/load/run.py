"""Load benchmark: gunicorn serving a seeded community, wrk driving it from another process.

    createdb -h 127.0.0.1 -U root rapport_load
    export DATABASE_URL=postgres://root@127.0.0.1:5432/rapport_load
    .venv/bin/rapport seed --members 100000
    .venv/bin/python benchmarks/load/run.py [--duration 60] [--workers 2] [--connections 32]

Signs in ``--sessions`` different members (through Django's own login, so every
signal and session rule applies), starts gunicorn in production mode with
Rapport's gunicorn settings on loopback, and runs wrk against each endpoint with
a random member's session on every request: the two ceilings (a bare Django view
with no middleware, and a minimal signed-in page behind all of Rapport's
middleware), the home page, a conversation page, GET /api/requests and an htmx
POST of a message. Prints throughput, p50 and p99 latency, errors, the ratios to
the ceilings, and the largest resident memory (VmRSS) any gunicorn worker reached.
Requests carry ``X-Forwarded-Proto: https`` as a TLS-terminating proxy would.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
# A response slower than this counts as an error (wrk's own default is 2 s).
TIMEOUT_SECONDS = 10
ENDPOINTS = ("bare", "authenticated", "home", "conversation", "requests", "message")
LABELS = {
    "bare": "ceiling: bare Django view, no middleware",
    "authenticated": "ceiling: minimal signed-in page",
    "home": "home page",
    "conversation": "conversation page",
    "requests": "GET /api/requests",
    "message": "POST a message (htmx)",
}


@dataclass
class Result:
    endpoint: str
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int
    max_worker_rss_mb: float
    # CPU milliseconds a request, by who spent them on the shared cores.
    cpu_ms_workers: float = 0.0
    cpu_ms_postgres: float = 0.0
    cpu_ms_wrk: float = 0.0


def _environment(data_dir: Path, secret_key: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "benchmarks.load.settings",
            "RAPPORT_PRODUCTION": "1",
            "RAPPORT_SECRET_KEY": secret_key,
            "RAPPORT_DATA_DIR": str(data_dir),
            "PYTHONPATH": str(ROOT),
        }
    )
    return env


def sessions_write(path: Path, *, count: int, seed: int) -> int:
    """Sign in ``count`` members picked at random among those with an open conversation,
    and write their cookies, CSRF secret and one open thread each as a Lua table."""
    import django

    django.setup()
    import random

    from django.conf import settings
    from django.db.models import Q
    from django.test import Client
    from django.utils.crypto import get_random_string

    from rapport.conversations.models import Conversation
    from rapport.members.models import Member
    from rapport.network.models import Connection

    rng = random.Random(seed)
    top = Member.objects.order_by("-id").values_list("id", flat=True).first() or 0
    if top < count:
        raise SystemExit(f"The database has {top} members; seed it first (rapport seed).")
    chosen: list[tuple[int, int]] = []
    tried: set[int] = set()
    while len(chosen) < count and len(tried) < top:
        member_id = rng.randint(1, top)
        if member_id in tried:
            continue
        tried.add(member_id)
        ties = list(
            Connection.objects.filter(Q(member_low_id=member_id) | Q(member_high_id=member_id))
            .values_list("member_low_id", "member_high_id")
            .order_by("id")[:20]
        )
        if not ties:
            continue
        low, high = rng.choice(ties)
        thread = Conversation.objects.filter(member_low_id=low, member_high_id=high).first()
        if thread is not None:
            chosen.append((member_id, thread.pk))
    members = Member.objects.in_bulk([member_id for member_id, _ in chosen])
    lines = ["return {"]
    for member_id, thread in chosen:
        client = Client()
        client.force_login(members[member_id])
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        csrf = get_random_string(32)
        cookie = f"{settings.SESSION_COOKIE_NAME}={session}; {settings.CSRF_COOKIE_NAME}={csrf}"
        lines.append(f'  {{cookie = "{cookie}", csrf = "{csrf}", thread = {thread}}},')
    lines.append("}")
    path.write_text("\n".join(lines) + "\n")
    return len(chosen)


def database_prewarm() -> None:
    """Read every table and index of the database into PostgreSQL's shared buffers
    (pg_prewarm), and say so when they cannot all fit.

    A server in use has its working set in memory. This machine's disk reads about
    27 MB/s, and its kernel (DAMON) pages out file cache that sat idle for a while, so a
    run that relied on the operating system's cache measured the disk: the home page fell
    from hundreds of answers a second to three. Shared buffers are not paged out (no
    swap), so with ``shared_buffers`` above the database's size (docs/deploy.md) a run
    measures the application."""
    from django.db import DatabaseError, connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_database_size(current_database()), "
            "(SELECT setting::bigint * 8192 FROM pg_settings WHERE name = 'shared_buffers')"
        )
        size, buffers = cursor.fetchone()
        try:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_prewarm")
        except DatabaseError as error:
            print(f"pg_prewarm is not available ({error}); the run starts with a cold cache")
            return
        started = time.perf_counter()
        cursor.execute(
            "SELECT COALESCE(SUM(pg_prewarm(c.oid)), 0) FROM pg_class c "
            "WHERE c.relkind IN ('r', 'i', 't') AND c.relnamespace = 'public'::regnamespace"
        )
        (blocks,) = cursor.fetchone()
    print(
        f"prewarmed {blocks * 8 / 1024:,.0f} MB of a {size / 2**20:,.0f} MB database into "
        f"shared_buffers ({buffers / 2**20:,.0f} MB) in {time.perf_counter() - started:.1f} s"
    )
    if buffers < size:
        print(
            "  shared_buffers is smaller than the database: pages will be read from disk "
            "during the run (ALTER SYSTEM SET shared_buffers, then restart PostgreSQL)"
        )


class RssSampler(threading.Thread):
    """Reads VmRSS of every gunicorn worker (the master's children) twice a second."""

    def __init__(self, master_pid: int) -> None:
        super().__init__(daemon=True)
        self.master_pid = master_pid
        self.peak_kb: dict[int, int] = {}
        self.window_peak_kb = 0
        self._stop = threading.Event()

    def workers(self) -> list[int]:
        children = Path(f"/proc/{self.master_pid}/task/{self.master_pid}/children")
        try:
            return [int(pid) for pid in children.read_text().split()]
        except OSError:
            return []

    def run(self) -> None:
        while not self._stop.wait(0.5):
            for pid in self.workers():
                try:
                    status = Path(f"/proc/{pid}/status").read_text()
                except OSError:
                    continue
                match = re.search(r"VmRSS:\s+(\d+) kB", status)
                if match:
                    rss = int(match.group(1))
                    self.peak_kb[pid] = max(self.peak_kb.get(pid, 0), rss)
                    self.window_peak_kb = max(self.window_peak_kb, rss)

    def window(self) -> int:
        peak, self.window_peak_kb = self.window_peak_kb, 0
        return peak

    def stop(self) -> None:
        self._stop.set()


TICKS = os.sysconf("SC_CLK_TCK")


def process_cpu_seconds(pid: int) -> float:
    """utime + stime of a process on this machine, from /proc (0 for one that has gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICKS


def postgres_pids() -> list[int]:
    """Every PostgreSQL server process on this machine (backends, writer, WAL...)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip() == "postgres":
                    pids.append(int(entry.name))
            except OSError:
                continue
    return pids


class CpuClock:
    """CPU seconds spent by the gunicorn workers, by PostgreSQL and by wrk (this
    process's finished children) between two readings: how the shared cores divide."""

    def __init__(self, sampler: RssSampler) -> None:
        self.sampler = sampler
        self.workers: dict[int, float] = {}
        self.postgres: dict[int, float] = {}
        self.wrk = 0.0

    def lap(self) -> tuple[float, float, float]:
        """CPU since the last lap: a process that started since counts from its start, one
        that ended since counts for nothing (its last seconds are lost, not negative)."""
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        wrk = children.ru_utime + children.ru_stime
        workers = {pid: process_cpu_seconds(pid) for pid in self.sampler.workers()}
        postgres = {pid: process_cpu_seconds(pid) for pid in postgres_pids()}
        spent = (
            sum(cpu - self.workers.get(pid, 0.0) for pid, cpu in workers.items()),
            sum(cpu - self.postgres.get(pid, 0.0) for pid, cpu in postgres.items()),
            wrk - self.wrk,
        )
        self.workers, self.postgres, self.wrk = workers, postgres, wrk
        return spent


def wrk(
    endpoint: str,
    *,
    url: str,
    sessions: Path,
    duration: int,
    connections: int,
    threads: int,
    in_order: bool = False,
) -> dict[str, float]:
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{duration}s",
        "--latency",
        "--timeout",
        f"{TIMEOUT_SECONDS}s",
        "-s",
        str(HERE / "load.lua"),
        url,
        "--",
        endpoint,
        str(sessions),
        url.replace("http://", "https://"),
        *(["in-order"] if in_order else []),
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    figures = {}
    for key, pattern in (
        ("status_errors", r"status errors: (\d+)"),
        ("p50_us", r"latency p50 us: (\d+)"),
        ("p99_us", r"latency p99 us: (\d+)"),
        ("requests", r"requests: (\d+)"),
        ("duration_us", r"duration us: (\d+)"),
        ("socket_errors", r"socket errors: (\d+)"),
        ("timeouts", r"timeouts: (\d+)"),
    ):
        match = re.search(pattern, output)
        if match is None:
            raise SystemExit(f"wrk printed no {key}:\n{output}")
        figures[key] = float(match.group(1))
    codes = re.findall(r"status (\d+): (\d+)", output)
    if codes:
        print(f"  {endpoint}: answers other than 200: " + ", ".join(f"{c} x{n}" for c, n in codes))
    return figures


def wait_until_up(url: str, *, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/bench/bare", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("gunicorn did not answer within a minute; see its log.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=60, help="seconds per endpoint")
    parser.add_argument(
        "--warmup",
        type=int,
        default=10,
        help="seconds before each run, walking the signed-in members in turn so that each "
        "one's rows have been read once: a server in use has its members' rows in memory, "
        "and this machine's kernel (DAMON) pages out what sat idle",
    )
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument(
        "--no-prewarm",
        dest="prewarm",
        action="store_false",
        help="do not read the database into shared buffers first (see database_prewarm)",
    )
    parser.add_argument("--wrk-threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument(
        "--worker-class",
        default=None,
        help="gunicorn worker class (sync, gthread); default: production's (gunicorn_conf.py)",
    )
    parser.add_argument(
        "--threads",
        type=int,
        default=None,
        help="threads per gthread worker; default: production's (gunicorn_conf.py)",
    )
    parser.add_argument("--port", type=int, default=8077)
    parser.add_argument("--sessions", type=int, default=2000, help="members signed in")
    parser.add_argument("--endpoints", default=",".join(ENDPOINTS))
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("Set DATABASE_URL to the seeded PostgreSQL database.")
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (apt-get install -y wrk).")
    endpoints = [name.strip() for name in args.endpoints.split(",") if name.strip()]
    unknown = sorted(set(endpoints) - set(ENDPOINTS))
    if unknown:
        raise SystemExit(
            f"--endpoints: no endpoint named {', '.join(unknown)}; "
            f"choose from {', '.join(ENDPOINTS)}."
        )

    data_dir = Path(tempfile.mkdtemp(prefix="rapport-load-"))
    env = _environment(data_dir, secrets.token_urlsafe(50))
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    sessions = data_dir / "sessions.lua"
    started = time.perf_counter()
    signed_in = sessions_write(sessions, count=args.sessions, seed=1)
    print(f"signed in {signed_in} members in {time.perf_counter() - started:.1f} s")
    if args.prewarm:
        database_prewarm()
    subprocess.run(
        [sys.executable, "-m", "rapport.runner", "collectstatic", "--no-input", "-v0"],
        env=env,
        check=True,
        cwd=ROOT,
    )

    url = f"http://127.0.0.1:{args.port}"
    log = (data_dir / "gunicorn.log").open("w")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--config",
            "python:rapport.operations.gunicorn_conf",
            "--workers",
            str(args.workers),
            *(["--worker-class", args.worker_class] if args.worker_class else []),
            *(["--threads", str(args.threads)] if args.threads else []),
            "--bind",
            f"127.0.0.1:{args.port}",
            "benchmarks.load.wsgi:application",
        ],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    sampler = RssSampler(server.pid)
    clock = CpuClock(sampler)
    results: list[Result] = []
    try:
        wait_until_up(url)
        sampler.start()
        load_before = os.getloadavg()[0]
        for endpoint in endpoints:
            common = {
                "url": url,
                "sessions": sessions,
                "connections": args.connections,
                "threads": args.wrk_threads,
            }
            if args.warmup:
                wrk(endpoint, duration=args.warmup, in_order=True, **common)
            sampler.window()
            clock.lap()
            figures = wrk(endpoint, duration=args.duration, **common)
            spent = clock.lap()
            seconds = figures["duration_us"] / 1e6
            per_request = [1000 * cpu / max(figures["requests"], 1) for cpu in spent]
            results.append(
                Result(
                    endpoint=endpoint,
                    requests_per_second=figures["requests"] / seconds,
                    p50_ms=figures["p50_us"] / 1000,
                    p99_ms=figures["p99_us"] / 1000,
                    requests=int(figures["requests"]),
                    errors=int(
                        figures["status_errors"] + figures["socket_errors"] + figures["timeouts"]
                    ),
                    max_worker_rss_mb=sampler.window() / 1024,
                    cpu_ms_workers=per_request[0],
                    cpu_ms_postgres=per_request[1],
                    cpu_ms_wrk=per_request[2],
                )
            )
            print(_line(results[-1], results), flush=True)
    finally:
        sampler.stop()
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
    peak = max(sampler.peak_kb.values(), default=0) / 1024
    from rapport.operations import gunicorn_conf

    worker_class = args.worker_class or getattr(gunicorn_conf, "worker_class", "sync")
    threads = args.threads or getattr(gunicorn_conf, "threads", 1)
    print()
    print(_table(results))
    print(
        f"\nworkers: {args.workers} (gunicorn {worker_class}, {threads} thread(s) "
        f"each), wrk {args.wrk_threads} threads, "
        f"{args.connections} connections, {args.duration} s per endpoint, "
        f"{signed_in} members signed in; load average before: {load_before:.2f}"
    )
    print(f"largest worker RSS during the run: {peak:.0f} MB")
    if args.json:
        args.json.write_text(
            json.dumps(
                {"results": [asdict(r) for r in results], "max_worker_rss_mb": peak}, indent=2
            )
        )
    shutil.rmtree(data_dir, ignore_errors=True)


def _ratio(result: Result, results: list[Result], ceiling: str) -> str:
    base = next((r for r in results if r.endpoint == ceiling), None)
    if base is None or result.endpoint == ceiling:
        return ""
    return f"{result.requests_per_second / base.requests_per_second:.0%}"


def _line(result: Result, results: list[Result]) -> str:
    return (
        f"{LABELS[result.endpoint]:<42}{result.requests_per_second:>9.0f} req/s  "
        f"p50 {result.p50_ms:6.1f} ms  p99 {result.p99_ms:6.1f} ms  errors {result.errors}  "
        f"worker RSS {result.max_worker_rss_mb:.0f} MB  CPU ms a request: workers "
        f"{result.cpu_ms_workers:.2f}, postgres {result.cpu_ms_postgres:.2f}, "
        f"wrk {result.cpu_ms_wrk:.2f}"
    )


def _table(results: list[Result]) -> str:
    rows = [
        "| endpoint | req/s | p50 ms | p99 ms | errors | of authenticated ceiling "
        "| of bare view | worker RSS MB | CPU ms a request: workers + postgres + wrk |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        rows.append(
            f"| {LABELS[r.endpoint]} | {r.requests_per_second:,.0f} | {r.p50_ms:.1f} "
            f"| {r.p99_ms:.1f} | {r.errors} | {_ratio(r, results, 'authenticated')} "
            f"| {_ratio(r, results, 'bare')} | {r.max_worker_rss_mb:.0f} "
            f"| {r.cpu_ms_workers:.2f} + {r.cpu_ms_postgres:.2f} + {r.cpu_ms_wrk:.2f} |"
        )
    return "\n".join(rows)


if __name__ == "__main__":
    main()
