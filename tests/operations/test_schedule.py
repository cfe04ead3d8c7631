"""Each periodic job is enqueued once a period, however many workers run the schedule."""

from __future__ import annotations

import datetime as dt

import pytest
from django_tasks import default_task_backend

from rapport.operations.models import ScheduledRun
from rapport.operations.schedule import PERIODIC_JOBS, PeriodicJob, schedule_tick
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
