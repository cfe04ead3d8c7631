"""An import whose worker died mid-task, run again as production's RQ runs it again.

A worker killed while it imports (a restart that outlasts the grace period, the OOM
killer, a lost machine) leaves the job "reading" or "writing" in its row and none of
the keeper's rows, which are written in one transaction with "done". RQ finds the job
abandoned and runs the task again (docs/deploy.md, "Faults"): that run must import
the file, not leave the member's page saying "Writing to your keeper" for an hour.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from rapport.imports.models import ImportJob
from rapport.imports.services import import_job_create, import_job_run
from rapport.imports.tasks import run_import_job
from rapport.keeper.models import Person
from tests.imports.conftest import linkedin_files, zipped


@pytest.fixture
def upload(ana, settings, tmp_path):
    """Ana's LinkedIn export, uploaded and queued, its file in a data folder of its own."""
    settings.DATA_DIR = tmp_path
    data = zipped(linkedin_files("new"))
    return import_job_create(
        owner=ana, source="linkedin", upload=SimpleUploadedFile("export.zip", data)
    )


def people(owner) -> list[tuple[str, str]]:
    return sorted(Person.objects.filter(owner=owner).values_list("name", "organisation"))


@pytest.mark.parametrize("died_while", ["reading", "writing"])
def test_a_job_whose_worker_died_is_imported_when_the_task_runs_again(ana, upload, died_while):
    started = timezone.now() - dt.timedelta(minutes=2)
    ImportJob.objects.filter(pk=upload.pk).update(
        state=died_while, started_at=started, updated_at=started, done=3, total=9
    )

    assert run_import_job.call(upload.pk) == "done"

    job = ImportJob.objects.get(pk=upload.pk)
    assert job.state == "done"
    assert job.summary["people_added"] == len(people(ana)) > 0
    assert not Path(job.path).exists()  # the upload goes once the job ends


def test_a_run_taken_over_by_another_writes_nothing(ana, upload):
    """Two runs of one job at once (the first one's heartbeat lapsed while it still
    worked): whichever finishes, the keeper holds the file once, and the file stays
    until the run that owns the job is done with it."""
    inner: list[ImportJob] = []

    def second_run_starts(done: int, total: int) -> None:
        if not inner:
            inner.append(import_job_run(job_id=upload.pk))

    first = import_job_run(job_id=upload.pk, progress=second_run_starts)

    assert inner[0].state == "done"
    job = ImportJob.objects.get(pk=upload.pk)
    assert job.state == "done"
    assert first.state == "done"  # what the row says, not a failure of its own
    added = people(ana)
    assert len(added) == len(set(added)) == job.summary["people_added"] > 0
    assert not Path(job.path).exists()
