"""CPU per request, in the web process and in PostgreSQL, for each endpoint of the load run.

    DATABASE_URL=postgres://root@127.0.0.1:5432/rapport_load \\
        .venv/bin/python benchmarks/load/cpu_cost.py [--requests 2000] [--sessions 500]

Calls the benchmark's WSGI application directly (no server, no network) as many
different signed-in members, and reads the CPU time this process and its database
backend spent: a figure that holds on a busy machine, where req/s do not. On a
machine of C cores, C / (web + database CPU per request) bounds the requests per
second any server could reach, before the load generator takes its share.
"""

from __future__ import annotations

import argparse
import functools
import io
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--sessions", type=int, default=500)
    parser.add_argument(
        "--endpoints", default="bare,authenticated,home,conversation,requests,message"
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="measure each endpoint this many times and keep the cheapest: on a shared "
        "machine, other processes only ever add time",
    )
    parser.add_argument(
        "--profile",
        type=int,
        default=0,
        metavar="N",
        help="instead of timing, profile each endpoint (cProfile) and print its N costliest "
        "functions, by own time and by time including callees",
    )
    parser.add_argument(
        "--queries",
        type=int,
        default=0,
        metavar="N",
        help="instead of timing, list each endpoint's N queries with the most wall time "
        "per request (waiting included: what the profile shows only as psycopg's wait)",
    )
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("RAPPORT_SECRET_KEY", "cpu-cost-benchmark-" + "x" * 40)
    os.environ["RAPPORT_PRODUCTION"] = "1"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.load.settings")
    os.environ.setdefault("RAPPORT_DATA_DIR", "/tmp/rapport-cpu-cost")

    import django
    from django.core.management import call_command

    django.setup()
    call_command("collectstatic", interactive=False, verbosity=0)
    from django.db import connection

    from benchmarks.load.run import sessions_write
    from benchmarks.load.wsgi import application

    # One database backend for the whole measurement, so its CPU can be read: a
    # connection that outlives CONN_MAX_AGE would be replaced mid-run.
    connection.settings_dict["CONN_MAX_AGE"] = None
    connection.close()
    sessions_file = Path(os.environ["RAPPORT_DATA_DIR"]) / "sessions.lua"
    sessions_write(sessions_file, count=args.sessions, seed=2)
    sessions = []
    for line in sessions_file.read_text().splitlines():
        if "cookie" in line:
            cookie = line.split('cookie = "')[1].split('"')[0]
            csrf = line.split('csrf = "')[1].split('"')[0]
            thread = int(line.split("thread = ")[1].split("}")[0])
            sessions.append((cookie, csrf, thread))

    def environ(method: str, path: str, cookie: str, csrf: str, body: bytes = b"") -> dict:
        env = {
            "REQUEST_METHOD": method,
            "PATH_INFO": path,
            "QUERY_STRING": "",
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "8077",
            "HTTP_HOST": "127.0.0.1:8077",
            "HTTP_X_FORWARDED_PROTO": "https",
            "wsgi.url_scheme": "https",
            "wsgi.input": io.BytesIO(body),
            "wsgi.errors": sys.stderr,
            "CONTENT_LENGTH": str(len(body)),
        }
        if cookie:
            env["HTTP_COOKIE"] = cookie
        if method == "POST":
            env.update(
                {
                    "CONTENT_TYPE": "application/x-www-form-urlencoded",
                    "HTTP_X_CSRFTOKEN": csrf,
                    "HTTP_HX_REQUEST": "true",
                    "HTTP_ORIGIN": "https://127.0.0.1:8077",
                }
            )
        return env

    def request(endpoint: str, rng: random.Random) -> int:
        cookie, csrf, thread = rng.choice(sessions)
        if endpoint == "bare":
            env = environ("GET", "/bench/bare", "", "")
        elif endpoint == "authenticated":
            env = environ("GET", "/bench/authenticated", cookie, csrf)
        elif endpoint == "home":
            env = environ("GET", "/", cookie, csrf)
        elif endpoint == "conversation":
            env = environ("GET", f"/conversations/{thread}/", cookie, csrf)
        elif endpoint == "requests":
            env = environ("GET", "/api/requests", cookie, csrf)
        else:
            env = environ(
                "POST", f"/conversations/{thread}/", cookie, csrf, b"body=A+CPU+cost+message."
            )
        status = []
        body = application(env, lambda s, headers, exc_info=None: status.append(s))
        b"".join(body)
        if hasattr(body, "close"):
            body.close()
        return int(status[0].split()[0])

    import logging

    # The access log's JSON lines are part of the cost: write them, but to nowhere.
    devnull = open(os.devnull, "w")  # noqa: SIM115
    for handler in logging.getLogger().handlers:
        if isinstance(handler, logging.StreamHandler):
            handler.setStream(devnull)
    print(
        f"{'endpoint':<16}{'web ms':>9}{'db ms':>9}{'total ms':>10}{'bound req/s on 2 cores':>24}"
    )
    for endpoint in args.endpoints.split(","):
        rng = random.Random(3)
        for _ in range(100):
            request(endpoint, rng)
        if args.queries:
            _queries(
                endpoint, functools.partial(request, endpoint, rng), args.requests, args.queries
            )
            continue
        if args.profile:
            _profile(
                endpoint, functools.partial(request, endpoint, rng), args.requests, args.profile
            )
            continue
        web, db, failures = min(
            (
                _measure(
                    endpoint, functools.partial(request, endpoint, rng), args.requests, connection
                )
                for _ in range(args.repeat)
            ),
            key=lambda figures: figures[0] + figures[1],
        )
        note = f"  ({failures} not 200)" if failures else ""
        print(
            f"{endpoint:<16}{web:>9.3f}{db:>9.3f}{web + db:>10.3f}{2000 / (web + db):>24,.0f}{note}"
        )


