"""Tasks are never lost to Redis: written with the change that asked for them, handed
to RQ when Redis answers, handed over again if Redis forgot them."""

from __future__ import annotations

import datetime as dt
import logging
import signal
import threading

import django_rq
import pytest
import redis
import time_machine
from django.db import transaction
from django.utils import timezone
from django_tasks_rq import Job
from rq import SimpleWorker

from rapport.network.models import ConnectionRequest
from rapport.network.tasks import expire_connection_requests
from rapport.operations import outbox
from rapport.operations.models import OutboxTask
from tests.operations.conftest import redis_url_for_this_run, rq_settings

pytestmark = pytest.mark.django_db
START = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def overdue_request(make_member, send_request):
    with time_machine.travel(START, tick=False):
        request = send_request(make_member("Ana Ruiz"), make_member("Ben Okafor"))
    return request


def run_rq_queue() -> None:
    """What an RQ worker process does, here in the test's process and database."""
    queue = django_rq.get_queue("default", job_class=Job)
    # RQ takes over SIGINT and SIGTERM and never gives them back; pytest needs them.
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        SimpleWorker([queue], connection=queue.connection, job_class=Job).work(burst=True)
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)


def state_of(request) -> str:
    return ConnectionRequest.objects.get(pk=request.pk).state


def enqueue_in_a_transaction(capture) -> object:
    """As a service does: the task is asked for inside the transaction of its change."""
    with capture(execute=True), transaction.atomic():
        return expire_connection_requests.enqueue()


def test_while_redis_is_down_a_task_waits_in_the_database_and_pages_serve(
    overdue_request, rq_with_redis_down, client, django_capture_on_commit_callbacks
):
    result = enqueue_in_a_transaction(django_capture_on_commit_callbacks)
    [waiting] = OutboxTask.objects.all()
    assert waiting.pk == result.id and waiting.relayed_at is None
    assert expire_connection_requests.get_result(result.id).status == "READY"
    assert outbox.outbox_relay() == 0  # Redis refuses: nothing handed over, nothing lost
    assert client.get("/").status_code == 200
    health = client.get("/health")
    assert health.status_code == 200
    assert health.json() == {
        "status": "degraded",
        "database": "ok",
        "queue": "unreachable",
        "workers": None,
    }


@pytest.mark.redis
def test_a_task_kept_while_redis_was_down_runs_once_redis_is_back(
    overdue_request, rq_with_redis_down, settings, django_capture_on_commit_callbacks
):
    with time_machine.travel(START + dt.timedelta(days=31), tick=False):
        result = enqueue_in_a_transaction(django_capture_on_commit_callbacks)
        assert OutboxTask.objects.get().relayed_at is None
        url = redis_url_for_this_run()
        redis.Redis.from_url(url).flushdb()
        rq_settings(settings, url)  # Redis is back
        assert outbox.outbox_relay() == 1
        assert state_of(overdue_request) == "pending"
        run_rq_queue()

    assert state_of(overdue_request) == "expired"
    finished = expire_connection_requests.get_result(result.id)
    assert finished.status == "SUCCESSFUL" and finished.return_value == 1
    assert not OutboxTask.objects.exists()  # forgotten by the process that ran it
    redis.Redis.from_url(url).flushdb()


def test_a_task_asked_for_in_a_transaction_that_rolls_back_never_exists(rq_with_redis_down):
    class Abandoned(Exception):
        pass

    with pytest.raises(Abandoned), transaction.atomic():
        expire_connection_requests.enqueue()
        raise Abandoned
    assert not OutboxTask.objects.exists()


