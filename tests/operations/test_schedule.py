"""Each periodic job is enqueued once a period, however many workers run the schedule."""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable

import dj_database_url
import pytest
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.utils import load_backend
from django_tasks import default_task_backend

from rapport.operations.models import ScheduledRun
from rapport.operations.schedule import PERIODIC_JOBS, PeriodicJob, run_schedule, schedule_tick
from tests.races import at_once

TEN_PAST_NINE = dt.datetime(2026, 3, 2, 9, 10, tzinfo=dt.UTC)
HOURLY = PeriodicJob("rapport.network.tasks.expire_connection_requests", dt.timedelta(hours=1))
DAILY = PeriodicJob("rapport.keeper.tasks.send_keeper_digests", dt.timedelta(days=1))


@pytest.fixture
def recorded_tasks(settings):
    """Tasks are recorded, not run, so the test sees what the schedule enqueued."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    default_task_backend.clear()
    return default_task_backend.results


def enqueued(results) -> list[str]:
    return sorted(result.task.module_path for result in results)


@pytest.mark.django_db
def test_a_job_is_enqueued_once_in_each_of_its_periods(recorded_tasks):
    jobs = (HOURLY, DAILY)
    assert schedule_tick(now=TEN_PAST_NINE, jobs=jobs) == [HOURLY.task_path, DAILY.task_path]
    assert schedule_tick(now=TEN_PAST_NINE + dt.timedelta(minutes=49), jobs=jobs) == []
    # The next hour starts: the hourly job again, not the daily one.
    assert schedule_tick(now=TEN_PAST_NINE + dt.timedelta(minutes=50), jobs=jobs) == [
        HOURLY.task_path
    ]
    assert schedule_tick(now=TEN_PAST_NINE + dt.timedelta(hours=15), jobs=jobs) == [
        HOURLY.task_path,
        DAILY.task_path,
    ]
    assert enqueued(recorded_tasks) == sorted([HOURLY.task_path] * 3 + [DAILY.task_path] * 2)
    hourly = ScheduledRun.objects.get(task_path=HOURLY.task_path)
    assert hourly.period_start == dt.datetime(2026, 3, 3, 0, 0, tzinfo=dt.UTC)


@pytest.mark.django_db
def test_a_worker_back_after_hours_away_enqueues_a_missed_job_once_not_once_per_hour(
    recorded_tasks,
):
    schedule_tick(now=TEN_PAST_NINE, jobs=(HOURLY,))
    assert schedule_tick(now=TEN_PAST_NINE + dt.timedelta(hours=6), jobs=(HOURLY,)) == [
        HOURLY.task_path
    ]
    assert len(recorded_tasks) == 2


@pytest.mark.django_db
def test_every_periodic_job_names_a_task():
    from django.utils.module_loading import import_string
    from django_tasks.base import Task

    for job in PERIODIC_JOBS:
        assert isinstance(import_string(job.task_path), Task), job.task_path
        assert job.every >= dt.timedelta(minutes=1), job.task_path


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_eight_workers_ticking_at_the_same_moment_enqueue_each_job_once(
    postgres_only, recorded_tasks
):
    """Eight schedule threads, each with its own connection as each worker would have,
    decide at the same instant; the row lock lets exactly one enqueue each job."""
    outcomes = at_once(
        [lambda: schedule_tick(now=TEN_PAST_NINE, jobs=(HOURLY, DAILY)) for _ in range(8)]
    )

    assert all(isinstance(outcome, list) for outcome in outcomes), outcomes
    winners = sorted(path for outcome in outcomes for path in outcome)  # type: ignore[union-attr]
    assert winners == [DAILY.task_path, HOURLY.task_path]


class StopAfterPolls(threading.Event):
    """The schedule's stop signal: between polls it runs ``between[poll]`` (the database
    going away, coming back), and it stops the loop after the last: a known number of
    rounds, with no clock in the test."""

    def __init__(self, between: list[Callable[[], None]]) -> None:
        super().__init__()
        self.between = between

    def wait(self, timeout: float | None = None) -> bool:
        if self.between:
            self.between.pop(0)()
        if not self.between:
            self.set()
        return self.is_set()


def unreachable_database() -> BaseDatabaseWrapper:
    """A connection to PostgreSQL where nothing listens (port 1), refused at once: the
    database of tests/operations/test_production.py, in this process."""
    parsed = dj_database_url.parse("postgres://rapport@127.0.0.1:1/rapport")
    parsed["OPTIONS"] = {"connect_timeout": 1}
    settings_dict = connections.configure_settings({DEFAULT_DB_ALIAS: parsed})[DEFAULT_DB_ALIAS]
    return load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, DEFAULT_DB_ALIAS)


@pytest.mark.django_db(transaction=True)  # the schedule closes its connections when done
def test_the_schedule_says_once_that_the_database_is_away_and_once_that_it_is_back(
    recorded_tasks, caplog
):
    """An outage of an hour must not write a traceback per job every half minute: one
    line when it starts, one when it ends, and the jobs are enqueued again."""
    reachable = connections[DEFAULT_DB_ALIAS]
    away = unreachable_database()

    def database_goes_away() -> None:
        connections[DEFAULT_DB_ALIAS] = away

    def database_is_back() -> None:
        connections[DEFAULT_DB_ALIAS] = reachable

    def nothing() -> None:
        pass

    # Four polls with the database away, then two with it back.
    stop = StopAfterPolls([nothing, nothing, nothing, database_is_back, nothing])
    database_goes_away()
    try:
        with caplog.at_level(logging.INFO, logger="rapport.operations.schedule"):
            run_schedule(stop, jobs=(HOURLY, DAILY))
    finally:
        database_is_back()
        away.close()
    lines = [r for r in caplog.records if r.name == "rapport.operations.schedule"]
    assert [(r.levelname, r.exc_info) for r in lines] == [("WARNING", None), ("WARNING", None)]
    assert "schedule paused" in lines[0].getMessage()
    assert "127.0.0.1" in lines[0].getMessage()  # what the database driver said
    assert lines[1].getMessage() == "schedule resumed"
    assert enqueued(recorded_tasks) == sorted([HOURLY.task_path, DAILY.task_path])
