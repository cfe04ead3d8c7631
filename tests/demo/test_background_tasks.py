"""`rapport demo` works its task queue beside the server: an upload on the import page
finishes in the demo, as it would beside `rapport worker` on a real instance."""

from __future__ import annotations

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from rapport.demo.management.commands.demo import tasks_worked_beside
from rapport.imports.models import ImportJob
from rapport.imports.services import import_job_create
from rapport.keeper.models import Person

VCARD = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Grace Mensah\r\nEMAIL:grace@example.org\r\nEND:VCARD\r\n"


@pytest.mark.django_db(transaction=True)  # the worker thread reads what this one commits
def test_an_upload_in_the_demo_is_imported_without_a_separate_worker(
    settings, tmp_path, make_member
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.DATA_DIR = tmp_path
    ana = make_member("Ana Ruiz")
    job = import_job_create(
        owner=ana, source="vcard", upload=SimpleUploadedFile("contacts.vcf", VCARD)
    )

    worker = tasks_worked_beside(interval=0.05)
    assert worker is not None
    try:
        deadline = time.monotonic() + 30
        while ImportJob.objects.get(pk=job.pk).state not in ("done", "failed"):
            assert time.monotonic() < deadline, "the demo's worker never ran the import"
            time.sleep(0.05)
    finally:
        worker.running = False

    assert ImportJob.objects.get(pk=job.pk).state == "done"
    assert list(Person.objects.filter(owner=ana).values_list("name", flat=True)) == ["Grace Mensah"]


def test_nothing_is_started_when_tasks_go_elsewhere(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    assert tasks_worked_beside() is None
