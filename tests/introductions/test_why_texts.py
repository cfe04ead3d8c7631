"""An introduction's sentences are counted as the API counts them (``rapport.prose``):
a run of spaces or line breaks is one character. The page and POST /api/introductions
take a sentence at its limit however it was typed, refuse one character more alike,
naming the field and the limit, and keep the same text with its paragraphs, which the
database's own check (``introduction_why_length``) counts the same way. The live check
beside each sentence counts as the service does."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from rapport.introductions.models import Introduction
from rapport.introductions.states import WHY_MAX
from rapport.members.models import Member
from tests.introductions.conftest import WHY_BEN, WHY_CY
from tests.typed_texts import typed_at
from tests.web.test_accounts import field_errors


def _page(member: Member) -> Client:
    client = Client()
    client.force_login(member)
    return client


@pytest.fixture
def dan_eve_fay(people, make_member, connect):
    """A second introducer with two connections of their own, for the API."""
    dan, eve, fay = (make_member(name) for name in ("Dan Reyes", "Eve Stone", "Fay Lund"))
    connect(dan, eve)
    connect(fay, dan)
    return dan, eve, fay


def test_sentences_at_their_limit_are_kept_alike_by_page_and_api(people, dan_eve_fay, api_as):
    ana, ben, cy = people
    dan, eve, fay = dan_eve_fay
    why_first, why_second = typed_at(WHY_MAX, WHY_BEN), typed_at(WHY_MAX, WHY_CY)
    sentences = {"why_first": why_first.typed, "why_second": why_second.typed}

    by_page = _page(ana).post(
        reverse("introduction_new"), {"first_id": ben.pk, "second_id": cy.pk, **sentences}
    )
    by_api = api_as(dan).post(
        "/introductions", {"first_id": eve.pk, "second_id": fay.pk, **sentences}
    )

    assert by_page.status_code == 302
    assert by_api.status_code == 201, by_api.content
    kept = {(i.why_first, i.why_second) for i in Introduction.objects.all()}
    assert kept == {(why_first.kept, why_second.kept)}
    assert why_first.stored_longer and why_second.stored_longer
    made = _page(ana).get(reverse("introductions")).content.decode()
    assert "<br><br>" in made


def test_one_character_more_is_refused_alike_naming_the_sentence(people, dan_eve_fay, api_as):
    ana, ben, cy = people
    dan, eve, fay = dan_eve_fay
    too_long = typed_at(WHY_MAX, WHY_CY).over

    by_page = _page(ana).post(
        reverse("introduction_new"),
        {"first_id": ben.pk, "why_first": WHY_BEN, "second_id": cy.pk, "why_second": too_long},
    )
    by_api = api_as(dan).post(
        "/introductions",
        {"first_id": eve.pk, "why_first": WHY_BEN, "second_id": fay.pk, "why_second": too_long},
    )

    assert by_page.status_code == 422
    assert "The sentence is 501 characters; the limit is 500." in field_errors(
        by_page, "why_second"
    )
    assert by_api.status_code == 422
    assert by_api.json() == {
        "code": "invalid",
        "message": "why_second is 501 characters; the limit is 500.",
        "field": "why_second",
    }
    assert not Introduction.objects.exists()


def test_the_live_check_counts_a_sentence_as_the_service_does(people):
    ana, ben, cy = people
    why = typed_at(WHY_MAX, WHY_BEN)

    def check(text: str) -> str:
        return (
            _page(ana)
            .post(
                reverse("introduction_note_check"),
                {"check": "why_first", "why_first": text, "first_id": ben.pk, "second_id": cy.pk},
            )
            .content.decode()
        )

    assert f"{WHY_MAX} characters" in check(why.typed)
    assert f"{WHY_MAX + 1} characters" in check(why.over)
