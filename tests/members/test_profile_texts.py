"""The profile's texts are counted as the README and the API promise: runs of spaces
count as one. The page, PATCH /api/me and the service take the same text at the limit
and refuse the same text beyond it, naming the field and the limit ("2,000"); what
they keep fits where it is kept (tests/members/test_admin.py: and the admin saves it
again)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from rapport.limits import limit_of
from rapport.members.models import Member
from tests.web.page_text import main_text

BIO_MAX = limit_of(Member, "bio")


def _page(member: Member) -> Client:
    client = Client()
    client.force_login(member)
    return client


def _typed(counted: int, *, paragraph_every: int = 0) -> str:
    """A text of ``counted`` characters once runs of spaces are one, typed with three
    spaces between words and, every ``paragraph_every`` words, a blank line as a
    browser sends it: far longer than ``counted`` as typed."""
    folded = " ".join(["w" * 9] * counted)[: counted - 1] + "w"
    text = ""
    for position, word in enumerate(folded.split()):
        if position:
            paragraph = paragraph_every and position % paragraph_every == 0
            text += "\r\n\r\n\r\n" if paragraph else "   "
        text += word
    assert len(" ".join(text.split())) == counted
    return text


def test_a_bio_at_its_limit_with_spaces_and_paragraphs_is_kept_by_page_and_api(make_member, api_as):
    ana, ben = make_member("Ana Lima"), make_member("Ben Okafor")
    bio = "  " + _typed(BIO_MAX, paragraph_every=20) + " \r\n "
    assert len(bio.strip()) > BIO_MAX

    by_page = _page(ana).post(reverse("profile_edit"), {"name": "Ana Lima", "bio": bio})
    by_api = api_as(ben).patch("/me", {"bio": bio})

    assert by_page.status_code == 302
    assert by_api.status_code == 200, by_api.content
    ana.refresh_from_db()
    ben.refresh_from_db()
    # Kept alike: single spaces, paragraphs a blank line apart, nothing at the ends.
    assert ana.bio == ben.bio == by_api.json()["bio"]
    assert ana.bio.startswith("wwwwwwwww www") and ana.bio.endswith("w")
    assert "\n\nwwwwwwwww" in ana.bio and "\r" not in ana.bio and "\n\n\n" not in ana.bio
    assert "  " not in ana.bio
    assert len(" ".join(ana.bio.split())) == BIO_MAX
    # Its page still shows the paragraphs.
    shown = _page(ben).get(reverse("member_profile", args=[ana.pk])).content.decode()
    assert "wwwwwwwww<br><br>wwwwwwwww" in shown


def test_a_bio_beyond_its_limit_is_refused_by_page_and_api_alike(make_member, api_as):
    ana = make_member("Ana Lima", bio="As it was.")
    bio = _typed(BIO_MAX + 1, paragraph_every=20)

    by_page = _page(ana).post(reverse("profile_edit"), {"name": "Ana Lima", "bio": bio})
    by_api = api_as(ana).patch("/me", {"bio": bio})

    assert by_page.status_code == 422
    assert "Bio is 2,001 characters; the limit is 2,000." in main_text(by_page)
    assert by_api.status_code == 422
    assert by_api.json() == {
        "code": "invalid",
        "message": "bio is 2,001 characters; the limit is 2,000.",
        "field": "bio",
    }
    ana.refresh_from_db()
    assert ana.bio == "As it was."


def test_the_profile_page_says_the_limit_of_each_text_of_several_lines(make_member):
    page = main_text(_page(make_member("Ana Lima")).get(reverse("profile_edit")))

    assert "Up to 2,000 characters." in page
    assert page.count("Up to 600 characters.") == 2  # can help with, looking for


@pytest.mark.parametrize(
    "field", ["headline", "organisation", "location", "can_help_with", "looking_for"]
)
def test_every_profile_text_counts_runs_of_spaces_as_one(make_member, api_as, field):
    """A one-line text is kept with single spaces, so it fits its column as counted."""
    ana, ben = make_member("Ana Lima"), make_member("Ben Okafor")
    limit = limit_of(Member, field)
    at_limit, beyond = _typed(limit), _typed(limit + 1)

    by_page = _page(ana).post(reverse("profile_edit"), {"name": "Ana Lima", field: at_limit})
    by_api = api_as(ben).patch("/me", {field: at_limit})
    refused = _page(ana).post(reverse("profile_edit"), {"name": "Ana Lima", field: beyond})
    refused_by_api = api_as(ben).patch("/me", {field: beyond})

    assert (by_page.status_code, by_api.status_code) == (302, 200)
    ana.refresh_from_db()
    ben.refresh_from_db()
    assert getattr(ana, field) == getattr(ben, field) == " ".join(at_limit.split())
    assert refused.status_code == refused_by_api.status_code == 422
    assert f"characters; the limit is {limit}." in main_text(refused)
    assert refused_by_api.json()["field"] == field
