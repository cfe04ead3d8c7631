"""Production's task backend: the Tasks API in front, RQ behind, PostgreSQL in between.

``task.enqueue()`` writes an ``OutboxTask`` row in the caller's transaction and, once
that commits, tries to hand the task to RQ at once. When Redis is away the row simply
waits: the worker's relay hands it over when Redis answers again, so a page never
fails, and no task is lost, because Redis is down. A task rolled back with its
request's transaction never runs at all.

Delivery is at least once (a relay that crashes after Redis took a task but before
the row was marked hands it over again, under the same job id, and Redis skips a job
it already holds), and every RQ job carries retries, so a worker killed in mid-task
runs it again. Tasks therefore make their effect and its record in one transaction
(see rapport/keeper/digest.py): run twice, the effect still happens once.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Iterable
from typing import Any, cast

import django_rq
from django.db import close_old_connections, connections, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task_backends
from django_tasks.base import TASK_MAX_PRIORITY, Task, TaskResult, TaskResultStatus
from django_tasks.exceptions import TaskResultDoesNotExist
from django_tasks.signals import task_enqueued, task_finished
from django_tasks.utils import get_random_id, normalize_json
from django_tasks_rq import Job, RQBackend
from django_tasks_rq.backend import failed_callback, success_callback
from redis.exceptions import RedisError
from rq.callbacks import Callback
from rq.job import JobStatus, Retry

from rapport.operations.models import OutboxTask

log = logging.getLogger(__name__)

# A task whose process died, or that raised, runs again at once, then after 30 s and 5 min.
RETRY_DELAYS = [0, 30, 300]
# Long enough that the reconciler sees a finished job before Redis forgets it.
RESULT_TTL_SECONDS = 24 * 3600
# After Redis refused once, this process leaves handing over to the relay for a while,
# so a page does not pay a connection timeout on every request during an outage.
QUIET_AFTER_FAILURE_SECONDS = 5.0
_quiet_until = 0.0

TERMINAL = {JobStatus.FINISHED, JobStatus.FAILED, JobStatus.STOPPED, JobStatus.CANCELED}


class OutboxBackend(RQBackend):
    supports_defer = True
    supports_get_result = True

    def enqueue(self, task: Task[..., Any], args: Any, kwargs: Any) -> TaskResult[Any]:
        self.validate_task(task)
        entry = OutboxTask.objects.create(
            id=get_random_id(),
            backend=self.alias,
            task_path=task.module_path,
            queue_name=task.queue_name,
            priority=task.priority,
            args=normalize_json(list(args)),
            kwargs=normalize_json(dict(kwargs)),
            run_after=task.run_after,
        )
        transaction.on_commit(lambda: _relay_soon(entry.pk), robust=True)
        result = _waiting_result(task, entry, backend=self.alias)
        task_enqueued.send(type(self), task_result=result)
        return result

    def hand_over(self, entry: OutboxTask) -> None:
        """Give the task to RQ under its own id, unless Redis already holds that job."""
        queue = django_rq.get_queue(entry.queue_name, job_class=Job)
        if Job.exists(entry.pk, connection=queue.connection):
            return
        job = queue.create_job(
            entry.task_path,
            args=entry.args,
            kwargs=entry.kwargs,
            job_id=entry.pk,
            status=JobStatus.SCHEDULED if entry.run_after else JobStatus.QUEUED,
            on_failure=Callback(failed_callback),
            on_success=Callback(success_callback),
            meta={"backend_name": self.alias},
            retry=Retry(max=len(RETRY_DELAYS), interval=RETRY_DELAYS),
            result_ttl=RESULT_TTL_SECONDS,
        )
        if entry.run_after is None:
            queue.enqueue_job(job, at_front=entry.priority == TASK_MAX_PRIORITY)
        else:
            queue.schedule_job(job, entry.run_after)

    def get_result(self, result_id: str) -> TaskResult[Any]:
        try:
            job = self._get_job(result_id)
        except RedisError:
            job = None
        if job is not None:
            return job.task_result
        entry = OutboxTask.objects.filter(pk=result_id).first()
        if entry is None:
            raise TaskResultDoesNotExist(result_id)
        return _waiting_result(import_string(entry.task_path), entry, backend=entry.backend)


def _forget_finished(sender: type, task_result: TaskResult[Any], **kwargs: Any) -> None:
    """A task that succeeded leaves the outbox at once, in the process that ran it, so
    a Redis that loses its data a moment later cannot make it run again. (Failures
    stay: RQ may retry them; the reconciler forgets them once RQ gives up.)"""
    if task_result.status != TaskResultStatus.SUCCESSFUL:
        return
    try:
        OutboxTask.objects.filter(pk=task_result.id).delete()
    except Exception:  # the reconciler will forget it instead
        log.warning("outbox: could not forget finished task %s", task_result.id, exc_info=True)


task_finished.connect(_forget_finished, sender=OutboxBackend, dispatch_uid="rapport.outbox")


def _waiting_result(task: Task[..., Any], entry: OutboxTask, *, backend: str) -> TaskResult[Any]:
    return TaskResult(
        task=task.using(
            queue_name=entry.queue_name,
            priority=entry.priority,
            run_after=entry.run_after,
            backend=backend,
        ),
        id=entry.pk,
        status=TaskResultStatus.READY,
        enqueued_at=entry.enqueued_at,
        started_at=None,
        last_attempted_at=None,
        finished_at=None,
        args=entry.args,
        kwargs=entry.kwargs,
        backend=backend,
        errors=[],
        worker_ids=[],
    )


def _backend_of(entry: OutboxTask) -> OutboxBackend:
    """The backend that wrote ``entry``: only an ``OutboxBackend`` writes outbox rows."""
    return cast(OutboxBackend, task_backends[entry.backend])


def _relay_soon(entry_id: str) -> None:
    global _quiet_until
    if time.monotonic() < _quiet_until:
        return
    if (
        outbox_relay(ids=[entry_id]) == 0
        and OutboxTask.objects.filter(pk=entry_id, relayed_at__isnull=True).exists()
    ):
        _quiet_until = time.monotonic() + QUIET_AFTER_FAILURE_SECONDS


def outbox_relay(*, ids: Iterable[str] | None = None, limit: int = 200) -> int:
    """Hand waiting tasks to RQ, oldest first; returns how many Redis took.

    Rows are locked with SKIP LOCKED, so several relays (one per worker machine) share
    the backlog without handing a task over twice. Stops at the first Redis error and
    leaves the rest waiting.
    """
    handed, refused = _relay_waiting(ids=ids, limit=limit)
    if refused is not None:
        log.warning("outbox: Redis refused a task, it waits in PostgreSQL: %s", refused)
    return handed


def _relay_waiting(
    *, ids: Iterable[str] | None = None, limit: int = 200
) -> tuple[int, RedisError | None]:
    """``outbox_relay`` without its warning: how many Redis took, and its refusal if it
    refused one. The worker's relay says once that Redis is away, not once a poll."""
    handed: list[str] = []
    refused: RedisError | None = None
    with transaction.atomic():
        waiting = OutboxTask.objects.select_for_update(skip_locked=True).filter(
            relayed_at__isnull=True
        )
        if ids is not None:
            waiting = waiting.filter(pk__in=list(ids))
        for entry in waiting.order_by("enqueued_at")[:limit]:
            try:
                _backend_of(entry).hand_over(entry)
            except RedisError as error:
                refused = error
                break
            handed.append(entry.pk)
        if handed:
            OutboxTask.objects.filter(pk__in=handed).update(
                relayed_at=timezone.now(), relays=F("relays") + 1
            )
    return len(handed), refused


