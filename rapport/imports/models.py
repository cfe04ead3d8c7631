"""An import job: one file brought into one member's keeper, and what came of it.

The job row is the only thing an import writes outside the keeper's own tables. It
is written in short transactions of its own (queued, reading with progress, writing)
so that a page can show how far a large file has got, while the keeper rows are
written in one transaction at the end together with the job's "done": either both
are there or neither is.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from rapport.imports.states import IMPORT_GRAPH
from rapport.state_graph import StateGraph

SOURCE_CHOICES = [
    ("linkedin", "LinkedIn export"),
    ("vcard", "vCard file"),
    ("csv", "Contacts CSV (Google or Outlook)"),
    ("mbox", "Mail archive (mbox)"),
]
# The sources whose files can hold interactions (messages, mails, recommendations);
# a vCard or a contacts CSV only lists people, so its summary leaves interactions out.
SOURCES_WITH_INTERACTIONS = frozenset({"linkedin", "mbox"})


class ImportJob(models.Model):
    graph: StateGraph = IMPORT_GRAPH

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="import_jobs",
        db_index=False,
    )
    source = models.CharField(max_length=16, choices=SOURCE_CHOICES)
    # The name the member gave the file (shown), and where it waits to be read.
    filename = models.CharField(max_length=255)
    path = models.CharField(max_length=1024, blank=True)
    # Whether ``path`` is an upload of ours, deleted once the job ends (the command
    # line reads the member's own file in place and leaves it alone).
    uploaded = models.BooleanField(default=False)
    # The member's own addresses, for a mail archive: sent or received is read from them.
    me = models.JSONField(default=list, blank=True)
    state = models.CharField(max_length=16, choices=IMPORT_GRAPH.choices, default="queued")
    # Progress while reading, in lines of the file(s).
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    # When done: counts, the rows set aside with their reasons, merge suggestions.
    summary = models.JSONField(default=dict, blank=True)
    # When failed: {"message", "file", "line", "reason"}.
    error = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField()
    started_at = models.DateTimeField(null=True, blank=True)
    # Moved on at every progress report: a job that stops moving was interrupted.
    updated_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["owner", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=IMPORT_GRAPH.states), name="import_state_known"
            ),
            models.CheckConstraint(
                condition=Q(source__in=[code for code, _label in SOURCE_CHOICES]),
                name="import_source_known",
            ),
            models.CheckConstraint(
                condition=Q(total=0) | Q(done__lte=F("total")), name="import_done_within_total"
            ),
            models.CheckConstraint(
                condition=~Q(state__in=["done", "failed"]) | Q(finished_at__isnull=False),
                name="import_finished_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} import {self.pk} ({self.state})"

    def state_at(self, now: dt.datetime) -> str:
        """The state, with a job that stopped moving read as failed (its process died)."""
        timeout = self.graph.timeouts.get(self.state)
        if timeout and self.updated_at + timeout[0] <= now:
            return timeout[1]
        return self.state

    @property
    def finished(self) -> bool:
        return self.state in self.graph.terminal

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 0
