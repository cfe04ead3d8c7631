"""A request's texts are counted as the API counts them (``rapport.prose``): a run of
spaces or line breaks is one character. The request page and POST /api/requests take
a note, an offer and a context detail at their limits however they were typed, refuse
one character more alike, naming the field and the limit, and keep the same text: the
note and the offer with their paragraphs, the detail on one line. The live check beside
the note counts as the service does."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from rapport.members.models import Member
from rapport.network.models import ConnectionRequest
from rapport.network.states import DETAIL_MAX, NOTE_MAX, OFFER_MAX
from tests.typed_texts import typed_at
from tests.web.page_text import main_text
from tests.web.test_accounts import field_errors

NOTE_WORDS = (
    "Hi Rae, we spoke after your talk on mentoring at the Leeds meetup. How is the pilot "
    "going? I would love to hear what you learned from the first cohort."
)
OFFER_WORDS = "Happy to introduce you to the transit data people in Leeds, or to read a draft."
DETAIL_WORDS = "The Leeds transit meetup, spring 2025, the panel on open data"


def _page(member: Member) -> Client:
    client = Client()
    client.force_login(member)
    return client


@pytest.fixture
def members(make_member):
    return [make_member(name) for name in ("Sid Sender", "Rae Recipient", "Ana Ruiz", "Rae Okafor")]


def test_a_note_offer_and_detail_at_their_limits_are_kept_alike_by_page_and_api(members, api_as):
    sid, rae, ana, rae_too = members
    note = typed_at(NOTE_MAX, NOTE_WORDS)
    offer = typed_at(OFFER_MAX, OFFER_WORDS)
    detail = typed_at(DETAIL_MAX, DETAIL_WORDS, several_lines=False)
    texts = {"context": "gathering", "note": note.typed, "offer": offer.typed}

    by_page = _page(sid).post(
        reverse("request_new", args=[rae.pk]), {**texts, "context_detail": detail.typed}
    )
    by_api = api_as(ana).post(
        "/requests", {"recipient_id": rae_too.pk, **texts, "context_detail": detail.typed}
    )

    assert by_page.status_code == 302, main_text(by_page)
    assert by_api.status_code == 201, by_api.content
    kept = {
        (request.note, request.offer, request.context_detail)
        for request in ConnectionRequest.objects.all()
    }
    assert kept == {(note.kept, offer.kept, detail.kept)}
    # Stored a character longer per blank line than the limit: the columns hold it.
    assert note.stored_longer and offer.stored_longer
    received = _page(rae).get(reverse("requests_inbox")).content.decode()
    assert "<br><br>" in received


@pytest.mark.parametrize(
    ("field", "limit", "words", "several_lines"),
    [
        ("note", NOTE_MAX, NOTE_WORDS, True),
        ("offer", OFFER_MAX, OFFER_WORDS, True),
        ("context_detail", DETAIL_MAX, DETAIL_WORDS, False),
    ],
)
def test_one_character_more_is_refused_alike_naming_the_field(
    members, api_as, field, limit, words, several_lines
):
    sid, rae, ana, rae_too = members
    text = typed_at(limit, words, several_lines=several_lines)
    body = {"context": "gathering", "note": typed_at(NOTE_MAX, NOTE_WORDS).typed}
    body.update({"context_detail": "The Leeds transit meetup", field: text.over})

    by_page = _page(sid).post(reverse("request_new", args=[rae.pk]), body)
    by_api = api_as(ana).post("/requests", {"recipient_id": rae_too.pk, **body})

    assert by_page.status_code == 422
    assert f"is {limit + 1:,} characters; the limit is {limit:,}." in field_errors(by_page, field)
    assert (by_api.status_code, by_api.json()["field"]) == (422, field)
    assert (
        by_api.json()["message"] == f"{field} is {limit + 1:,} characters; the limit is {limit:,}."
    )
    assert not ConnectionRequest.objects.exists()


def test_the_live_check_counts_the_note_as_the_service_does(members):
    sid, rae, *_ = members
    note = typed_at(NOTE_MAX, NOTE_WORDS)

    at_limit = _page(sid).post(
        reverse("request_note_check"), {"note": note.typed, "recipient_id": rae.pk}
    )
    beyond = _page(sid).post(
        reverse("request_note_check"), {"note": note.over, "recipient_id": rae.pk}
    )

    assert f"{NOTE_MAX} characters" in at_limit.content.decode()
    assert f"{NOTE_MAX + 1} characters" in beyond.content.decode()
