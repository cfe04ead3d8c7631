"""Photo uploads have a daily limit (rapport/safety/sending_limits.py): 20 in 24 hours
from one member. Each costs the server most of a second of decoding and resizing, so a
script with a stolen token could otherwise keep a web worker busy. A photo replaces the
last, so the count is a small table of upload times; it is checked before the image is
read, so a refused upload costs nothing: not even garbage is looked at."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from rapport.photos import services as photo_services
from rapport.photos.models import Photo, PhotoUpload
from rapport.safety import sending_limits
from rapport.safety.sending_limits import PHOTO_UPLOADS_PER_DAY
from tests.photos.images import png
from tests.web.page_text import main_text

NOW = dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC)
FIRST_AT = NOW - dt.timedelta(hours=12)


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def ana(clock, make_member):
    return make_member("Ana Ruiz")


def _a_days_uploads(member) -> None:
    """The day's limit of uploads from ``member``, one every half hour from ``FIRST_AT``."""
    PhotoUpload.objects.bulk_create(
        PhotoUpload(member=member, created_at=FIRST_AT + n * dt.timedelta(minutes=30))
        for n in range(PHOTO_UPLOADS_PER_DAY.limit)
    )


def test_the_upload_past_the_daily_limit_is_refused_with_429_before_the_image_is_read(
    ana, api_as, make_member, with_photo
):
    kept = with_photo(ana)
    PhotoUpload.objects.all().delete()
    _a_days_uploads(ana)

    # Not an image at all: were it read, it would be a 422. The limit answers first.
    refused = api_as(ana).client.put(
        "/api/me/photo", data=b"not an image", content_type="image/jpeg"
    )

    assert refused.status_code == 429
    body = refused.json()
    assert body["code"] == "photo_uploads_per_day"
    assert "You have uploaded 20 photos in the last 24 hours" in body["message"]
    assert "the limit is 20 in 24 hours" in body["message"]
    assert dt.datetime.fromisoformat(body["retry_at"]) == FIRST_AT + dt.timedelta(days=1)
    assert refused["Retry-After"] == str(12 * 3600)
    assert Photo.objects.get(member=ana).content_hash == kept
    assert PhotoUpload.objects.filter(member=ana).count() == PHOTO_UPLOADS_PER_DAY.limit
    # Ben's limit is his own.
    ben = make_member("Ben Okafor")
    accepted = api_as(ben).client.put("/api/me/photo", data=png(90, 90), content_type="image/png")
    assert accepted.status_code == 200


def test_the_profile_page_says_when_and_keeps_the_old_photo(ana, signed_in, with_photo):
    kept = with_photo(ana)
    PhotoUpload.objects.all().delete()
    _a_days_uploads(ana)

    page = signed_in(ana).post(
        reverse("profile_photo"),
        {"photo": SimpleUploadedFile("me.png", png(90, 90), content_type="image/png")},
    )

    assert page.status_code == 429
    assert page["Retry-After"] == str(12 * 3600)
    text = main_text(page)
    assert "You have uploaded 20 photos in the last 24 hours" in text
    assert "You can upload again at 1 Jun 2026, 21:00 UTC." in text
    assert Photo.objects.get(member=ana).content_hash == kept


def test_every_upload_counts_even_one_that_is_not_a_photo(ana, api_as, monkeypatch):
    """The work is in reading the file, whatever it turns out to be."""
    monkeypatch.setattr(
        photo_services,
        "PHOTO_UPLOADS_PER_DAY",
        replace(sending_limits.PHOTO_UPLOADS_PER_DAY, limit=3),
    )
    api = api_as(ana)

    def put(data: bytes) -> int:
        return api.client.put("/api/me/photo", data=data, content_type="image/png").status_code

    assert [put(png(90, 90)), put(b"not an image"), put(png(91, 91))] == [200, 422, 200]
    assert put(png(92, 92)) == 429
    assert PhotoUpload.objects.filter(member=ana).count() == 3


def test_uploading_resumes_once_the_oldest_leaves_the_day_and_old_times_are_forgotten(ana, clock):
    _a_days_uploads(ana)

    clock.move_to(FIRST_AT + dt.timedelta(days=1))
    photo = photo_services.photo_set(member=ana, data=png(90, 90))

    assert photo.member_id == ana.pk
    # The time that left the window is gone: at most a day's uploads are ever kept.
    times = list(PhotoUpload.objects.filter(member=ana).values_list("created_at", flat=True))
    assert len(times) == PHOTO_UPLOADS_PER_DAY.limit
    assert min(times) > FIRST_AT


def test_an_erased_member_leaves_no_upload_times(ana):
    _a_days_uploads(ana)
    ana.delete()
    assert not PhotoUpload.objects.exists()
