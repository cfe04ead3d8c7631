"""An ask's texts are counted as the API counts them (``rapport.prose``): a run of
spaces or line breaks is one character. The pages and the API take a title, a detail
and an answer at their limits however they were typed, refuse one character more alike,
naming the field and the limit, and keep the same text: the title on one line, the
detail and the answer with their paragraphs, which the database's own checks
(``ask_text_length``, ``ask_answer_length``) count the same way."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from rapport.asks.models import Ask, AskAnswer
from rapport.asks.services import ask_post
from rapport.asks.states import ANSWER_MAX, DETAIL_MAX, TITLE_MAX
from rapport.members.models import Member
from tests.asks.conftest import ASK
from tests.typed_texts import typed_at
from tests.web.page_text import main_text
from tests.web.test_accounts import field_errors

TITLE_WORDS = "Advice on moving from design into product management, from people who did"
DETAIL_WORDS = (
    "Eight years in design; I tried two courses and a mentor. What would help most is an "
    "hour with someone who made the move, and what they wish they had known."
)
ANSWER_WORDS = "I made the same move in 2021; happy to talk it through over coffee next week."


def _page(member: Member) -> Client:
    client = Client()
    client.force_login(member)
    return client


def test_a_title_and_detail_at_their_limits_are_kept_alike_by_page_and_api(people, api_as):
    ana, ben, *_ = people
    title = typed_at(TITLE_MAX, TITLE_WORDS, several_lines=False)
    detail = typed_at(DETAIL_MAX, DETAIL_WORDS)
    posted = {"kind": "ask", "title": title.typed, "detail": detail.typed}

    by_page = _page(ana).post(reverse("ask_new"), posted)
    by_api = api_as(ben).post("/asks", posted)

    assert by_page.status_code == 302, main_text(by_page)
    assert by_api.status_code == 201, by_api.content
    assert {(ask.title, ask.detail) for ask in Ask.objects.all()} == {(title.kept, detail.kept)}
    assert by_api.json()["detail"] == detail.kept and detail.stored_longer
    shown = _page(ana).get(reverse("ask", args=[Ask.objects.get(poster=ana).pk]))
    assert "</p>\n\n<p>" in shown.content.decode()  # the paragraphs, as two


def test_one_character_more_in_a_title_or_detail_is_refused_alike(people, api_as):
    ana, ben, *_ = people
    title = typed_at(TITLE_MAX, TITLE_WORDS, several_lines=False)
    detail = typed_at(DETAIL_MAX, DETAIL_WORDS)

    long_title = {"kind": "ask", "title": title.over, "detail": ""}
    long_detail = {"kind": "ask", "title": ASK["title"], "detail": detail.over}
    refused = [_page(ana).post(reverse("ask_new"), body) for body in (long_title, long_detail)]
    refused_by_api = [api_as(ben).post("/asks", body) for body in (long_title, long_detail)]

    assert [response.status_code for response in refused] == [422, 422]
    assert "The title is 141 characters; the limit is 140." in field_errors(refused[0], "title")
    assert "The detail is 2,001 characters; the limit is 2,000." in field_errors(
        refused[1], "detail"
    )
    assert [response.json() for response in refused_by_api] == [
        {
            "code": "invalid",
            "message": "title is 141 characters; the limit is 140.",
            "field": "title",
        },
        {
            "code": "invalid",
            "message": "detail is 2,001 characters; the limit is 2,000.",
            "field": "detail",
        },
    ]
    assert not Ask.objects.exists()


def test_an_answer_at_its_limit_is_kept_alike_and_one_more_refused(people, api_as):
    ana, ben, _cy, dee = people
    ask = ask_post(poster=ana, **ASK)
    answer = typed_at(ANSWER_MAX, ANSWER_WORDS)

    by_page = _page(ben).post(reverse("ask_answer", args=[ask.pk]), {"body": answer.typed})
    by_api = api_as(dee).post(f"/asks/{ask.pk}/answers", {"body": answer.typed})
    refused = _page(ben).post(reverse("ask_answer", args=[ask.pk]), {"body": answer.over})
    refused_by_api = api_as(dee).post(f"/asks/{ask.pk}/answers", {"body": answer.over})

    assert (by_page.status_code, by_api.status_code) == (302, 201), by_api.content
    assert [a.body for a in AskAnswer.objects.all()] == [answer.kept, answer.kept]
    assert answer.stored_longer
    assert refused.status_code == 422
    assert "The answer is 2,001 characters; the limit is 2,000." in field_errors(refused, "body")
    assert refused_by_api.status_code == 422
    assert refused_by_api.json() == {
        "code": "invalid",
        "message": "body is 2,001 characters; the limit is 2,000.",
        "field": "body",
    }
    assert AskAnswer.objects.count() == 2
