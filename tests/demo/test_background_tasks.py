"""`rapport demo` works its task queue and runs the periodic schedule beside the server:
an upload on the import page finishes in the demo, and what waits for a member is
mailed to the console, as they would be beside `rapport worker` on a real instance."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django_tasks_db.models import DBTaskResult

from rapport.demo.management.commands.demo import background_work
from rapport.imports.models import ImportJob
from rapport.imports.services import import_job_create
from rapport.keeper.models import Person
from rapport.operations.models import ScheduledRun
from rapport.operations.schedule import PERIODIC_JOBS
from tests.notifications.conftest import write
from tests.operations.servers import free_port, get
from tests.races import sqlite_on_file  # noqa: F401  (the fixture)

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Monday 1 June 2026, 10:00 UTC: 11:00 in London, when "soon" mail may go.
NOW = dt.datetime(2026, 6, 1, 10, 0, tzinfo=dt.UTC)

VCARD = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Grace Mensah\r\nEMAIL:grace@example.org\r\nEND:VCARD\r\n"


def _until(found, *, what: str, timeout: float = 60):
    deadline = time.monotonic() + timeout
    while not (result := found()):
        assert time.monotonic() < deadline, what
        time.sleep(0.05)
    return result


@pytest.fixture
def one_database_for_every_thread(request):
    """The demo's threads and the test's share one database as the demo's do: on SQLite
    a file, whose connections wait their turn to write, not the in-memory test database,
    where one thread's write refuses another's read at once ("database table is
    locked"). As two demos would, too."""
    if connection.vendor == "sqlite":
        request.getfixturevalue("sqlite_on_file")


@pytest.mark.django_db(transaction=True)  # the worker thread reads what this one commits
def test_an_upload_in_the_demo_is_imported_without_a_separate_worker(
    settings, tmp_path, one_database_for_every_thread, make_member
):
    settings.TASKS = DATABASE_TASKS
    settings.DATA_DIR = tmp_path
    ana = make_member("Ana Ruiz")
    job = import_job_create(
        owner=ana, source="vcard", upload=SimpleUploadedFile("contacts.vcf", VCARD)
    )

    # The block's end waits for the worker to record the task it is on: a worker left
    # running would write to the tables the next test empties.
    with background_work(interval=0.05) as working:
        assert working
        _until(
            lambda: ImportJob.objects.get(pk=job.pk).state in ("done", "failed"),
            what="the demo's worker never ran the import",
        )

    assert ImportJob.objects.get(pk=job.pk).state == "done"
    # The worker had recorded the task before the block ended.
    assert DBTaskResult.objects.filter(
        task_path__startswith="rapport.imports.", status="SUCCESSFUL"
    ).exists()
    assert list(Person.objects.filter(owner=ana).values_list("name", flat=True)) == ["Grace Mensah"]


def test_nothing_is_started_when_tasks_go_elsewhere(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    threads_before = set(threading.enumerate())
    with background_work() as working:
        assert not working
        assert set(threading.enumerate()) == threads_before


@pytest.mark.django_db(transaction=True)  # the demo's threads read what this one commits
def test_a_message_waiting_ten_minutes_is_mailed_by_the_demos_schedule(
    settings, one_database_for_every_thread, make_member, connect, mailoutbox
):
    """Nobody runs `rapport worker` beside the demo: its own schedule enqueues the
    five-minute notification job at its first tick, and its own worker sends the mail
    (to the console in the demo; to the test's outbox here)."""
    settings.TASKS = DATABASE_TASKS
    threads_before = set(threading.enumerate())
    with time_machine.travel(NOW, tick=False):
        ana = make_member("Ana Ruiz", email="ana@example.org", time_zone="Europe/London")
        ben = make_member("Ben Okafor", email="ben@example.org", time_zone="America/Toronto")
        connect(ben, ana)
        write(ben, ana, "Are you free for coffee on Thursday?")

    with (
        time_machine.travel(NOW + dt.timedelta(minutes=11)),
        background_work(interval=0.05) as working,
    ):
        assert working
        [mail] = _until(
            lambda: [mail for mail in mailoutbox if mail.to == ["ana@example.org"]],
            what="the demo's schedule never mailed Ana",
        )

    # The block's end stopped the demo's schedule and worker, as Ctrl-C ends the demo.
    assert set(threading.enumerate()) <= threads_before
    assert mail.subject == "Ben Okafor wrote to you"
    assert "Are you free" not in mail.body  # what waits, never what was written
    assert ScheduledRun.objects.filter(
        task_path="rapport.notifications.tasks.send_notifications"
    ).exists()


@pytest.mark.django_db(transaction=True)
def test_two_demos_on_one_database_run_each_periodic_job_once(
    settings, one_database_for_every_thread
):
    """However many demos (or workers) run the schedule, each job is enqueued once a
    period: the schedule's own lock (rapport/operations/schedule.py), not a copy of it."""
    settings.TASKS = DATABASE_TASKS
    every_job = {job.task_path for job in PERIODIC_JOBS}

    with background_work(interval=0.05), background_work(interval=0.05):
        _until(
            lambda: set(ScheduledRun.objects.values_list("task_path", flat=True)) == every_job,
            what="the demos' schedules never enqueued every job",
        )
        # Both schedules have ticked by the time every job ran: a tick takes moments.
        _until(
            lambda: (
                DBTaskResult.objects.filter(task_path__in=every_job, status="SUCCESSFUL").count()
                >= len(every_job)
            ),
            what="the demos' workers never ran every job",
        )

    enqueued = list(
        DBTaskResult.objects.filter(task_path__in=every_job).values_list("task_path", flat=True)
    )
    assert sorted(enqueued) == sorted(every_job)


# `rapport demo` hearing Ctrl-C as a terminal's foreground process does, whatever this
# test runner's own signals (started in the background, it ignores SIGINT, and so
# would a child it starts).
RAPPORT_HEARING_CTRL_C = (
    "import signal; signal.signal(signal.SIGINT, signal.default_int_handler); "
    "from rapport.runner import main; main()"
)


def test_ctrl_c_stops_the_demo_with_its_schedule_and_says_at_start_that_it_runs(tmp_path):
    """The real command, as a newcomer runs it: it says that periodic jobs run and where
    mail goes, its schedule ticks (a row per job in its SQLite file), and Ctrl-C stops
    the server, the schedule and the worker together: exit status 0, no traceback."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("RAPPORT_", "DATABASE_URL", "REDIS_URL", "PYTEST", "DJANGO_"))
    }
    env.update(RAPPORT_DATA_DIR=str(tmp_path), PYTHONUNBUFFERED="1")
    port = free_port()
    log = tmp_path / "demo.log"

    def jobs_scheduled() -> int:
        with contextlib.closing(sqlite3.connect(tmp_path / "rapport.sqlite3", timeout=20)) as db:
            [count] = db.execute("SELECT COUNT(*) FROM operations_scheduledrun").fetchone()
        return count

    def serving() -> bool:
        assert demo.poll() is None, f"the demo exited:\n{log.read_text()}"
        try:
            return get(port, "/health").status == 200
        except OSError:
            return False

    with log.open("w") as out:
        demo = subprocess.Popen(
            [sys.executable, "-c", RAPPORT_HEARING_CTRL_C, "demo", "--port", str(port)],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            _until(serving, what="the demo never served", timeout=240)
            _until(lambda: jobs_scheduled() == len(PERIODIC_JOBS), what="the demo never ticked")
            os.killpg(demo.pid, signal.SIGINT)  # Ctrl-C: the terminal signals the group
            status = demo.wait(timeout=60)
        finally:
            if demo.poll() is None:
                os.killpg(demo.pid, signal.SIGKILL)
                demo.wait()

    output = log.read_text()
    assert status == 0, output
    assert "Traceback" not in output
    assert (
        "Periodic jobs run in this process, as `rapport worker` runs them beside a real server"
    ) in output
    assert "Mail is printed in this console." in output
