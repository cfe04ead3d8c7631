"""PostgreSQL restarts under load: requests fail fast with 503, the site recovers alone.

    .venv/bin/python benchmarks/faults/postgres_restart.py [--seconds 20] [--restart-at 6]

Needs root (it makes a private PostgreSQL cluster on port 5433 with pg_createcluster,
restarts it with `pg_ctlcluster 15 rapportfaults restart`, and drops it at the end).
`rapport serve --production` (2 gunicorn workers) and `rapport worker --production`
run against it; four threads request `GET /api/me` (a token and a member read from
the database each time) and `/health` without pause. Prints what the requests got
before, during and after the restart, then checks that the worker, never restarted,
runs a task enqueued after it. Recorded in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from harness import (
    MACHINE_REDIS,
    Load,
    Process,
    describe,
    django_here,
    free_port,
    machine_line,
    members_with_tokens,
    migrated,
    private_postgres,
    production_env,
    restart_private_postgres,
    say,
    throwaway_database,
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--restart-at", type=float, default=6.0)
    args = parser.parse_args()
    print(machine_line())
    folder = Path(tempfile.mkdtemp(prefix="rapport-faults-"))
    with private_postgres() as server, throwaway_database(server) as database_url:
        import redis

        redis_url = f"{MACHINE_REDIS}/14"
        redis.Redis.from_url(redis_url).flushdb()
        env = production_env(data_dir=folder, database_url=database_url, redis_url=redis_url)
        say("migrating a throw-away database on the private cluster")
        migrated(env)
        django_here(env)
        tokens = members_with_tokens(4)
        from django.db import connections

        connections.close_all()
        port = free_port()
        web = Process(
            ["serve", "--production", "--workers", "2", "--bind", f"127.0.0.1:{port}"],
            env=env,
            log=folder / "web.log",
        )
        worker = Process(["worker", "--processes", "1"], env=env, log=folder / "worker.log")
        try:
            web.wait_for_http(port)
            say(f"serving on {port}; load starts")
            headers = {"X-Forwarded-Proto": "https"}
            paths = [("/api/me", {**headers, "Authorization": f"Bearer {t}"}) for t in tokens]
            load = Load(port, [*paths, ("/health", {})], threads=4)
            time.sleep(args.restart_at)
            restart_at = load.now()
            say("pg_ctlcluster 15 rapportfaults restart")
            took = restart_private_postgres()
            back_at = load.now()
            say(f"restarted in {took:.2f} s")
            time.sleep(max(0.0, args.seconds - back_at))
            hits = load.stop()
            say("load stopped; a task enqueued now must run on the same worker")
            task_seconds = task_runs_after_restart()
        finally:
            web.stop()
            worker.stop()
            redis.Redis.from_url(redis_url).flushdb()
            connections.close_all()

    failures = [hit for hit in hits if hit.status != 200]
    print()
    print(f"restart command: from {restart_at:.2f} s to {back_at:.2f} s ({took:.2f} s)")
    describe([h for h in hits if h.at < restart_at], "before the restart")
    if failures:
        first, last = failures[0].at, failures[-1].at
        describe(
            [h for h in hits if restart_at <= h.at <= last], "from the restart to the last error"
        )
        print(
            f"  errors from +{first - restart_at:.2f} s to +{last - restart_at:.2f} s "
            "after the restart began"
        )
    after = [h for h in hits if h.at > (failures[-1].at if failures else back_at)]
    describe(after, "after the last error")
    recovered = next((h.at for h in hits if h.at > back_at and h.status == 200), None)
    if recovered is not None:
        print(f"first 200 after the restart command returned: +{recovered - back_at:.2f} s")
    odd = [h for h in failures if h.status != 503]
    print(f"answers other than 200 or 503: {len(odd)} {sorted({h.status for h in odd})}")
    print(f"a task enqueued after the restart ran in {task_seconds:.2f} s (worker not restarted)")
    print(f"logs: {folder}")


def task_runs_after_restart(timeout: float = 120) -> float:
    from rapport.network.tasks import expire_connection_requests

    started = time.monotonic()
    result = expire_connection_requests.enqueue()
    while time.monotonic() - started < timeout:
        result.refresh()
        if result.status == "SUCCESSFUL":
            return time.monotonic() - started
        time.sleep(0.2)
    raise SystemExit(f"the task did not run in {timeout} s: {result.status}")


if __name__ == "__main__":
    main()
