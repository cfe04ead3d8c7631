"""The insights page in the words a member reads: true for someone new, grammatical for
one connection, and about the people who are still here."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from rapport.members.models import Member
from rapport.members.services import api_token_create
from tests.web.page_text import main_text

NOW = dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _page(member) -> str:
    client = Client()
    client.force_login(member)
    return main_text(client.get(reverse("insights")))


def _api(member) -> dict:
    _token, raw = api_token_create(member=member, label="tests")
    return Client(headers={"Authorization": f"Bearer {raw}"}).get("/api/insights").json()


def test_someone_new_is_not_told_what_their_connections_said(make_member):
    """With no connections there is nobody to have said anything, and nobody placed."""
    text = _page(make_member("New Comer"))

    assert "None of your connections" not in text
    assert "You have no connections yet, so there are no organisations to compare." in text
    assert "You have no connections yet, so there are no interests to compare." in text
    assert "You have placed nobody in your circles yet." in text
    assert "0 in the 5" not in text


def test_one_connection_reads_in_the_singular_and_each_attribute_in_its_own_words(
    make_member, connect
):
    ana = make_member("Ana Ruiz")
    connect(make_member("Ben Okafor", organisation="Transit Lab"), ana)

    text = _page(ana)

    assert "1 organisation among the 1 connection who gives one" in text
    assert "Places: None of your connections has said where they are." in text
    assert "Interests: None of your connections has listed an interest." in text
    assert "belong to" not in text


def test_a_connection_whose_account_was_closed_is_neither_counted_nor_drawn(make_member, connect):
    ana = make_member("Ana Ruiz")
    ben, cy = make_member("Ben Okafor"), make_member("Cy Tran")
    connect(ben, ana)
    connect(cy, ana)
    Member.objects.filter(pk=cy.pk).update(is_active=False)

    body = _api(ana)
    text = _page(ana)

    assert body["structure"]["connections"] == 1
    assert body["structure"]["know_none_of_the_others"] == [ben.pk]
    assert body["structure"]["sentence"].startswith("You have 1 connection:")
    assert reverse("member_profile", args=[cy.pk]) not in text
    assert "2 connections" not in text


def test_the_shape_of_a_small_network_is_said_as_it_is(make_member, connect):
    """One connection is not "none of your 1 connection know each other"; two who do
    not know each other are not "few of them know each other"; and a high constraint
    that comes from having few connections is not blamed on their knowing each other."""
    ana, bea = make_member("Ana Ruiz"), make_member("Bea Kahn")
    connect(make_member("Ben Okafor"), ana)
    connect(make_member("Cy Tran"), bea)
    connect(make_member("Dee Park"), bea)

    one = _api(ana)["structure"]
    two = _api(bea)["structure"]

    assert one["sentence"] == (
        "You have 1 connection: one connection is one view of the world — effective size 1 of 1."
    )
    assert two["sentence"] == (
        "None of your 2 connections know each other, so each brings you something "
        "different — effective size 2 of 2."
    )
    for structure in (one, two):
        assert "tied to each other" not in structure["constraint_sentence"]
        assert "with so few connections" in structure["constraint_sentence"]


def test_a_single_circle_of_one_person_is_one_person(make_member, connect):
    """A newcomer with one connection they talk to: "1 circle of 1 person"."""
    from rapport.keeper.models import Person
    from rapport.keeper.services import interaction_log

    ana, ben = make_member("Ana Ruiz"), make_member("Ben Okafor")
    connect(ben, ana)
    person = Person.objects.get(owner=ana, member=ben)
    for days in (200, 100, 40, 10):
        interaction_log(
            owner=ana,
            person_ids=[person.pk],
            kind="conversation",
            occurred_at=NOW - dt.timedelta(days=days),
        )

    text = _page(ana)

    assert "falls into 1 circle of 1 person (each counting the ones inside it)" in text
    assert "1 people" not in text


def test_the_page_points_a_member_to_what_they_can_open_not_to_source_files(make_member):
    """A member has no checkout of Rapport's source: "docs/science.md" is an operator's
    pointer, and on a member's page a dead end."""
    page = _page(make_member("Ana Ruiz"))

    assert "docs/" not in page and ".md" not in page
    assert "estimates" in page
