"""Answering an introduction a second time: a double click, the back button after the
form was sent, a page left open in another tab.

The answer given stands (an answer is given once), and the member is told so in
words, not in the state graph's ("An answer that is accepted cannot become
accepted"). The API keeps its code.
"""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from rapport.introductions.models import Introduction


def _signed_in(member) -> Client:
    client = Client()
    client.force_login(member)
    return client


def test_saying_yes_twice_over_the_api_says_you_already_said_yes(people, introduce, api_as):
    _ana, ben, _cy = people
    introduction = introduce()

    api = api_as(ben)
    api.post(f"/introductions/{introduction.pk}/accept")
    again = api.post(f"/introductions/{introduction.pk}/accept")

    assert again.status_code == 409
    assert again.json()["code"] == "invalid_transition"
    assert again.json()["message"] == "You already said yes to this introduction."


def test_saying_no_after_yes_on_the_page_says_the_answer_stands(people, introduce):
    _ana, ben, _cy = people
    introduction = introduce()
    client = _signed_in(ben)
    client.post(reverse("introduction_accept", args=[introduction.pk]))

    # The page left open in another tab still offers "No, thank you".
    response = client.post(
        reverse("introduction_decline", args=[introduction.pk]),
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 409
    text = response.content.decode()
    assert "You already said yes to this introduction." in text
    assert "cannot become" not in text
    introduction.refresh_from_db()
    assert (introduction.first_answer, introduction.state) == ("accepted", "pending")


def test_saying_yes_after_no_says_you_said_no(people, introduce, api_as):
    _ana, _ben, cy = people
    introduction = introduce()

    api = api_as(cy)
    api.post(f"/introductions/{introduction.pk}/decline")
    again = api.post(f"/introductions/{introduction.pk}/accept")

    assert again.status_code == 409
    assert again.json()["message"] == "You already said no to this introduction."
    assert Introduction.objects.get().state == "declined"
