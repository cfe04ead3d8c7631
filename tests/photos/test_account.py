"""A photo is personal data like the rest of the profile: it goes out in the member's
data export, goes with their account, and an administrator can see whether a member
has one and remove it."""

from __future__ import annotations

import base64
import io
import json

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from django.test import Client
from django.urls import reverse
from PIL import Image

from rapport.members.data_export import member_data_export
from rapport.members.services import member_delete
from rapport.photos.models import Photo
from tests.conftest import PASSWORD


@pytest.fixture
def ana(make_member, with_photo):
    ana = make_member("Ana Ruiz", username="ana")
    with_photo(ana)
    return ana


def test_the_export_holds_the_photo_as_base64_exactly_as_kept(ana, signed_in):
    photo = Photo.objects.get(member=ana)
    export = member_data_export(member=ana)
    (row,) = export["records"]["photos.Photo"]
    assert row["id"] == ana.pk and row["content_hash"] == photo.content_hash
    assert base64.b64decode(row["large"]) == bytes(photo.large)
    assert Image.open(io.BytesIO(base64.b64decode(row["small"]))).size == (64, 64)
    json.dumps(export, cls=DjangoJSONEncoder)  # the download's own encoding takes it

    download = signed_in(ana).get(reverse("account_export"))
    assert download.status_code == 200
    assert json.loads(download.content)["records"]["photos.Photo"][0]["large"] == row["large"]


def test_the_export_never_holds_anyone_elses_photo(ana, make_member, connect, with_photo):
    ben = make_member("Ben Okafor")
    connect(ana, ben)
    with_photo(ben)
    rows = member_data_export(member=ana)["records"]["photos.Photo"]
    assert [row["id"] for row in rows] == [ana.pk]


def test_the_api_export_holds_the_photo_too(ana, api_as):
    rows = api_as(ana).get("/me/export").json()["records"]["photos.Photo"]
    assert base64.b64decode(rows[0]["large"])[:4] == b"RIFF"


def test_deleting_the_account_erases_the_photo_and_its_address(ana, make_member, signed_in):
    digest = Photo.objects.get(member=ana).content_hash
    ben = make_member("Ben Okafor")
    member_delete(member=ana, password=PASSWORD)
    assert not Photo.objects.exists()
    assert signed_in(ben).get(f"/members/{ana.pk}/photo/{digest}.webp").status_code == 404


@pytest.fixture
def admin_browser(django_user_model) -> Client:
    root = django_user_model.objects.create_superuser("root", password="x" * 12, name="Root")
    client = Client()
    client.force_login(root)
    return client


def test_the_admin_shows_who_has_a_photo_and_can_remove_it(ana, make_member, admin_browser):
    make_member("Ben Okafor")
    listing = admin_browser.get(reverse("admin:members_member_changelist")).content.decode()
    assert 'alt="True"' in listing and 'alt="False"' in listing  # Django's yes/no icons

    page = admin_browser.get(reverse("admin:members_member_change", args=[ana.pk]))
    html = page.content.decode()
    assert 'src="data:image/webp;base64,' in html and 'alt="Photo of Ana Ruiz"' in html

    photos = admin_browser.get(reverse("admin:photos_photo_changelist"))
    assert photos.status_code == 200 and "Ana Ruiz" in photos.content.decode()
    assert admin_browser.get(reverse("admin:photos_photo_add")).status_code == 403
    removed = admin_browser.post(
        reverse("admin:photos_photo_delete", args=[ana.pk]), {"post": "yes"}
    )
    assert removed.status_code == 302
    assert not Photo.objects.exists()
