"""An uploaded file goes with its job row, whichever way the row is deleted.

Account deletion has its own test (tests/members/test_account_deletion.py); these
are the other ways a job row can go: on its own, in a queryset, by a cascade from the
member (as the admin deletes an account), and a deletion that rolls back.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from rapport.imports.models import ImportJob
from rapport.imports.services import import_job_create
from rapport.imports.tasks import run_import_job

VCARD = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Grace Mensah\r\nEND:VCARD\r\n"


@pytest.fixture
def ana(make_member):
    return make_member("Ana Ruiz")


@pytest.fixture
def queued(ana, settings, tmp_path):
    """A queued upload of Ana's, its file in a data folder of the test's own."""
    settings.DATA_DIR = tmp_path
    job = import_job_create(
        owner=ana, source="vcard", upload=SimpleUploadedFile("contacts.vcf", VCARD)
    )
    assert Path(job.path).read_bytes() == VCARD
    return job


@pytest.mark.parametrize(
    "delete",
    [
        pytest.param(lambda job: job.delete(), id="the row"),
        pytest.param(lambda job: ImportJob.objects.filter(pk=job.pk).delete(), id="a queryset"),
        pytest.param(lambda job: job.owner.delete(), id="the member, by cascade"),
    ],
)
def test_deleting_the_job_removes_its_upload(queued, delete, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        delete(queued)
    assert not ImportJob.objects.exists()
    assert not Path(queued.path).exists()


def test_a_deletion_that_rolls_back_keeps_the_upload(queued, django_capture_on_commit_callbacks):
    job_id = queued.pk  # delete() forgets it
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        queued.delete()
        raise RuntimeError("changed my mind")
    assert ImportJob.objects.filter(pk=job_id).exists()
    assert Path(queued.path).read_bytes() == VCARD


def test_a_finished_job_whose_upload_is_gone_deletes_cleanly(
    queued, django_capture_on_commit_callbacks
):
    Path(queued.path).unlink()  # as import_job_run does when the job ends
    with django_capture_on_commit_callbacks(execute=True):
        queued.delete()
    assert not ImportJob.objects.exists()


def test_a_path_outside_the_upload_folder_is_never_removed(
    queued, tmp_path, django_capture_on_commit_callbacks
):
    """A row claiming to be an upload of a file elsewhere does not reach that file."""
    elsewhere = tmp_path / "my-contacts.vcf"
    elsewhere.write_bytes(VCARD)
    ImportJob.objects.filter(pk=queued.pk).update(path=str(elsewhere))
    with django_capture_on_commit_callbacks(execute=True):
        ImportJob.objects.filter(pk=queued.pk).delete()
    assert elsewhere.read_bytes() == VCARD


def test_a_queued_job_whose_member_left_is_gone_for_the_worker(
    queued, django_capture_on_commit_callbacks
):
    job_id = queued.pk
    with django_capture_on_commit_callbacks(execute=True):
        queued.owner.delete()
    assert run_import_job.call(job_id) == "gone"
    assert not Path(queued.path).exists()
