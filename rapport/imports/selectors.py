"""Reading a member's import jobs: always their own, anyone else's is not found."""

from __future__ import annotations

from django.db.models import QuerySet

from rapport.errors import NotFound
from rapport.imports.models import ImportJob
from rapport.members.models import Member

RECENT = 20


def import_jobs_of(*, owner: Member, limit: int = RECENT) -> QuerySet[ImportJob]:
    return ImportJob.objects.filter(owner=owner).order_by("-created_at", "-id")[:limit]


def import_job_get(*, owner: Member, job_id: int) -> ImportJob:
    job = ImportJob.objects.filter(owner=owner, pk=job_id).first()
    if job is None:
        raise NotFound("No such import.", field="job_id")
    return job
