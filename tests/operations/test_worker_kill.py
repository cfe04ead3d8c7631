"""A worker killed in the middle of a task: the task runs again, its effect happens once.

The task is the weekly digest, sent to twelve members. The mail server holds the
fifth message half-way (read, never answered), so the kill lands mid-send, and the
process is killed with SIGKILL: no handler, no clean-up. Each digest is sent and
recorded (``last_sent_at``) in one transaction, so the run that follows skips the four
already sent and sends the other eight: every member gets exactly one digest.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import time

import django_rq
import pytest
import time_machine
from django.db import connection
from django.utils import timezone
from django_tasks_rq import Job
from rq.registry import StartedJobRegistry

from rapport.keeper.models import DigestPreference
from rapport.keeper.services import interaction_log, person_create
from rapport.keeper.tasks import send_keeper_digests
from tests.operations.mail_sink import MailSink, process_of_held_sender
from tests.operations.servers import Process, kill_tree, production_env, rapport

MEMBERS = 12
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True),  # the worker processes read what the test wrote
]


@pytest.fixture
def due_members(postgres_only, make_member) -> list[str]:
    """Twelve members, each three days late to see someone in their closest five."""
    now = timezone.now()
    addresses = []
    for n in range(MEMBERS):
        member = make_member(f"Member {n}", email=f"member{n}@example.org")
        with time_machine.travel(now - dt.timedelta(days=400), tick=False):
            person = person_create(owner=member, name=f"Friend {n}", circle="5")
        with time_machine.travel(now - dt.timedelta(days=10), tick=False):
            interaction_log(owner=member, person_ids=[person.pk], kind="coffee")
        addresses.append(member.email)
    return sorted(addresses)


@pytest.fixture
def sink():
    sink = MailSink(hold_after=4)
    yield sink
    sink.close()


@pytest.fixture
def worker_env(rq_on_redis, sink, tmp_path) -> dict:
    database = connection.settings_dict
    url = f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    return production_env(
        data_dir=tmp_path,
        database_url=url,
        redis_url=rq_on_redis,
        RAPPORT_EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        RAPPORT_EMAIL_HOST="127.0.0.1",
        RAPPORT_EMAIL_PORT=str(sink.port),
    )


def wait_for(condition, *, timeout: float, what: str, log: Process | None = None) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not happen in {timeout} s\n{log and log.output()}")
        time.sleep(0.2)


def assert_every_member_got_one_digest(sink: MailSink, addresses: list[str], result_id: str):
    assert sink.recipients() == addresses
    assert DigestPreference.objects.filter(last_sent_at__isnull=False).count() == MEMBERS
    job = Job.fetch(result_id, connection=django_rq.get_connection())
    assert job.get_status() == "finished"
    assert job.retries_left == 2  # one of its three retries was spent on the kill
    assert job.return_value() == MEMBERS - 4  # the second run sent the other eight


def test_the_process_running_a_task_is_killed_mid_send_and_the_worker_runs_it_again(
    due_members, sink, worker_env, tmp_path
):
    result = send_keeper_digests.enqueue()
    worker = Process(
        ["worker", "--processes", "1", "--no-schedule"], env=worker_env, log=tmp_path / "w.log"
    )
    try:
        wait_for(sink.held.is_set, timeout=240, what="the fifth digest", log=worker)
        assert len(sink.delivered) == 4
        os.kill(process_of_held_sender(sink), signal.SIGKILL)
        sink.release()
        wait_for(lambda: len(sink.delivered) == MEMBERS, timeout=240, what="the rerun", log=worker)
    finally:
        worker.stop()
    assert_every_member_got_one_digest(sink, due_members, result.id)


def test_a_whole_worker_killed_mid_task_leaves_the_task_to_the_next_worker(
    due_members, sink, worker_env, tmp_path
):
    """The machine is gone: the supervisor, its RQ worker and the task's process, all at
    once. RQ finds the job abandoned once its heartbeat lapses (about a minute; the test
    moves the clock instead of waiting, benchmarks/faults/worker_kill.py waits for real)
    and requeues it; the next worker to start runs it."""
    result = send_keeper_digests.enqueue()
    worker = Process(
        ["worker", "--processes", "1", "--no-schedule"], env=worker_env, log=tmp_path / "w.log"
    )
    try:
        wait_for(sink.held.is_set, timeout=240, what="the fifth digest", log=worker)
        kill_tree(worker.popen.pid)
    finally:
        worker.stop()
    sink.release()
    queue = django_rq.get_queue("default", job_class=Job)
    StartedJobRegistry(queue=queue).cleanup(timestamp=time.time() + 3600)
    assert queue.job_ids == [result.id]

    rerun = rapport("worker", "--batch", "--no-schedule", "--processes", "1", env=worker_env)
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert_every_member_got_one_digest(sink, due_members, result.id)
