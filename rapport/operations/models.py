"""What the worker fleet needs to remember in PostgreSQL rather than in Redis.

``OutboxTask``: a task accepted but not yet known to be done. It is written in the
transaction that asked for it (so it exists exactly when the change that asked for
it exists), relayed to RQ when Redis answers, and deleted once RQ reports the job
finished. Redis can be stopped, or restarted empty, without losing a task.

``ScheduledRun``: the period each periodic job was last enqueued for, one row a job,
locked while a worker decides, so M workers enqueue it once a period between them.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone


class OutboxTask(models.Model):
    # The RQ job id and the TaskResult id are this same string.
    id = models.CharField(primary_key=True, max_length=64)
    backend = models.CharField(max_length=100, default="default")
    task_path = models.CharField(max_length=300)
    queue_name = models.CharField(max_length=100)
    priority = models.SmallIntegerField(default=0)
    args = models.JSONField(default=list)
    kwargs = models.JSONField(default=dict)
    run_after = models.DateTimeField(null=True, blank=True)
    enqueued_at = models.DateTimeField(default=timezone.now)
    # Set when the task was last handed to Redis; a task Redis lost is handed over again.
    relayed_at = models.DateTimeField(null=True, blank=True)
    relays = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(
                fields=["enqueued_at"],
                condition=Q(relayed_at__isnull=True),
                name="operations_outbox_waiting",
            ),
            models.Index(fields=["relayed_at"], name="operations_outbox_relayed"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(relayed_at__isnull=True, relays=0)
                | Q(relayed_at__isnull=False, relays__gte=1),
                name="operations_outbox_relayed_means_relays",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task_path} ({self.pk})"


class ScheduledRun(models.Model):
    task_path = models.CharField(primary_key=True, max_length=300)
    # The start of the last period the job was enqueued for (periods are aligned to
    # the epoch: an hourly job's periods start on the hour).
    period_start = models.DateTimeField()
    enqueued_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(enqueued_at__gte=models.F("period_start")),
                name="operations_scheduled_run_after_period_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task_path} @ {self.period_start:%Y-%m-%d %H:%M}"
