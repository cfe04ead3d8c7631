"""Background work for imports, run by `rapport worker`."""

from __future__ import annotations

from django_tasks import task

from rapport.imports.services import import_job_run


@task()
def run_import_job(job_id: int) -> str:
    """Read, match and write one uploaded file; returns the job's final state."""
    return import_job_run(job_id=job_id).state
