"""A member uploads, replaces and removes their photo on their profile page, and sees
faces (or initials) wherever members are listed, for no more queries than before."""

from __future__ import annotations

import io
import os
import re

import pytest
from django.core.files.uploadedfile import InMemoryUploadedFile, SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from rapport.conversations.selectors import conversation_with
from rapport.conversations.services import message_send
from rapport.photos.models import Photo
from rapport.photos.processing import MAX_BYTES
from rapport.photos.services import photo_remove
from rapport.safety.services import block_create
from tests.photos.images import gif, phone_jpeg, png
from tests.web.page_queries import page_queries
from tests.web.test_hot_path_queries import HOME_KEPT_QUERIES, HOME_QUERIES


@pytest.fixture
def ana(make_member):
    return make_member("Ana Ruiz")


def _upload(client, data: bytes, name: str = "me.jpg", kind: str = "image/jpeg"):
    return client.post(
        reverse("profile_photo"), {"photo": SimpleUploadedFile(name, data, content_type=kind)}
    )


def _img_srcs(html: str) -> list[str]:
    return re.findall(r'<img class="avatar[^"]*" src="([^"]+)"', html)


def test_a_member_uploads_their_photo_on_their_profile_page(ana, signed_in):
    client = signed_in(ana)
    page = client.get(reverse("profile_edit")).content.decode()
    assert 'enctype="multipart/form-data"' in page and 'action="/me/photo/"' in page
    # A profile needs no photo: its upload is not called required.
    assert "Your photo:" in page and "Your photo (required)" not in page
    assert "at most 8 MB" in page
    assert 'aria-hidden="true">AR</span>' in page  # no photo yet: the initials

    response = _upload(client, phone_jpeg(640, 480))

    assert response.status_code == 302 and response["Location"] == reverse("profile_edit")
    photo = Photo.objects.get(member=ana)
    page = client.get(reverse("profile_edit")).content.decode()
    assert "Your photo is saved" in page
    assert f'src="/members/{ana.pk}/photo/{photo.content_hash}.webp"' in page
    assert "Remove your photo" in page and "Replace your photo" in page
    profile = client.get(reverse("member_profile", args=[ana.pk])).content.decode()
    assert f'src="/members/{ana.pk}/photo/{photo.content_hash}.webp"' in profile
    assert 'alt="Photo of Ana Ruiz"' in profile
    assert b"GPS" not in bytes(photo.large) and b"Exif" not in bytes(photo.large)


def test_a_new_photo_replaces_the_old_one_at_a_new_address(ana, signed_in):
    client = signed_in(ana)
    _upload(client, png(200, 200), "one.png", "image/png")
    first = Photo.objects.get(member=ana).content_hash
    _upload(client, phone_jpeg(300, 300))
    second = Photo.objects.get(member=ana).content_hash
    assert second != first and Photo.objects.filter(member=ana).count() == 1
    assert client.get(f"/members/{ana.pk}/photo/{first}.webp").status_code == 404
    assert client.get(f"/members/{ana.pk}/photo/{second}.webp").status_code == 200


def test_removing_the_photo_brings_the_initials_back(ana, signed_in):
    client = signed_in(ana)
    _upload(client, png(), "me.png", "image/png")
    response = client.post(reverse("profile_photo_remove"), follow=True)
    assert not Photo.objects.filter(member=ana).exists()
    page = response.content.decode()
    assert "Your photo is removed" in page
    assert not _img_srcs(page) and 'aria-hidden="true">AR</span>' in page
    again = client.post(reverse("profile_photo_remove"), follow=True).content.decode()
    assert "You have no photo to remove" in again


@pytest.mark.parametrize(
    ("upload", "status", "said"),
    [
        (b"\xff\xd8" + b"\0" * MAX_BYTES, 413, "a photo may be at most 8 MB"),
        (gif(), 422, "This is a GIF image, which Rapport does not take"),
        (png(40, 40), 422, "at least 64x64 pixels"),
        (b"not a picture at all", 422, "not an image Rapport can read"),
    ],
    ids=["too-large", "gif", "too-small", "text"],
)
def test_a_refused_photo_is_named_beside_the_field_and_the_old_one_stays(
    ana, signed_in, with_photo, upload, status, said
):
    kept = with_photo(ana)
    response = _upload(signed_in(ana), upload)
    assert response.status_code == status
    page = response.content.decode()
    assert said in page
    errors = page[page.index('<ul class="errorlist" id="id_photo_error">') :]
    assert said in errors[: errors.index("</ul>")]
    assert 'aria-invalid="true" aria-describedby="id_photo_helptext id_photo_error"' in page
    assert Photo.objects.get(member=ana).content_hash == kept