def _measure(endpoint: str, call, requests: int, connection) -> tuple[float, float, int]:
    """Web and database CPU milliseconds per request over ``requests`` calls, and how
    many answered other than 200."""
    from benchmarks.load.run import process_cpu_seconds

    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    db_before = process_cpu_seconds(backend)
    cpu_before = time.process_time()
    failures = sum(call() != 200 for _ in range(requests))
    web = (time.process_time() - cpu_before) / requests * 1000
    db = (process_cpu_seconds(backend) - db_before) / requests * 1000
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        if cursor.fetchone()[0] != backend:
            print(f"  ({endpoint}: the database connection changed; db figure is low)")
    return web, db, failures


def _queries(endpoint: str, call, requests: int, top: int) -> None:
    """Wall milliseconds per request spent in each query (by its text up to the first
    parameter), the ``top`` costliest."""
    from collections import defaultdict

    from django.db import connection

    spent: dict[str, float] = defaultdict(float)
    counts: dict[str, int] = defaultdict(int)

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            key = " ".join(str(sql).split())[:110]
            spent[key] += time.perf_counter() - started
            counts[key] += 1

    with connection.execute_wrapper(timed):
        for _ in range(requests):
            call()
    print(f"\n=== {endpoint}: wall ms per request in each query, {requests} requests")
    for key, seconds in sorted(spent.items(), key=lambda item: -item[1])[:top]:
        print(f"{seconds / requests * 1000:8.3f} ms  x{counts[key] / requests:4.1f}  {key}")


def _profile(endpoint: str, call, requests: int, top: int) -> None:
    """cProfile over ``requests`` calls: where one endpoint's time goes, per request."""
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(requests):
        call()
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    print(
        f"\n=== {endpoint}: {requests} requests, {stats.total_tt / requests * 1000:.3f} ms each "
        "(under the profiler)"
    )
    for order in ("tottime", "cumulative"):
        stats.sort_stats(order).print_stats(top)
    print(out.getvalue())


if __name__ == "__main__":
    main()
