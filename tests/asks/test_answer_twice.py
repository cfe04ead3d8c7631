"""The same answer sent twice (a second click on a slow connection, a client's retry)
is kept once: the poster reads it once, and the second send says it is there already."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from rapport.asks.models import AskAnswer
from tests.asks.conftest import ASK
from tests.web.page_text import main_text

ANSWER = "I made that move in 2021; happy to tell you what surprised me."


def test_the_same_answer_sent_twice_is_kept_once(people, api_as):
    ana, ben, _cy, _dee = people
    ask = api_as(ana).post("/asks", ASK).json()
    api = api_as(ben)

    first = api.post(f"/asks/{ask['id']}/answers", {"body": ANSWER})
    again = api.post(f"/asks/{ask['id']}/answers", {"body": "  " + ANSWER.replace(" ", "  ")})

    assert first.status_code == 201
    assert (again.status_code, again.json()["code"], again.json()["field"]) == (
        409,
        "answer_already_sent",
        "body",
    )
    assert AskAnswer.objects.filter(author=ben).count() == 1
    # Another answer, and then the first words again after it, are new answers.
    assert (
        api.post(f"/asks/{ask['id']}/answers", {"body": "And one more thing."}).status_code == 201
    )
    assert api.post(f"/asks/{ask['id']}/answers", {"body": ANSWER}).status_code == 201


def test_the_page_says_the_answer_is_there_already(people, api_as):
    ana, ben, _cy, _dee = people
    ask = api_as(ana).post("/asks", ASK).json()
    client = Client()
    client.force_login(ben)
    url = reverse("ask_answer", args=[ask["id"]])

    assert client.post(url, {"body": ANSWER}).status_code == 302
    again = client.post(url, {"body": ANSWER})

    assert again.status_code == 409
    assert "You sent this answer already" in main_text(again)
    assert AskAnswer.objects.filter(author=ben).count() == 1
