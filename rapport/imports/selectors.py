"""Reading a member's import jobs: always their own, anyone else's is not found."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet

from rapport.errors import NotFound
from rapport.imports.models import ImportJob
from rapport.keeper.models import Person
from rapport.members.models import Member

RECENT = 20


def import_jobs_of(*, owner: Member, limit: int = RECENT, offset: int = 0) -> QuerySet[ImportJob]:
    """The owner's imports, newest first, ``limit`` of them from ``offset``."""
    jobs = ImportJob.objects.filter(owner=owner).order_by("-created_at", "-id")
    return jobs[offset : offset + limit]


def import_job_get(*, owner: Member, job_id: int) -> ImportJob:
    job = ImportJob.objects.filter(owner=owner, pk=job_id).first()
    if job is None:
        raise NotFound("No such import.", field="job_id")
    return job


def import_suggestions_standing(
    *, owner: Member, jobs: Iterable[ImportJob]
) -> dict[int, list[dict[str, Any]]]:
    """Each job's merge suggestions whose two people are both still in the keeper.

    A summary is written once, when its job is done, but the pairs in it are answered
    later: merged (the merged person is deleted) or one of the two deleted. Offering
    such a pair again would lead to pages that no longer exist, so it is left out.
    One query for all the jobs, none when no job suggested anything.
    """
    suggested = {job.pk: list((job.summary or {}).get("suggestions") or []) for job in jobs}
    ids = {
        suggestion[key]
        for suggestions in suggested.values()
        for suggestion in suggestions
        for key in ("person_id", "other_id")
    }
    if not ids:
        return suggested
    present = set(Person.objects.filter(owner=owner, pk__in=ids).values_list("pk", flat=True))
    return {
        job_id: [
            suggestion
            for suggestion in suggestions
            if suggestion["person_id"] in present and suggestion["other_id"] in present
        ]
        for job_id, suggestions in suggested.items()
    }
