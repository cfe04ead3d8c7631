"""An upload to import is refused while it streams, at the limit
(``RAPPORT_IMPORT_MAX_BYTES``): Django would otherwise write the whole body to a
temporary file before anything looked at its size, so any member could fill the
server's disk with whatever the reverse proxy lets through.

Each test makes the limit small and has Django put every upload on disk
(``FILE_UPLOAD_MAX_MEMORY_SIZE = 0``), in a folder of its own, to see what is kept.
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from rapport.imports.models import ImportJob
from rapport.members.services import api_token_create

LIMIT = 1000
SAID = "larger than 1,000 bytes, the most an import takes (RAPPORT_IMPORT_MAX_BYTES)"


@pytest.fixture
def on_disk(settings, tmp_path):
    """The folder Django writes uploads to while they arrive."""
    settings.RAPPORT_IMPORT_MAX_BYTES = LIMIT
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "uploading")
    settings.DATA_DIR = tmp_path / "data"
    (tmp_path / "uploading").mkdir()
    return tmp_path / "uploading"


@pytest.fixture
def api(ana):
    _token, raw = api_token_create(member=ana, label="tests")
    return Client(headers={"Authorization": f"Bearer {raw}"})


@pytest.fixture
def page(ana):
    client = Client(enforce_csrf_checks=True)
    client.force_login(ana)
    client.get(reverse("imports"))  # the CSRF cookie
    return client


def vcard(size: int) -> SimpleUploadedFile:
    head = b"BEGIN:VCARD\nVERSION:3.0\nFN:Grace Hopper\nNOTE:"
    tail = b"\nEND:VCARD\n"
    return SimpleUploadedFile("contacts.vcf", head + b"x" * (size - len(head) - len(tail)) + tail)


def nothing_kept(on_disk) -> bool:
    stored = on_disk.parent / "data" / "imports"
    return not any(on_disk.iterdir()) and not (stored.exists() and any(stored.iterdir()))


def test_the_api_refuses_a_file_one_byte_over_with_413_keeping_nothing(api, on_disk):
    response = api.post("/api/imports", {"source": "vcard", "file": vcard(LIMIT + 1)})

    assert response.status_code == 413
    body = response.json()
    assert (body["code"], body["field"]) == ("file_too_large", "file")
    assert SAID in body["message"]
    assert not ImportJob.objects.exists()
    assert nothing_kept(on_disk)


def test_the_api_stops_reading_at_the_limit(api, on_disk):
    """Not read to its end and thrown away: the upload stops where it passed the limit."""
    big = 5 * 1024 * 1024

    response = api.post("/api/imports", {"source": "vcard", "file": vcard(big)})

    assert response.status_code == 413
    unread = len(response.wsgi_request.META["wsgi.input"])
    assert unread > big - 256 * 1024
    assert nothing_kept(on_disk)


def test_the_api_takes_a_file_at_the_limit(api, on_disk, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post("/api/imports", {"source": "vcard", "file": vcard(LIMIT)})

    assert response.status_code == 202, response.content
    assert ImportJob.objects.get().state == "done"


def test_the_page_refuses_a_file_one_byte_over_beside_the_file(page, on_disk):
    response = page.post(
        reverse("imports"),
        {
            "csrfmiddlewaretoken": page.cookies["csrftoken"].value,
            "source": "vcard",
            "file": vcard(LIMIT + 1),
        },
    )

    assert response.status_code == 413
    text = response.content.decode()
    assert SAID in text
    assert 'id="id_file"' in text and 'aria-invalid="true"' in text
    assert not ImportJob.objects.exists()
    assert nothing_kept(on_disk)


def test_the_page_takes_a_file_at_the_limit(page, on_disk):
    response = page.post(
        reverse("imports"),
        {
            "csrfmiddlewaretoken": page.cookies["csrftoken"].value,
            "source": "vcard",
            "file": vcard(LIMIT),
        },
    )

    assert response.status_code == 302
    assert ImportJob.objects.count() == 1


def test_the_page_still_checks_the_csrf_token(page, on_disk):
    response = page.post(reverse("imports"), {"source": "vcard", "file": vcard(LIMIT)})

    assert response.status_code == 403
    assert not ImportJob.objects.exists()
