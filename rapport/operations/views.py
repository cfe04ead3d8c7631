"""The health check a load balancer or a monitor polls.

``GET /health`` answers ``{"status", "database", "queue", "workers"}``. The database
decides the HTTP status: 200 when it answers, 503 when not, since a web process without
its database can serve nothing. Redis down is "degraded" but still 200: pages keep
serving and tasks wait in the outbox, and a load balancer that pulled every web
process because their shared Redis was away would turn a slow queue into an outage.
No RQ worker listening is "degraded" too: the web hands tasks to Redis itself, so with
`rapport worker` stopped every import and mail would wait there, unseen, while the
queue answers. Monitors alert on any status but "ok".
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


def _queue_state(database: str) -> tuple[str, int | None]:
    """RQ's Redis and the RQ workers listening on it when tasks go through RQ; otherwise
    the queue is the database itself, and its worker leaves no trace to count (None)."""
    from django_tasks_rq import RQBackend

    backend = task_backends["default"]
    if not isinstance(backend, RQBackend):
        return database, None
    import django_rq
    from redis.exceptions import RedisError
    from rq.worker_registration import get_keys

    try:
        redis = django_rq.get_connection(next(iter(backend.queues)))
        redis.ping()
        registered = set().union(
            *(get_keys(queue=django_rq.get_queue(name)) for name in backend.queues)
        )
        # RQ's registry keeps the name of a worker killed without a word; its own key
        # expires once its heartbeat lapses (worker_ttl), so only live ones are counted.
        with redis.pipeline() as pipeline:
            for key in registered:
                pipeline.exists(key)
            alive = sum(pipeline.execute()) if registered else 0
    except RedisError:
        return UNREACHABLE, None
    return OK, alive


@require_safe
@never_cache
def health(request: HttpRequest) -> JsonResponse:
    database = _database_state()
    queue, workers = _queue_state(database)
    if database != OK:
        status = "down"
    elif queue != OK or workers == 0:
        status = "degraded"
    else:
        status = "ok"
    return JsonResponse(
        {"status": status, "database": database, "queue": queue, "workers": workers},
        status=200 if database == OK else 503,
    )
