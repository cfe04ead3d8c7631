"""Background work for imports, run by `rapport worker`."""

from __future__ import annotations

from django_tasks import task

from rapport.imports.models import ImportJob
from rapport.imports.services import import_job_run


@task()
def run_import_job(job_id: int) -> str:
    """Read, match and write one uploaded file; returns the job's final state.

    A job whose member deleted their account before the worker reached it is gone,
    upload and all: there is nothing to do, and nothing has failed.
    """
    if not ImportJob.objects.filter(pk=job_id).exists():
        return "gone"
    return import_job_run(job_id=job_id).state
