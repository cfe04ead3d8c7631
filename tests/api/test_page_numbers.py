"""A page number past every row is an empty page, however large, never a crash.

A client that pages by counting up, or a link typed by hand, may ask for any number;
the offset it makes must not overflow the database's 64-bit integer (SQLite answers
"datatype mismatch", PostgreSQL "bigint out of range"). The audit's archived list,
the keeper's people and the gatherings answer such a page with nothing.
"""

from __future__ import annotations

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from rapport.input_schema import LARGEST_STORED
from rapport.keeper.services import person_create
from tests.gatherings.making import NOW, hosted

HUGE = [2**60, LARGEST_STORED]


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def ada(make_member):
    return make_member("Ada Lovelace")


@pytest.mark.parametrize("page", HUGE)
@pytest.mark.parametrize("name", ["upcoming_page", "past_page"])
def test_a_gatherings_page_past_every_row_is_empty_in_the_api(ada, api_as, name, page):
    hosted(ada, visibility="community")

    response = api_as(ada).get("/gatherings", {name: page})

    assert response.status_code == 200
    lists = response.json()
    listed = lists["upcoming"] if name == "upcoming_page" else lists["past"]
    assert listed == []
    assert lists[name.replace("_page", "_next_page")] is None


@pytest.mark.parametrize("page", HUGE)
def test_a_gatherings_page_past_every_row_is_empty_on_the_page(ada, page):
    hosted(ada, visibility="community")
    client = Client()
    client.force_login(ada)

    response = client.get(reverse("gatherings"), {"upcoming_page": page})

    assert response.status_code == 200
    assert "Transit data breakfast" not in response.content.decode()


@pytest.mark.parametrize("page", HUGE)
def test_a_keeper_people_page_past_every_row_is_empty(ada, api_as, page):
    person_create(owner=ada, name="Grace Mensah")

    response = api_as(ada).get("/keeper/people", {"page": page})

    assert response.status_code == 200
    assert response.json() == []
