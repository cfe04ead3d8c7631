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


def test_the_demo_shows_faces_at_gatherings_introductions_asks_and_coffee(community):  # noqa: F811
    """Where members meet beyond the lists, Ana sees a portrait too: at a gathering, in
    her introductions, on the asks board and on an ask, and at coffee."""
    from rapport.asks.models import Ask
    from rapport.coffee.models import Pairing
    from rapport.gatherings.models import Gathering

    ana = Member.objects.get(username="ana")
    client = Client()
    client.force_login(ana)

    def shows_a_face(urls: list[str]) -> bool:
        for url in urls:
            response = client.get(url)
            if response.status_code == 200 and '<img class="avatar avatar--small"' in (
                response.content.decode()
            ):
                return True
        return False

    gatherings = Gathering.objects.order_by("pk").values_list("pk", flat=True)
    asks = Ask.objects.exclude(poster=ana).order_by("pk").values_list("pk", flat=True)
    pairings = Pairing.objects.filter(member_low=ana) | Pairing.objects.filter(member_high=ana)
    shown = {
        "gathering": shows_a_face([reverse("gathering", args=[pk]) for pk in gatherings]),
        "introductions": shows_a_face([reverse("introductions")]),
        "asks": shows_a_face([reverse("asks")]),
        "ask": shows_a_face([reverse("ask", args=[pk]) for pk in asks]),
        "coffee": shows_a_face([reverse("coffee")]),
        "pairing": shows_a_face(
            [reverse("coffee_pairing", args=[p.pk]) for p in pairings.order_by("pk")]
        ),
    }
    assert shown == dict.fromkeys(shown, True)