def outbox_reconcile(*, settled_for: dt.timedelta = dt.timedelta(seconds=30)) -> dict[str, int]:
    """Compare relayed tasks with what Redis holds: forget the finished, re-relay the lost.

    A job Redis no longer has (restarted without persistence, flushed) but which never
    finished is handed over again; a job RQ finished or gave up on is done here.
    """
    done: list[str] = []
    lost: list[str] = []
    cutoff = timezone.now() - settled_for
    with transaction.atomic():
        entries = list(
            OutboxTask.objects.select_for_update(skip_locked=True)
            .filter(relayed_at__lte=cutoff)
            .order_by("relayed_at")[:500]
        )
        if not entries:
            return {"done": 0, "lost": 0}
        jobs = Job.fetch_many([e.pk for e in entries], connection=django_rq.get_connection())
        for entry, job in zip(entries, jobs, strict=True):
            if job is None:
                lost.append(entry.pk)
            elif job.get_status(refresh=False) in TERMINAL:
                done.append(entry.pk)
        OutboxTask.objects.filter(pk__in=done).delete()
        for entry in entries:
            if entry.pk in lost:
                log.warning(
                    "outbox: Redis lost task %s (%s); relaying it again", entry.pk, entry.task_path
                )
                _backend_of(entry).hand_over(entry)
        if lost:
            OutboxTask.objects.filter(pk__in=lost).update(
                relayed_at=timezone.now(), relays=F("relays") + 1
            )
    return {"done": len(done), "lost": len(lost)}


RELAY_POLL_SECONDS = 1.0
RECONCILE_EVERY_SECONDS = 30.0


def run_relay(stop: threading.Event) -> None:
    """The worker's relay thread: hand waiting tasks to RQ every second, reconcile every
    half minute, and outlive any outage of Redis or PostgreSQL (logged once, not per try)."""
    last_reconcile = 0.0
    failing = False
    while not stop.is_set():
        try:
            close_old_connections()
            while not stop.is_set():
                handed, refused = _relay_waiting()
                if refused is not None:
                    # Tasks wait in PostgreSQL meanwhile; "resumed" says when it is over.
                    raise RedisError(f"Redis refused a task, tasks wait in PostgreSQL: {refused}")
                if handed == 0:
                    break
            if time.monotonic() - last_reconcile >= RECONCILE_EVERY_SECONDS:
                outbox_reconcile()
                last_reconcile = time.monotonic()
        except Exception as error:
            if not failing:
                log.warning("outbox relay paused: %s", " ".join(str(error).split())[:300])
            failing = True
        else:
            if failing:
                log.warning("outbox relay resumed")
            failing = False
        stop.wait(RELAY_POLL_SECONDS)
    connections.close_all()
