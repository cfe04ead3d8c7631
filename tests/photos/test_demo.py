"""`rapport demo` shows photos: drawn portraits for some members, initials for the rest."""

from __future__ import annotations

import io

from django.test import Client
from django.urls import reverse
from PIL import Image

from rapport.members.models import Member
from rapport.photos.demo import WITH_PORTRAITS, portrait_png
from rapport.photos.models import Photo
from tests.demo.conftest import community, community_rows  # noqa: F401


def test_some_demo_members_have_a_portrait_and_the_others_their_initials(community):  # noqa: F811
    with_photo = set(Photo.objects.values_list("member__username", flat=True))
    assert with_photo == set(WITH_PORTRAITS)
    assert Member.objects.exclude(username__in=with_photo).count() >= 20
    for photo in Photo.objects.all():
        assert Image.open(io.BytesIO(bytes(photo.large))).size == (256, 256)


def test_anas_pages_show_faces_and_initials(community):  # noqa: F811
    client = Client()
    client.force_login(Member.objects.get(username="ana"))
    for name in ("home", "conversations", "connections"):
        html = client.get(reverse(name)).content.decode()
        assert '<img class="avatar avatar--small"' in html, name
        assert "avatar--initials" in html, name


def test_a_portrait_is_drawn_the_same_every_time_and_differs_between_members():
    assert portrait_png("ana") == portrait_png("ana")
    assert portrait_png("ana") != portrait_png("ben")