def test_sending_the_form_without_a_file_asks_for_one(ana, signed_in):
    response = signed_in(ana).post(reverse("profile_photo"), {})
    assert response.status_code == 422
    assert "Choose a photo to upload." in response.content.decode()


def test_the_upload_is_kept_in_memory_never_on_disk(ana, signed_in):
    """Django writes an upload over 2.5 MB to a temporary file; a photo never is."""
    noise = Image.frombytes("RGB", (1100, 1000), os.urandom(1100 * 1000 * 3))
    out = io.BytesIO()
    noise.save(out, format="PNG")
    assert 2.5 * 1024 * 1024 < len(out.getvalue()) < MAX_BYTES
    response = _upload(signed_in(ana), out.getvalue(), "noise.png", "image/png")
    assert response.status_code == 302
    assert isinstance(response.wsgi_request.FILES["photo"], InMemoryUploadedFile)


@pytest.fixture
def network(make_member, connect, send_request, with_photo):
    """Ana, connected to Ben (photo) and Cy (none), each of whom wrote to her; Dee (photo)
    and Eve (none) ask to connect; she asked Fay (photo). Search finds them all."""
    ana = make_member("Ana Ruiz", organisation="Looms")
    ben, cy = (
        make_member("Ben Okafor", organisation="Looms"),
        make_member("Cy Tran", organisation="Looms"),
    )
    dee, eve = (
        make_member("Dee Park", organisation="Looms"),
        make_member("Eve Laine", organisation="Looms"),
    )
    fay = make_member("Fay Quist", organisation="Looms")
    for friend in (ben, cy):
        connect(ana, friend)
        thread = conversation_with(member=ana, other_id=friend.pk)
        message_send(sender=friend, conversation_id=thread.pk, body="Coffee soon?")
    send_request(dee, ana)
    send_request(eve, ana)
    send_request(ana, fay)
    photos = {member.pk: with_photo(member) for member in (ben, dee, fay)}
    return {"ana": ana, "ben": ben, "cy": cy, "dee": dee, "eve": eve, "fay": fay, "photos": photos}


@pytest.mark.parametrize(
    ("url", "with_photos", "without"),
    [
        (reverse("home"), ["ben", "dee"], ["cy", "eve"]),
        (reverse("conversations"), ["ben"], ["cy"]),
        (reverse("connections"), ["ben"], ["cy"]),
        (reverse("requests_inbox"), ["dee", "fay"], ["eve"]),
        (reverse("search") + "?q=looms", ["ben", "dee", "fay"], ["cy", "eve"]),
    ],
    ids=["home", "conversations", "connections", "requests", "search"],
)
def test_lists_show_each_members_photo_or_initials(network, signed_in, url, with_photos, without):
    html = signed_in(network["ana"]).get(url).content.decode()
    srcs = _img_srcs(html)
    for name in with_photos:
        member = network[name]
        small = f"/members/{member.pk}/photo/{network['photos'][member.pk]}-64.webp"
        assert small in srcs, (name, srcs)
    for name in without:
        member = network[name]
        initials = "".join(word[0] for word in member.name.split())
        assert f'aria-hidden="true">{initials}</span>' in html, name
        assert f"/members/{member.pk}/photo/" not in html, name
    # Beside a name, the photo is not read out a second time.
    assert all('alt=""' in tag for tag in re.findall(r"<img[^>]*>", html))


def test_list_pages_cost_the_same_queries_with_photos_as_without(
    make_member, connect, send_request, signed_in, with_photo, settings
):
    settings.RAPPORT_REQUEST_BUDGET_PENDING = 100
    settings.RAPPORT_REQUEST_BUDGET_WEEK = 100
    ana = make_member("Ana Ruiz", organisation="Looms")
    others = []
    for n in range(6):
        friend = make_member(f"Friend {n}", organisation="Looms")
        connect(ana, friend)
        thread = conversation_with(member=ana, other_id=friend.pk)
        message_send(sender=friend, conversation_id=thread.pk, body=f"Hello {n}")
        asker = make_member(f"Asker {n}", organisation="Looms")
        send_request(asker, ana)
        asked = make_member(f"Asked {n}", organisation="Looms")
        send_request(ana, asked)
        others += [friend, asker, asked]
    client = signed_in(ana)
    pages = [
        reverse("conversations"),
        reverse("connections"),
        reverse("requests_inbox"),
        reverse("search") + "?q=looms",
        reverse("member_profile", args=[others[0].pk]),
    ]
    before = {url: page_queries(client, url) for url in pages}
    for member in others:
        with_photo(member)
    after = {url: page_queries(client, url) for url in pages}
    assert after == before
    assert all(_img_srcs(client.get(url).content.decode()) for url in pages[:4])


