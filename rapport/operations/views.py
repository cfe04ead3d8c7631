"""The health check a load balancer or a monitor polls.

``GET /health`` answers ``{"status", "database", "queue"}``. The database decides the
HTTP status: 200 when it answers, 503 when not, since a web process without its
database can serve nothing. Redis down is "degraded" but still 200: pages keep
serving and tasks wait in the outbox, and a load balancer that pulled every web
process because their shared Redis was away would turn a slow queue into an outage.
Monitors alert on any status but "ok".
"""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django_tasks import task_backends

from rapport.operations.middleware import DATABASE_ERRORS

OK, UNREACHABLE = "ok", "unreachable"


def _database_state() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DATABASE_ERRORS:
        return UNREACHABLE
    return OK


def _queue_state(database: str) -> str:
    """RQ's Redis when tasks go through RQ; otherwise the queue is the database itself."""
    from django_tasks_rq import RQBackend

    backend = task_backends["default"]
    if not isinstance(backend, RQBackend):
        return database
    import django_rq
    from redis.exceptions import RedisError

    try:
        django_rq.get_connection(next(iter(backend.queues))).ping()
    except RedisError:
        return UNREACHABLE
    return OK


@require_safe
@never_cache
def health(request: HttpRequest) -> JsonResponse:
    database = _database_state()
    queue = _queue_state(database)
    if database != OK:
        status = "down"
    elif queue != OK:
        status = "degraded"
    else:
        status = "ok"
    return JsonResponse(
        {"status": status, "database": database, "queue": queue},
        status=200 if database == OK else 503,
    )