@pytest.mark.redis
def test_a_task_is_handed_to_redis_as_soon_as_its_transaction_commits(
    rq_on_redis, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        result = expire_connection_requests.enqueue()
        assert OutboxTask.objects.get().relayed_at is None  # not before the commit
    entry = OutboxTask.objects.get()
    assert entry.relayed_at is not None and entry.relays == 1
    assert django_rq.get_queue("default").job_ids == [result.id]


@pytest.mark.redis
def test_a_task_redis_already_holds_is_not_queued_twice(rq_on_redis):
    """A relay that crashed after Redis took the task, before marking the row, tries again."""
    result = expire_connection_requests.enqueue()
    assert outbox.outbox_relay() == 1
    OutboxTask.objects.update(relayed_at=None, relays=0)  # the mark the crash lost
    assert outbox.outbox_relay() == 1
    assert django_rq.get_queue("default").job_ids == [result.id]


@pytest.mark.redis
def test_a_task_redis_lost_before_it_ran_is_handed_over_again_and_runs_once(
    overdue_request, rq_on_redis
):
    with time_machine.travel(START + dt.timedelta(days=31), tick=False):
        result = expire_connection_requests.enqueue()
        assert outbox.outbox_relay() == 1
        redis.Redis.from_url(rq_on_redis).flushdb()  # Redis restarted without its data
        assert outbox.outbox_reconcile(settled_for=dt.timedelta(0)) == {"done": 0, "lost": 1}
        assert OutboxTask.objects.get().relays == 2
        run_rq_queue()
    assert state_of(overdue_request) == "expired"
    assert expire_connection_requests.get_result(result.id).return_value == 1
    assert not OutboxTask.objects.exists()


@pytest.mark.redis
def test_a_task_that_finished_does_not_run_again_when_redis_then_loses_its_data(rq_on_redis):
    expire_connection_requests.enqueue()
    outbox.outbox_relay()
    run_rq_queue()
    redis.Redis.from_url(rq_on_redis).flushdb()  # its result gone with the rest
    assert outbox.outbox_reconcile(settled_for=dt.timedelta(0)) == {"done": 0, "lost": 0}
    assert django_rq.get_queue("default").job_ids == []


@pytest.mark.redis
def test_the_reconciler_forgets_a_task_rq_finished_if_its_runner_could_not(rq_on_redis):
    result = expire_connection_requests.enqueue()
    outbox.outbox_relay()
    run_rq_queue()
    # As if the process that ran it died before it could delete its row.
    OutboxTask.objects.create(
        id=result.id,
        task_path=expire_connection_requests.module_path,
        queue_name="default",
        relayed_at=timezone.now(),
        relays=1,
    )
    assert outbox.outbox_reconcile(settled_for=dt.timedelta(0)) == {"done": 1, "lost": 0}
    assert not OutboxTask.objects.exists()


@pytest.mark.redis
def test_every_rq_job_carries_retries_so_a_killed_worker_runs_it_again(rq_on_redis):
    result = expire_connection_requests.enqueue()
    outbox.outbox_relay()
    job = Job.fetch(result.id, connection=django_rq.get_connection())
    assert job.retries_left == len(outbox.RETRY_DELAYS)
    assert job.retry_intervals[0] == 0  # the first retry, after a kill, is at once


class StopAfterPolls(threading.Event):
    """The relay's stop signal, set once the relay has waited between polls ``polls``
    times: the loop runs a known number of rounds, with no clock in the test."""

    def __init__(self, polls: int) -> None:
        super().__init__()
        self.polls = polls

    def wait(self, timeout: float | None = None) -> bool:
        self.polls -= 1
        if self.polls <= 0:
            self.set()
        return self.is_set()


@pytest.mark.django_db(transaction=True)
def test_the_worker_says_once_that_redis_is_away_not_once_a_second(
    overdue_request, rq_with_redis_down, caplog
):
    """An outage of an hour must not write 3,600 lines per worker: one when it starts."""
    expire_connection_requests.enqueue()  # the web's own hand-over is refused and says so
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="rapport.operations.outbox"):
        outbox.run_relay(StopAfterPolls(5))
    warnings = [r.getMessage() for r in caplog.records if r.name == "rapport.operations.outbox"]
    assert len(warnings) == 1, warnings
    assert "paused" in warnings[0] and "127.0.0.1:1" in warnings[0]
    assert OutboxTask.objects.filter(relayed_at__isnull=True).count() == 1  # still waiting
