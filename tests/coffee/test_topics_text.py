"""What a member would like to talk about is one line, counted as the API counts it
(``rapport.prose``): a run of spaces is one character, however many were typed. The
coffee page and PUT /api/coffee/opt-in take it at its limit alike, refuse one character
more alike, naming the field and the limit, and keep it with single spaces."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse

from rapport.coffee.models import TOPICS_MAX, CoffeeOptIn
from rapport.members.models import Member
from tests.typed_texts import typed_at
from tests.web.test_accounts import field_errors


def _page(member: Member) -> Client:
    client = Client()
    client.force_login(member)
    return client


def _put(member: Member, topics: str):
    return _page(member).put(
        "/api/coffee/opt-in",
        {"frequency": "weekly", "topics": topics},
        content_type="application/json",
    )


def test_topics_at_their_limit_are_kept_alike_however_widely_spaced(make_member):
    ana, ben = make_member("Ana Ruiz"), make_member("Ben Okafor")
    # Typed with runs of spaces, it is more than twice the limit long.
    topics = typed_at(
        TOPICS_MAX, "jazz, cycling, transit data, sourdough,", gap=" " * 30, several_lines=False
    )
    assert len(topics.typed) > 2 * TOPICS_MAX

    by_page = _page(ana).post(reverse("coffee"), {"frequency": "weekly", "topics": topics.typed})
    by_api = _put(ben, topics.typed)

    assert (by_page.status_code, by_api.status_code) == (302, 200), by_api.content
    assert {opt_in.topics for opt_in in CoffeeOptIn.objects.all()} == {topics.kept}
    assert by_api.json()["topics"] == topics.kept
    box = re.search(
        r'<input type="text" name="topics"[^>]*>',
        _page(ana).get(reverse("coffee")).content.decode(),
    )
    assert "maxlength" not in box.group(0)  # a browser would count every space


def test_one_character_more_is_refused_alike_naming_the_field(make_member):
    ana, ben = make_member("Ana Ruiz"), make_member("Ben Okafor")
    topics = typed_at(
        TOPICS_MAX, "jazz, cycling, transit data, sourdough,", gap=" " * 30, several_lines=False
    )

    by_page = _page(ana).post(reverse("coffee"), {"frequency": "weekly", "topics": topics.over})
    by_api = _put(ben, topics.over)

    assert by_page.status_code == 422
    assert "What you would like to talk about is 401 characters; the limit is 400." in (
        field_errors(by_page, "topics")
    )
    assert by_api.status_code == 422
    assert by_api.json() == {
        "code": "invalid",
        "message": "topics is 401 characters; the limit is 400.",
        "field": "topics",
    }
    assert not CoffeeOptIn.objects.exists()
