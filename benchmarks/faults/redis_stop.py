"""Redis stops under load: pages keep serving, tasks wait in PostgreSQL and run when
Redis is back.

    .venv/bin/python benchmarks/faults/redis_stop.py [--down 12] [--tasks 20]

A private redis-server (port 6390, no persistence) is stopped with `redis-cli -p 6390
shutdown nosave` and started again, empty, with the command that first started it;
the machine's own Redis is not touched. PostgreSQL is a throw-away database on the
machine's cluster. `rapport serve --production` (2 gunicorn workers) and `rapport
worker --production --processes 2` run throughout; four threads request `/`,
`GET /api/me` and `/health`. While Redis is down the check enqueues tasks, each in a
transaction of its own as a request's service would, then reports how fast pages and
enqueues answered, what /health said, and when every task had run, once.
Recorded in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from harness import (
    Load,
    PrivateRedis,
    Process,
    describe,
    django_here,
    free_port,
    get,
    machine_line,
    members_with_tokens,
    migrated,
    ms,
    production_env,
    say,
    throwaway_database,
)


def enqueue_tasks(n: int) -> tuple[list, list[float]]:
    from django.db import transaction

    from rapport.network.tasks import expire_connection_requests

    results, seconds = [], []
    for _ in range(n):
        started = time.monotonic()
        with transaction.atomic():
            results.append(expire_connection_requests.enqueue())
        seconds.append(time.monotonic() - started)
    return results, seconds


def wait_until_run(results: list, timeout: float = 180) -> float:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        for result in results:
            if result.status != "SUCCESSFUL":
                result.refresh()
        if all(result.status == "SUCCESSFUL" for result in results):
            return time.monotonic() - started
        time.sleep(0.2)
    waiting = [r.id for r in results if r.status != "SUCCESSFUL"]
    raise SystemExit(f"{len(waiting)} tasks did not run in {timeout} s: {waiting[:3]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--down", type=float, default=12.0, help="seconds Redis stays down")
    parser.add_argument("--tasks", type=int, default=20, help="tasks enqueued while down")
    args = parser.parse_args()
    print(machine_line())
    folder = Path(tempfile.mkdtemp(prefix="rapport-faults-"))
    redis_server = PrivateRedis()
    redis_server.start()
    try:
        with throwaway_database() as database_url:
            env = production_env(
                data_dir=folder, database_url=database_url, redis_url=redis_server.url
            )
            say("migrating a throw-away database")
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
            worker = Process(["worker", "--processes", "2"], env=env, log=folder / "worker.log")
            try:
                figures = run(args, port, tokens, web, redis_server)
            finally:
                web.stop()
                worker.stop()
                connections.close_all()
    finally:
        if not redis_server.answers():
            redis_server.start()
        redis_server.stop()
    report(figures, folder)


def run(args, port: int, tokens: list[str], web: Process, redis_server: PrivateRedis) -> dict:
    from rapport.operations.models import OutboxTask

    web.wait_for_http(port)
    headers = {"X-Forwarded-Proto": "https"}
    paths = [("/api/me", {**headers, "Authorization": f"Bearer {t}"}) for t in tokens]
    load = Load(port, [*paths, ("/", headers), ("/health", {})], threads=4)
    say("load started; 5 tasks with Redis up")
    before, _ = enqueue_tasks(5)
    normal = wait_until_run(before)
    time.sleep(2)
    stopped_at = load.now()
    say("redis-cli -p 6390 shutdown nosave")
    redis_server.stop()
    time.sleep(1)
    health_down = json.loads(get(port, "/health").body)
    results, enqueue_seconds = enqueue_tasks(args.tasks)
    waiting = OutboxTask.objects.filter(relayed_at__isnull=True).count()
    say(f"{args.tasks} tasks enqueued with Redis down; {waiting} wait in PostgreSQL")
    time.sleep(max(0.0, args.down - (load.now() - stopped_at)))
    started_at = load.now()
    say("redis-server started again (empty)")
    redis_server.start()
    ran = wait_until_run(results)
    say(f"all {args.tasks} tasks ran {ran:.2f} s after Redis was back")
    emptied = time.monotonic()
    while OutboxTask.objects.exists() and time.monotonic() - emptied < 120:
        time.sleep(0.5)
    outbox_left = OutboxTask.objects.count()
    time.sleep(2)
    hits = load.stop()
    import django_rq
    from django_tasks_rq import Job

    jobs = [Job.fetch(r.id, connection=django_rq.get_connection()) for r in results]
    return {
        "hits": hits,
        "stopped_at": stopped_at,
        "started_at": started_at,
        "normal": normal,
        "health_down": health_down,
        "enqueue_seconds": enqueue_seconds,
        "waiting": waiting,
        "ran": ran,
        "outbox_emptied": time.monotonic() - emptied + ran,
        "outbox_left": outbox_left,
        "runs": sorted({len(job.results()) for job in jobs}),
        "tasks": args.tasks,
    }


def report(f: dict, folder: Path) -> None:
    hits, stopped_at, started_at = f["hits"], f["stopped_at"], f["started_at"]
    print()
    print(f"Redis down from {stopped_at:.2f} s to {started_at:.2f} s of the load")
    describe([h for h in hits if h.at < stopped_at], "before")
    describe([h for h in hits if stopped_at <= h.at < started_at], "while Redis was down")
    describe([h for h in hits if h.at >= started_at], "after")
    print(f"/health while down: {f['health_down']}")
    print(
        f"enqueue while down: {f['tasks']} tasks, p50 {ms(f['enqueue_seconds'], 0.5)} ms, "
        f"max {ms(f['enqueue_seconds'], 1.0)} ms; {f['waiting']} waiting in the outbox"
    )
    print(f"a task with Redis up ran in {f['normal']:.2f} s (5 tasks, all done)")
    print(f"after Redis came back: all {f['tasks']} ran within {f['ran']:.2f} s")
    print(f"runs per task (RQ results): {f['runs']}")
    print(
        f"outbox empty {f['outbox_emptied']:.1f} s after Redis came back ({f['outbox_left']} left)"
    )
    print(f"logs: {folder}")


if __name__ == "__main__":
    main()