def test_the_home_page_still_costs_two_queries_then_one(network, signed_in):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = signed_in(network["ana"])
    for expected in (HOME_QUERIES, HOME_KEPT_QUERIES):
        with CaptureQueriesContext(connection) as captured:
            page = client.get(reverse("home")).content.decode()
        assert len(captured) == expected
        assert f"/members/{network['ben'].pk}/photo/" in page


def test_the_profile_page_costs_the_same_with_a_photo_as_without(ana, signed_in, with_photo):
    client = signed_in(ana)
    without = page_queries(client, reverse("profile_edit"))
    with_photo(ana)
    assert page_queries(client, reverse("profile_edit")) == without


def test_a_kept_home_page_shows_a_new_photo_at_once(network, signed_in, with_photo):
    """Home pages are kept until something they show changes (rapport/web/home_pages.py):
    a photo changing is such a thing, by whatever road (migration photos 0001)."""
    client = signed_in(network["ana"])
    cy = network["cy"]
    assert f"/members/{cy.pk}/photo/" not in client.get(reverse("home")).content.decode()
    digest = with_photo(cy)
    assert (
        f"/members/{cy.pk}/photo/{digest}-64.webp" in client.get(reverse("home")).content.decode()
    )
    Photo.objects.filter(member=cy).delete()  # as the admin does
    assert f"/members/{cy.pk}/photo/" not in client.get(reverse("home")).content.decode()
    eve = network["eve"]  # her request waits on Ana's home page
    digest = with_photo(eve)
    assert (
        f"/members/{eve.pk}/photo/{digest}-64.webp" in client.get(reverse("home")).content.decode()
    )
    photo_remove(member=eve)
    assert f"/members/{eve.pk}/photo/" not in client.get(reverse("home")).content.decode()


def test_a_kept_home_page_hides_the_photo_of_someone_who_blocks_you(network, signed_in):
    ben = network["ben"]
    client = signed_in(network["ana"])
    assert f"/members/{ben.pk}/photo/" in client.get(reverse("home")).content.decode()
    block_create(blocker=ben, blocked_id=network["ana"].pk)
    page = client.get(reverse("home")).content.decode()
    assert "Ben Okafor" in page and f"/members/{ben.pk}/photo/" not in page


@pytest.mark.parametrize("name", ["profile_photo", "profile_photo_remove"])
def test_opening_a_forms_address_leads_to_the_profile_page(ana, signed_in, name):
    """Where signing in on the way to the form (``?next=``) lands: nothing changes."""
    response = signed_in(ana).get(reverse(name))
    assert response.status_code == 302 and response["Location"] == reverse("profile_edit")


def test_the_home_pages_fast_list_writes_faces_as_its_template_does():
    """``{% conversation_items %}`` writes the markup of web/_recent_conversations.html
    itself (tests/web/test_home_lists.py); with photos too."""
    import datetime as dt

    from django.template import RequestContext, Template
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    from rapport.conversations.selectors import RecentConversation
    from rapport.web.views import _recent_rows

    at = dt.datetime(2026, 3, 4, 5, 6, tzinfo=dt.UTC)
    rows = _recent_rows(
        [
            RecentConversation(7, 1, "Ana Ruiz", at, 2, other_photo_hash="a" * 64),
            RecentConversation(8, 2, "<b>Ben</b>", at, 0, other_photo_hash=None),
        ]
    )
    request = RequestFactory().get("/")
    template = render_to_string(
        "web/_recent_conversations.html", {"conversations": rows}, request=request
    )
    tag = Template("{% load rapport_lists %}{% conversation_items conversations %}").render(
        RequestContext(request, {"conversations": rows})
    )
    assert re.sub(r"\s+", " ", tag).strip() == re.sub(r"\s+", " ", template).strip()
    assert f'src="/members/1/photo/{"a" * 64}-64.webp"' in tag
    assert 'aria-hidden="true">B</span>' in tag  # "<b>Ben</b>": its first letter, escaped
