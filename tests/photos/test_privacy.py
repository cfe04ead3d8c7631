"""Who sees a member's photo: whoever may open their profile, and nobody else.

Every signed-in member may read a profile, so every signed-in member sees its photo,
but one the owner blocked, who cannot tell the block from a removed photo: the address
answers 404 as for one that never was, and their lists show the initials. A visitor
who is not signed in sees no photo at all.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from rapport.members.models import Member
from rapport.members.services import api_token_create
from rapport.photos.views import CACHE_CONTROL
from rapport.safety.services import block_create, block_delete


@pytest.fixture
def people(make_member, connect, with_photo):
    """Ana has a photo; Ben is connected to her; Cy is a stranger; Dee is a member Ana
    blocked after they had talked (a conversation outlives a block)."""
    ana, ben, cy, dee = (
        make_member(name) for name in ("Ana Ruiz", "Ben Okafor", "Cy Tran", "Dee Park")
    )
    connect(ana, ben)
    connect(ana, dee)
    photo = with_photo(ana)
    block_create(blocker=ana, blocked_id=dee.pk)
    return {"ana": ana, "ben": ben, "cy": cy, "dee": dee, "photo": photo}


def _urls(member: Member, digest: str) -> list[str]:
    kwargs = {"member_id": member.pk, "digest": digest}
    return [reverse("member_photo", kwargs=kwargs), reverse("member_photo_small", kwargs=kwargs)]


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 404), ("cy", 200), ("ben", 200), ("ana", 200), ("dee", 404)],
    ids=["anonymous", "stranger", "connected", "owner", "blocked"],
)
def test_the_photo_is_seen_by_whoever_may_see_the_profile(people, signed_in, who, status):
    client = Client() if who == "anonymous" else signed_in(people[who])
    for url in _urls(people["ana"], people["photo"]):
        response = client.get(url)
        assert response.status_code == status, (who, url)
        if status == 200:
            assert response["Content-Type"] == "image/webp"
            assert response.content[:4] == b"RIFF" and response.content[8:12] == b"WEBP"
    profile = client.get(reverse("member_profile", args=[people["ana"].pk]))
    assert (profile.status_code == 200) == (status == 200)


def test_the_blocker_still_sees_the_photo_of_the_member_they_blocked(people, signed_in, with_photo):
    """As with the profile: the blocker sees whom they blocked, to undo it."""
    dee_photo = with_photo(people["dee"])
    client = signed_in(people["ana"])
    for url in _urls(people["dee"], dee_photo):
        assert client.get(url).status_code == 200


def test_unblocking_shows_the_photo_again(people, signed_in):
    block_delete(blocker=people["ana"], blocked_id=people["dee"].pk)
    client = signed_in(people["dee"])
    assert client.get(_urls(people["ana"], people["photo"])[0]).status_code == 200


def test_a_replaced_photo_and_a_made_up_hash_answer_404(people, signed_in, with_photo):
    old = people["photo"]
    new = with_photo(people["ana"])
    assert new != old
    client = signed_in(people["ben"])
    assert client.get(_urls(people["ana"], old)[0]).status_code == 404
    assert client.get(_urls(people["ana"], new)[0]).status_code == 200
    assert client.get(_urls(people["ana"], "0" * 64)[0]).status_code == 404
    # Ben's id with Ana's hash: the hash is not a key to anyone else's photo.
    assert client.get(_urls(people["ben"], new)[0]).status_code == 404


def test_an_inactive_members_photo_is_not_served(people, signed_in):
    Member.objects.filter(pk=people["ana"].pk).update(is_active=False)
    assert signed_in(people["ben"]).get(_urls(people["ana"], people["photo"])[0]).status_code == 404


def test_an_api_token_opens_the_photo_url_as_the_session_does(people):
    _token, raw = api_token_create(member=people["cy"], label="app")
    client = Client(headers={"Authorization": f"Bearer {raw}"})
    assert client.get(_urls(people["ana"], people["photo"])[0]).status_code == 200
    _token, blocked = api_token_create(member=people["dee"], label="app")
    refused = Client(headers={"Authorization": f"Bearer {blocked}"})
    assert refused.get(_urls(people["ana"], people["photo"])[0]).status_code == 404
    made_up = Client(headers={"Authorization": "Bearer rpt_not-a-token"})
    assert made_up.get(_urls(people["ana"], people["photo"])[0]).status_code == 404


def test_the_photo_is_cached_privately_for_a_year_and_revalidated_by_its_etag(people, signed_in):
    client = signed_in(people["ben"])
    url = _urls(people["ana"], people["photo"])[1]
    first = client.get(url)
    assert first["Cache-Control"] == CACHE_CONTROL == "private, max-age=31536000, immutable"
    assert first["ETag"] == f'"{people["photo"]}-64"'
    again = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == first["ETag"]


def test_a_browser_that_has_the_photo_learns_nothing_once_blocked(people, signed_in):
    """The ETag is answered only after the check: a 304 would tell the blocked member
    the photo is still there."""
    url = _urls(people["ana"], people["photo"])[0]
    etag = signed_in(people["ben"]).get(url)["ETag"]
    response = signed_in(people["dee"]).get(url, headers={"If-None-Match": etag})
    assert response.status_code == 404


def test_only_reading_is_allowed_at_the_photo_address(people, signed_in):
    client = signed_in(people["ana"])
    assert client.post(_urls(people["ana"], people["photo"])[0]).status_code == 405


def _avatar_of(html: str, member: Member, digest: str) -> bool:
    return f"/members/{member.pk}/photo/{digest}" in html


def test_the_blocked_member_sees_initials_where_the_photo_was(people, signed_in):
    """Their conversation with Ana stays in their lists; her photo does not."""
    dee = signed_in(people["dee"])
    for name in ("home", "conversations"):
        html = dee.get(reverse(name)).content.decode()
        assert "Ana Ruiz" in html, name
        assert not _avatar_of(html, people["ana"], people["photo"]), name
        assert 'aria-hidden="true">AR</span>' in html, name
    ben = signed_in(people["ben"])
    for name in ("home", "conversations", "connections"):
        assert _avatar_of(ben.get(reverse(name)).content.decode(), people["ana"], people["photo"])


def test_a_request_to_someone_who_blocked_you_shows_no_photo(
    make_member, send_request, signed_in, with_photo
):
    """It still reads "pending" to its sender, and nothing beside it gives the block away."""
    eve, fay = make_member("Eve Laine"), make_member("Fay Quist")
    photo = with_photo(fay)
    send_request(eve, fay)
    client = signed_in(eve)
    assert _avatar_of(client.get(reverse("requests_inbox")).content.decode(), fay, photo)
    block_create(blocker=fay, blocked_id=eve.pk)
    html = client.get(reverse("requests_inbox")).content.decode()
    assert "Fay Quist" in html and not _avatar_of(html, fay, photo)
    outgoing = {
        row["recipient"]["id"]: row for row in _api(eve).get("/api/requests?box=outgoing").json()
    }
    assert outgoing[fay.pk]["recipient"]["photo_url"] is None


def test_the_api_hides_a_blockers_photo_as_the_pages_do(people):
    rows = _api(people["dee"]).get("/api/conversations").json()
    (row,) = [row for row in rows if row["other"]["id"] == people["ana"].pk]
    assert row["other"]["photo_url"] is None and row["other"]["photo_small_url"] is None
    seen = _api(people["ben"]).get("/api/conversations").json()
    (row,) = [row for row in seen if row["other"]["id"] == people["ana"].pk]
    assert row["other"]["photo_url"] == _urls(people["ana"], people["photo"])[0]
    assert row["other"]["photo_small_url"] == _urls(people["ana"], people["photo"])[1]
    assert _api(people["dee"]).get(f"/api/members/{people['ana'].pk}").status_code == 404


def _api(member: Member) -> Client:
    _token, raw = api_token_create(member=member, label="tests")
    return Client(headers={"Authorization": f"Bearer {raw}"})
