"""The health check: the database decides 200 or 503; the queue, or no worker to run
what waits in it, makes it "degraded"."""

from __future__ import annotations

import django_rq
import pytest
from django_tasks_rq import Job
from rq import Worker


@pytest.fixture
def rq_worker_listening(rq_on_redis):
    """An RQ worker registered on the queue, as `rapport worker --production` makes one."""
    queue = django_rq.get_queue("default", job_class=Job)
    worker = Worker([queue], connection=queue.connection, job_class=Job)
    worker.register_birth()
    yield worker
    worker.register_death()


@pytest.mark.django_db
def test_healthy_with_the_database_queue(client, settings, django_assert_num_queries):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with django_assert_num_queries(1):
        response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "queue": "ok", "workers": None}
    assert "no-store" in response["Cache-Control"]


@pytest.mark.redis
@pytest.mark.django_db
def test_healthy_with_rq_on_redis_and_a_worker_listening(client, rq_worker_listening):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "queue": "ok", "workers": 1}


@pytest.mark.redis
@pytest.mark.django_db
def test_no_worker_listening_is_degraded_as_tasks_would_wait_in_redis_forever(client, rq_on_redis):
    """Pages enqueue happily while `rapport worker` is stopped; the monitor must hear it."""
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "ok", "queue": "ok", "workers": 0}


@pytest.mark.redis
@pytest.mark.django_db
def test_a_worker_that_died_without_a_word_stops_counting_once_its_heartbeat_lapses(
    client, rq_worker_listening
):
    # RQ's registry keeps a SIGKILLed worker's name; its heartbeat key expires (worker_ttl).
    rq_worker_listening.connection.delete(rq_worker_listening.key)
    response = client.get("/health")
    assert response.json()["workers"] == 0
    assert response.json()["status"] == "degraded"


@pytest.mark.django_db
def test_redis_down_is_degraded_but_still_200(client, rq_with_redis_down):
    """A load balancer must not pull every web process because their shared Redis is away."""
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {
        "status": "degraded",
        "database": "ok",
        "queue": "unreachable",
        "workers": None,
    }


def test_the_health_check_only_answers_reads(client):
    assert client.post("/health").status_code == 405
