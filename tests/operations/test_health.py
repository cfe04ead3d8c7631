"""The health check: the database decides 200 or 503; the queue makes it "degraded"."""

from __future__ import annotations

import pytest


@pytest.mark.django_db
def test_healthy_with_the_database_queue(client, settings, django_assert_num_queries):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with django_assert_num_queries(1):
        response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "queue": "ok"}
    assert "no-store" in response["Cache-Control"]


@pytest.mark.redis
@pytest.mark.django_db
def test_healthy_with_rq_on_redis(client, rq_on_redis):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "queue": "ok"}


@pytest.mark.django_db
def test_redis_down_is_degraded_but_still_200(client, rq_with_redis_down):
    """A load balancer must not pull every web process because their shared Redis is away."""
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "ok", "queue": "unreachable"}


def test_the_health_check_only_answers_reads(client):
    assert client.post("/health").status_code == 405
