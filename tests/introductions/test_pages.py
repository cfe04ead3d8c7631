"""The introductions pages through the test client: what each person reads, and cost."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from rapport.introductions.models import Introduction
from rapport.introductions.services import introduction_accept, introduction_make
from tests.introductions.conftest import WHY_BEN, WHY_CY
from tests.web.page_queries import page_queries
from tests.web.page_text import main_text


def _client(member) -> Client:
    client = Client()
    client.force_login(member)
    return client


def test_the_side_reads_who_asks_and_why_but_not_who_the_other_is(people, introduce):
    _ana, ben, _cy = people
    introduce()

    page = main_text(_client(ben).get(reverse("introductions")))

    assert "Ana Ruiz would like to introduce you to someone" in page
    assert WHY_BEN in page
    assert "Cy" not in page and WHY_CY not in page


def test_the_introducer_reads_both_and_the_outcome(people, introduce):
    ana, ben, cy = people
    introduction = introduce()
    introduction_accept(member=ben, introduction_id=introduction.pk)
    introduction_accept(member=cy, introduction_id=introduction.pk)

    page = main_text(_client(ana).get(reverse("introductions")))

    assert "Ben Okafor and Cy Tran" in page
    assert "Accepted by both" in page
    assert WHY_BEN in page and WHY_CY in page


def test_accepting_with_htmx_swaps_the_row_and_both_then_see_names(people, introduce):
    _ana, ben, cy = people
    introduction = introduce()
    url = reverse("introduction_accept", args=[introduction.pk])

    ben_row = _client(ben).post(url, HTTP_HX_REQUEST="true")
    cy_row = _client(cy).post(url, HTTP_HX_REQUEST="true")

    assert ben_row.status_code == 200
    assert "You said yes; waiting for the other person" in ben_row.content.decode()
    assert "Cy" not in ben_row.content.decode()
    assert "You and" in cy_row.content.decode() and "Ben Okafor" in cy_row.content.decode()
    assert "Open your conversation with Ben Okafor" in cy_row.content.decode()


def test_declining_without_javascript_redirects_with_a_message(people, introduce):
    _ana, _ben, cy = people
    introduction = introduce()
    client = _client(cy)

    response = client.post(reverse("introduction_decline", args=[introduction.pk]), follow=True)

    assert "The other person is not told" in main_text(response)
    assert "Declined by you" in main_text(response)


def test_the_form_lists_only_your_connections_and_creates_the_introduction(people):
    ana, ben, cy = people
    client = _client(ana)

    form = client.get(reverse("introduction_new"))
    created = client.post(
        reverse("introduction_new"),
        {"first_id": ben.pk, "why_first": WHY_BEN, "second_id": cy.pk, "why_second": WHY_CY},
    )

    assert form.status_code == 200
    assert f'<option value="{ben.pk}">Ben Okafor</option>' in form.content.decode()
    assert created.status_code == 302
    assert Introduction.objects.get().introducer == ana


def test_a_sentence_naming_the_other_is_refused_beside_it(people):
    ana, ben, cy = people

    response = _client(ana).post(
        reverse("introduction_new"),
        {
            "first_id": ben.pk,
            "why_first": "Cy Tran runs the tenants' energy group and needs your advice.",
            "second_id": cy.pk,
            "why_second": WHY_CY,
        },
    )

    assert response.status_code == 422
    assert "Leave out Cy Tran" in response.content.decode()
    assert not Introduction.objects.exists()


def test_the_form_can_be_prefilled_from_a_link(people):
    ana, ben, _cy = people

    page = _client(ana).get(
        reverse("introduction_new"), {"first_id": ben.pk, "why_first": "About your ask: "}
    )

    html = page.content.decode()
    assert f'<option value="{ben.pk}" selected>Ben Okafor</option>' in html
    assert "About your ask: </textarea>" in html


def test_the_live_check_says_whether_the_sentence_names_the_other(people):
    ana, ben, cy = people

    named = _client(ana).post(
        reverse("introduction_note_check"),
        {
            "check": "why_first",
            "why_first": "You should meet Cy.",
            "why_second": WHY_CY,
            "first_id": ben.pk,
            "second_id": cy.pk,
        },
    )
    fine = _client(ana).post(
        reverse("introduction_note_check"),
        {"why_second": WHY_CY, "first_id": ben.pk, "second_id": cy.pk},
    )

    assert "Not met: does not name Cy Tran" in main_text_of(named)
    assert "Met: does not name Ben Okafor" in main_text_of(fine)
    assert f"{len(WHY_CY)} characters" in main_text_of(fine)


def main_text_of(response) -> str:
    return " ".join(response.content.decode().replace("<", " <").split())


@pytest.mark.parametrize("url_name", ["introductions", "introduction_new"])
def test_the_pages_cost_the_same_for_three_introductions_or_thirty(
    url_name, people, make_member, connect
):
    ana, _ben, _cy = people
    client = _client(ana)

    names = iter(f"Zed{n} Quill" for n in range(100))

    def grow(n: int) -> None:
        for _ in range(n):
            left, right = make_member(next(names)), make_member(next(names))
            connect(ana, left)
            connect(right, ana)
            made = introduction_make(
                introducer=ana,
                first_id=left.pk,
                second_id=right.pk,
                why_first=WHY_BEN,
                why_second=WHY_CY,
            )
            introduction_accept(member=left, introduction_id=made.pk)
            helper, newcomer = make_member(next(names)), make_member(next(names))
            connect(helper, ana)
            connect(helper, newcomer)
            introduction_make(
                introducer=helper,
                first_id=ana.pk,
                second_id=newcomer.pk,
                why_first=WHY_BEN,
                why_second=WHY_CY,
            )

    grow(1)
    few = page_queries(client, reverse(url_name))
    grow(5)
    many = page_queries(client, reverse(url_name), at_most=7)
    assert many == few


def test_the_live_check_coaches_a_sentence_that_reads_like_a_leaflet(people):
    ana, ben, cy = people

    pitch = _client(ana).post(
        reverse("introduction_note_check"),
        {
            "why_first": "We offer best-in-class growth consulting services. Buy my package "
            "today and grow your revenue 10x! Book a 15-minute call for rates!",
            "first_id": ben.pk,
            "second_id": cy.pk,
        },
    )

    assert "Not met: reads like an introduction, not a leaflet" in main_text_of(pitch)


def test_an_answer_moves_the_introduction_out_of_waiting_for_your_answer(people, introduce):
    """Answered with htmx, the page is not reloaded: the answer itself must take the
    introduction out from under "Waiting for your answer" and into the answered ones."""
    _ana, ben, cy = people
    introduction = introduce()
    url = reverse("introduction_accept", args=[introduction.pk])
    _client(ben).post(url, HTTP_HX_REQUEST="true")

    answered = _client(cy).post(url, HTTP_HX_REQUEST="true").content.decode()

    row = answered.index(f'id="introduction-{introduction.pk}"')
    assert answered.index("Introductions you answered") < row
    assert "No introduction is waiting for your answer." in answered
    assert "Open your conversation with Ben Okafor" in answered


def test_waiting_for_your_answer_is_said_once_not_on_every_card(people, introduce):
    _ana, ben, _cy = people
    introduce()

    page = main_text(_client(ben).get(reverse("introductions")))

    assert page.count("Waiting for your answer") == 1
