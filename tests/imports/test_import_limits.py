"""Uploads to import have limits (rapport/safety/sending_limits.py): one waiting or
running at a time for each member, and 10 in 24 hours. Each upload is a file kept on
the server's disk until its job ends and a background task that holds a worker while
it reads: thirty queued at once by one member (or a stolen token) would keep every
other member's import waiting behind them."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from rapport.imports.models import ImportJob
from rapport.members.services import api_token_create
from rapport.safety.sending_limits import IMPORTS_PER_DAY
from tests.web.page_text import main_text

NOW = dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC)
FIRST_AT = NOW - dt.timedelta(hours=12)
VCARD = b"BEGIN:VCARD\nVERSION:3.0\nFN:Grace Hopper\nEMAIL:grace@example.org\nEND:VCARD\n"


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    return tmp_path / "data"


def _api(member) -> Client:
    _token, raw = api_token_create(member=member, label="tests")
    return Client(headers={"Authorization": f"Bearer {raw}"})


def _upload() -> dict[str, object]:
    return {"source": "vcard", "file": SimpleUploadedFile("contacts.vcf", VCARD)}


def _job(owner, *, state: str, at: dt.datetime, uploaded: bool = True) -> ImportJob:
    finished = at if state in ("done", "failed") else None
    return ImportJob.objects.create(
        owner=owner,
        source="vcard",
        filename="old.vcf",
        uploaded=uploaded,
        state=state,
        created_at=at,
        updated_at=at,
        finished_at=finished,
    )


def _stored(data_dir) -> list[str]:
    folder = data_dir / "imports"
    return sorted(path.name for path in folder.iterdir()) if folder.exists() else []


def test_a_second_upload_waits_while_the_first_is_queued(ana, make_member, data_dir):
    waiting = _job(ana, state="queued", at=NOW - dt.timedelta(minutes=2))

    refused = _api(ana).post("/api/imports", _upload())

    assert refused.status_code == 409
    body = refused.json()
    assert body["code"] == "import_waiting"
    assert "old.vcf" in body["message"]
    assert ImportJob.objects.filter(owner=ana).count() == 1
    assert _stored(data_dir) == []
    # Another member's upload does not wait for Ana's.
    ben = make_member("Ben Okafor")
    assert _api(ben).post("/api/imports", _upload()).status_code == 202
    # Once hers has ended, the next is taken.
    ImportJob.objects.filter(pk=waiting.pk).update(state="failed", finished_at=NOW)
    assert _api(ana).post("/api/imports", _upload()).status_code == 202


def test_a_stalled_job_does_not_hold_the_next_upload(ana):
    _job(ana, state="reading", at=NOW - dt.timedelta(hours=2))

    assert _api(ana).post("/api/imports", _upload()).status_code == 202


def test_the_upload_past_the_daily_limit_is_refused_with_429_and_when(ana, data_dir):
    for n in range(IMPORTS_PER_DAY.limit):
        _job(ana, state="done", at=FIRST_AT + n * dt.timedelta(hours=1))
    # The command line reads the member's own file in place: not counted.
    _job(ana, state="done", at=NOW - dt.timedelta(minutes=1), uploaded=False)

    refused = _api(ana).post("/api/imports", _upload())

    assert refused.status_code == 429
    body = refused.json()
    assert body["code"] == "imports_per_day"
    assert "10 imports in the last 24 hours" in body["message"]
    assert dt.datetime.fromisoformat(body["retry_at"]) == FIRST_AT + dt.timedelta(days=1)
    assert refused["Retry-After"] == str(12 * 3600)
    assert _stored(data_dir) == []


def test_the_page_says_when_with_retry_after(ana, client):
    for n in range(IMPORTS_PER_DAY.limit):
        _job(ana, state="done", at=FIRST_AT + n * dt.timedelta(hours=1))
    client.force_login(ana)

    page = client.post(reverse("imports"), _upload())

    assert page.status_code == 429
    assert page["Retry-After"] == str(12 * 3600)
    assert "You can import again at 1 Jun 2026, 21:00 UTC." in main_text(page)
