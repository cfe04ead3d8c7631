"""The photo over the API: PUT the image as the body, DELETE it, and find each member's
photo address (or null) wherever the API shows a member one may see."""

from __future__ import annotations

import pytest
from django.test import Client

from rapport.photos.models import Photo
from rapport.photos.processing import MAX_BYTES
from tests.photos.images import gif, phone_jpeg, png


@pytest.fixture
def ana(make_member):
    return make_member("Ana Ruiz", organisation="Looms")


def _put(api, data: bytes, kind: str = "image/jpeg"):
    return api.client.put("/api/me/photo", data=data, content_type=kind)


def test_putting_an_image_makes_the_photo_and_me_shows_it(ana, api_as):
    api = api_as(ana)
    assert api.get("/me").json()["photo_url"] is None

    response = _put(api, phone_jpeg(500, 400))

    assert response.status_code == 200
    photo = Photo.objects.get(member=ana)
    body = response.json()
    assert body["photo_url"] == f"/members/{ana.pk}/photo/{photo.content_hash}.webp"
    assert body["photo_small_url"] == f"/members/{ana.pk}/photo/{photo.content_hash}-64.webp"
    assert body["uploaded_at"]
    me = api.get("/me").json()
    assert (me["photo_url"], me["photo_small_url"]) == (body["photo_url"], body["photo_small_url"])
    image = api.client.get(body["photo_url"])  # the token opens it too
    assert image.status_code == 200 and image["Content-Type"] == "image/webp"
    assert b"GPS" not in image.content


@pytest.mark.parametrize("kind", ["image/png", "application/octet-stream"])
def test_the_content_type_is_not_trusted_the_bytes_are_read(ana, api_as, kind):
    assert _put(api_as(ana), png(120, 90), kind).status_code == 200


def test_a_body_over_8_mb_is_413_naming_the_limit(ana, api_as):
    response = _put(api_as(ana), b"\xff\xd8" + b"\0" * MAX_BYTES)
    assert response.status_code == 413
    body = response.json()
    assert body["code"] == "photo_too_large" and body["field"] == "photo"
    assert "at most 8 MB" in body["message"]
    assert not Photo.objects.exists()


@pytest.mark.parametrize(
    ("data", "code", "said"),
    [
        (gif(), "photo_unsupported_format", "GIF"),
        (png(30, 300), "photo_too_small", "at least 64x64"),
        (b"", "photo_not_an_image", "empty"),
    ],
    ids=["gif", "small", "empty"],
)
def test_a_refused_image_is_422_on_photo_with_its_code(ana, api_as, data, code, said):
    response = _put(api_as(ana), data)
    assert response.status_code == 422
    body = response.json()
    assert (body["code"], body["field"]) == (code, "photo")
    assert said in body["message"]


def test_a_multipart_form_is_refused_saying_what_to_send(ana, api_as):
    api = api_as(ana)
    response = api.client.put(
        "/api/me/photo",
        data=b'--x\r\nContent-Disposition: form-data; name="photo"\r\n\r\nabc\r\n--x--\r\n',
        content_type="multipart/form-data; boundary=x",
    )
    assert response.status_code == 422
    assert "not a multipart form" in response.json()["message"]


def test_deleting_the_photo_answers_204_had_one_or_not(ana, api_as):
    api = api_as(ana)
    _put(api, png())
    assert api.delete("/me/photo").status_code == 204
    assert not Photo.objects.exists()
    assert api.delete("/me/photo").status_code == 204
    assert api.get("/me").json()["photo_url"] is None


def test_a_session_must_send_its_csrf_token_to_put(ana):
    client = Client(enforce_csrf_checks=True)
    client.force_login(ana)
    response = client.put("/api/me/photo", data=png(), content_type="image/png")
    assert response.status_code == 403 and response.json()["code"] == "csrf_failed"
    assert not Photo.objects.exists()


def test_anonymous_is_401(anonymous):
    assert (
        anonymous.client.put("/api/me/photo", data=png(), content_type="image/png").status_code
        == 401
    )


@pytest.fixture
def seen(ana, make_member, connect, send_request, with_photo):
    """Ana with a photo, and members with and without one around Ana's viewer, Ben."""
    ben = make_member("Ben Okafor", organisation="Looms")
    cy = make_member("Cy Tran", organisation="Looms")
    connect(ana, ben)
    connect(cy, ben)
    send_request(make_member("Dee Park"), ben)
    send_request(ben, make_member("Eve Laine"))
    return {"ana": ana, "ben": ben, "cy": cy, "hash": with_photo(ana)}


def test_every_member_the_api_shows_carries_their_photo_address_or_null(seen, api_as):
    api = api_as(seen["ben"])
    ana, cy, digest = seen["ana"], seen["cy"], seen["hash"]
    large = f"/members/{ana.pk}/photo/{digest}.webp"

    def by_id(members):
        return {member["id"]: member["photo_url"] for member in members}

    found = by_id(api.get("/members", {"q": "looms"}).json())
    assert found == {ana.pk: large, seen["ben"].pk: None, cy.pk: None}
    assert api.get(f"/members/{ana.pk}").json()["photo_url"] == large
    assert by_id(row["member"] for row in api.get("/connections").json()) == {
        ana.pk: large,
        cy.pk: None,
    }
    assert by_id(row["other"] for row in api.get("/conversations").json()) == {
        ana.pk: large,
        cy.pk: None,
    }
    incoming = api.get("/requests", {"box": "incoming"}).json()
    assert [row["sender"]["photo_url"] for row in incoming] == [None]
    outgoing = api.get("/requests", {"box": "outgoing"}).json()
    assert [row["recipient"]["photo_url"] for row in outgoing] == [None]


@pytest.mark.parametrize(
    ("path", "query"),
    [
        ("/members", {"q": "looms"}),
        ("/connections", None),
        ("/conversations", None),
        ("/requests", {"box": "incoming"}),
        ("/requests", {"box": "outgoing"}),
    ],
)
def test_photo_addresses_cost_no_query_per_member(
    seen, api_as, with_photo, make_member, send_request, connect, settings, path, query
):
    settings.RAPPORT_REQUEST_BUDGET_PENDING = 100
    settings.RAPPORT_REQUEST_BUDGET_WEEK = 100
    ben = seen["ben"]
    api = api_as(ben)
    before = api.queries(path, query)
    for n in range(4):
        friend = make_member(f"Friend {n}", organisation="Looms")
        connect(ben, friend)
        with_photo(friend)
        asker = make_member(f"Asker {n}")
        with_photo(asker)
        send_request(asker, ben)
        asked = make_member(f"Asked {n}")
        with_photo(asked)
        send_request(ben, asked)
    with_photo(seen["cy"])
    after = api.queries(path, query)
    assert after == before
    photos = [row for row in _members_of(api.get(path, query).json()) if row["photo_url"]]
    assert len(photos) >= 4


def _members_of(rows: list[dict]) -> list[dict]:
    """The members a list answer shows, whatever the list."""
    found = []
    for row in rows:
        for key in ("member", "other", "sender", "recipient"):
            if key in row:
                found.append(row[key])
        if "photo_url" in row:
            found.append(row)
    return found
