"""The asks pages through the test client: the board, one ask, answering, closing."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from rapport.asks.models import Ask, AskAnswer
from rapport.asks.services import ask_answer, ask_post, ask_withdraw
from rapport.asks.states import ANSWER_MAX
from rapport.keeper.models import Interaction
from tests.asks.conftest import ASK
from tests.web.page_queries import page_queries
from tests.web.page_text import main_text


def _client(member) -> Client:
    client = Client()
    client.force_login(member)
    return client


def test_the_board_shows_connections_asks_and_your_own(people):
    ana, ben, cy, dee = people
    ask_post(poster=ana, **ASK)
    ask_post(poster=dee, kind="offer", title="Happy to review CVs for design roles")

    board = main_text(_client(ben).get(reverse("asks")))
    mine = main_text(_client(ana).get(reverse("asks")))
    stranger = main_text(_client(cy).get(reverse("asks")))

    assert "Advice on moving into product management" in board
    assert "Happy to review CVs" not in board  # Dee is not Ben's connection
    assert "Happy to review CVs for design roles" in mine
    assert "Yours" in mine and "Open" in mine
    assert "Advice on moving" not in stranger


def test_a_connection_answers_and_is_offered_an_introduction(people):
    ana, ben, *_ = people
    ask = ask_post(poster=ana, **ASK)
    client = _client(ben)

    page = client.get(reverse("ask", args=[ask.pk]))
    answered = client.post(
        reverse("ask_answer", args=[ask.pk]), {"body": "I moved in 2021; coffee?"}, follow=True
    )

    html = page.content.decode()
    assert "Only Ana Ruiz and you see what you write here." in main_text(page)
    assert reverse("introduction_new") + f"?first_id={ana.pk}&amp;why_first=About" in html
    assert "I moved in 2021; coffee?" in main_text(answered)
    assert AskAnswer.objects.get().author == ben


def test_who_sees_an_answer_is_said_once_with_the_posters_name(people):
    ana, ben, *_ = people
    ask = ask_post(poster=ana, **ASK)

    text = main_text(_client(ben).get(reverse("ask", args=[ask.pk])))

    assert text.count("and you see") == 1
    assert "Only Ana Ruiz and you see what you write here." in text
    assert f"At most {ANSWER_MAX:,} characters." in text


def test_an_empty_answer_is_refused_beside_the_box(people):
    ana, ben, *_ = people
    ask = ask_post(poster=ana, **ASK)

    response = _client(ben).post(reverse("ask_answer", args=[ask.pk]), {"body": "  "})

    assert response.status_code == 422
    assert "Write your answer first." in main_text(response)


def test_closing_from_the_page_records_the_helper(people):
    ana, _ben, _cy, dee = people
    ask = ask_post(poster=ana, **ASK)
    ask_answer(author=dee, ask_id=ask.pk, body="Happy to help.")
    client = _client(ana)

    form = client.get(reverse("ask_close", args=[ask.pk]))
    closed = client.post(
        reverse("ask_close", args=[ask.pk]),
        {"helper_ids": [dee.pk], "favour": "advice"},
        follow=True,
    )

    names = main_text(form)
    assert names.index("Dee Park") < names.index("Ben Okafor")  # who answered comes first
    assert "Helped by DP Dee Park (advice)" in main_text(closed)  # her initials, then her name
    assert Interaction.objects.filter(owner=dee, direction="gave", kind="advice").exists()


def test_the_close_page_of_a_withdrawn_ask_says_so_instead_of_a_form(people):
    """It once opened the whole form, and sending it answered "An ask that is withdrawn
    cannot become closed"."""
    ana, *_ = people
    ask = ask_post(poster=ana, **ASK)
    ask_withdraw(poster=ana, ask_id=ask.pk)
    client = _client(ana)

    page = client.get(reverse("ask_close", args=[ask.pk]))
    sent = client.post(reverse("ask_close", args=[ask.pk]), {"favour": "advice"})

    assert page.status_code == 200
    assert sent.status_code == 409
    for response in (page, sent):
        assert "This ask was withdrawn, so it can no longer be closed." in main_text(response)
        assert "Close it" not in main_text(response)
    assert Ask.objects.get(pk=ask.pk).state == "withdrawn"


def test_posting_the_same_ask_again_from_the_page_is_refused_beside_the_title(people):
    ana, *_ = people
    client = _client(ana)

    client.post(reverse("ask_new"), ASK)
    again = client.post(reverse("ask_new"), ASK)

    assert again.status_code == 409
    assert "You already have this ask open" in main_text(again)
    assert 'id="id_title_error"' in again.content.decode()
    assert Ask.objects.filter(poster=ana).count() == 1


def test_a_new_ask_with_a_short_title_is_refused_beside_it(people):
    ana, *_ = people

    response = _client(ana).post(reverse("ask_new"), {"kind": "ask", "title": "Help"})

    assert response.status_code == 422
    assert "write at least 10" in main_text(response)
    assert not Ask.objects.exists()


def test_the_database_refuses_a_closed_ask_without_a_closing_time(people):
    ana, *_ = people
    ask = ask_post(poster=ana, **ASK)

    with pytest.raises(IntegrityError), transaction.atomic():
        Ask.objects.filter(pk=ask.pk).update(state="closed")
    with pytest.raises(IntegrityError), transaction.atomic():
        Ask.objects.filter(pk=ask.pk).update(kind="brag")


@pytest.mark.parametrize("url_name", ["asks", "ask"])
def test_the_pages_cost_the_same_for_a_few_asks_or_many(url_name, people, make_member, connect):
    ana, _ben, _cy, _dee = people
    first = ask_post(poster=ana, **ASK)
    client = _client(ana)
    url = reverse(url_name, **({"args": [first.pk]} if url_name == "ask" else {}))

    def grow(n: int) -> None:
        for i in range(n):
            friend = make_member(f"Friend{i} Example")
            connect(friend, ana)
            ask_post(poster=friend, kind="offer", title=f"Happy to review CVs, round {i}")
            ask_answer(author=friend, ask_id=first.pk, body="Count me in.")

    grow(1)
    client.get(url)  # warm up the session first
    few = page_queries(client, url)
    grow(5)
    many = page_queries(client, url, at_most=7)
    assert many == few
