"""SIGKILL a worker mid-task: the task runs again and its effect happens exactly once.

    .venv/bin/python benchmarks/faults/worker_kill.py [--members 12]

Two `rapport worker --production` supervisors (one RQ worker process each) share the
queue, on a throw-away database and Redis database 13 of the machine. The task is the
weekly digest for twelve members; a mail server in this script holds the fifth
message half-way (read, never answered) so the kill lands in the middle of a send.

1. The process running the task is killed (SIGKILL): its RQ worker sees it die and
   runs the task again at once (the first of three retries).
2. A whole worker is killed (SIGKILL to the supervisor, its RQ worker and the task's
   process, as when a machine is lost): the other worker finds the job abandoned once
   its heartbeat has lapsed (about 70 s) at its next maintenance (every 30 s), and
   runs it again. Nothing is simulated: the figures are the real waits.

Each time it prints how long until the task ran again and finished, and checks that
every member got exactly one digest. Recorded in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import signal
import tempfile
import time
from pathlib import Path

from harness import (
    MACHINE_REDIS,
    Process,
    django_here,
    machine_line,
    migrated,
    production_env,
    say,
    throwaway_database,
)

from tests.operations.mail_sink import MailSink, process_of_held_sender
from tests.operations.servers import descendants, kill_tree


def due_members(n: int) -> list[str]:
    """``n`` members, each three days late to see someone in their closest five."""
    import time_machine
    from django.utils import timezone

    from rapport.keeper.services import interaction_log, person_create
    from rapport.members.services import member_signup

    now = timezone.now()
    for i in range(n):
        member = member_signup(
            username=f"digest{i}",
            password="correct horse battery staple",
            name=f"Digest {i}",
            email=f"digest{i}@example.org",
        )
        with time_machine.travel(now - dt.timedelta(days=400), tick=False):
            person = person_create(owner=member, name=f"Friend {i}", circle="5")
        with time_machine.travel(now - dt.timedelta(days=10), tick=False):
            interaction_log(owner=member, person_ids=[person.pk], kind="coffee")
    return sorted(f"digest{i}@example.org" for i in range(n))


def wait_for(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit(f"{what}: not within {timeout} s")
        time.sleep(0.1)


def episode(name: str, *, members: list[str], sink: MailSink, workers: list[Process], kill) -> dict:
    from django.db import connections

    from rapport.keeper.tasks import send_keeper_digests

    result = send_keeper_digests.enqueue()
    connections.close_all()
    wait_for(sink.held.is_set, 300, f"{name}: the fifth digest")
    victim = process_of_held_sender(sink)
    killed = kill(victim, workers)
    killed_at = time.monotonic()
    say(f"{name}: SIGKILL to {killed}")
    sink.release()
    before = len(sink.delivered)
    wait_for(lambda: len(sink.delivered) > before, 600, f"{name}: the rerun")
    rerun = time.monotonic() - killed_at
    wait_for(lambda: len(sink.delivered) == len(members), 300, f"{name}: the last digest")
    done = time.monotonic() - killed_at

    def finished() -> bool:
        result.refresh()
        return result.status == "SUCCESSFUL"

    wait_for(finished, 60, f"{name}: the task's success")
    import django_rq
    from django_tasks_rq import Job

    job = Job.fetch(result.id, connection=django_rq.get_connection())
    return {
        "rerun": rerun,
        "done": done,
        "once_each": sink.recipients() == members,
        "delivered": len(sink.delivered),
        "retries_left": job.retries_left,
        "sent_by_rerun": result.return_value,
    }


def kill_the_task(victim: int, workers: list[Process]) -> str:
    os.kill(victim, signal.SIGKILL)
    return f"the task's process {victim}"


def kill_its_worker(victim: int, workers: list[Process]) -> str:
    owner = next(w for w in workers if victim in descendants(w.popen.pid))
    return f"worker {owner.popen.pid} and all below it: {kill_tree(owner.popen.pid)}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=12)
    args = parser.parse_args()
    print(machine_line())
    folder = Path(tempfile.mkdtemp(prefix="rapport-faults-"))
    redis_url = f"{MACHINE_REDIS}/13"
    import redis

    redis.Redis.from_url(redis_url).flushdb()
    figures = {}
    with throwaway_database() as database_url:
        sink = MailSink(hold_after=4)
        env = production_env(
            data_dir=folder,
            database_url=database_url,
            redis_url=redis_url,
            RAPPORT_EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            RAPPORT_EMAIL_HOST="127.0.0.1",
            RAPPORT_EMAIL_PORT=str(sink.port),
        )
        say("migrating a throw-away database")
        migrated(env)
        django_here(env)
        members = due_members(args.members)
        workers = [
            Process(
                ["worker", "--processes", "1", "--no-schedule"],
                env=env,
                log=folder / f"worker{i}.log",
            )
            for i in range(2)
        ]
        try:
            figures["the task's process killed"] = episode(
                "1", members=members, sink=sink, workers=workers, kill=kill_the_task
            )
            sink.close()
            # The same twelve digests are due again: forget they were sent.
            from rapport.keeper.models import DigestPreference

            DigestPreference.objects.update(last_sent_at=None)
            sink = MailSink(hold_after=4)
            for process in workers:
                process.stop()
            env["RAPPORT_EMAIL_PORT"] = str(sink.port)
            workers = [
                Process(
                    ["worker", "--processes", "1", "--no-schedule"],
                    env=env,
                    log=folder / f"worker{i}b.log",
                )
                for i in range(2)
            ]
            figures["a whole worker killed"] = episode(
                "2", members=members, sink=sink, workers=workers, kill=kill_its_worker
            )
        finally:
            sink.close()
            for process in workers:
                process.stop()
            from django.db import connections

            connections.close_all()
            redis.Redis.from_url(redis_url).flushdb()

    print()
    for name, f in figures.items():
        print(
            f"{name}: ran again after {f['rerun']:.1f} s, finished after {f['done']:.1f} s; "
            f"{f['delivered']} digests for {args.members} members, one each: {f['once_each']}; "
            f"the rerun sent {f['sent_by_rerun']}; retries left {f['retries_left']} of 3"
        )
    print(f"logs: {folder}")


if __name__ == "__main__":
    main()
