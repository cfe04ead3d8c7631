"""`GET /api/keeper/people` a page at a time, as the keeper's page shows 50: a keeper
grown by a LinkedIn import (30,000 people) must not come back in one answer. The
paging follows `GET /api/audit/archived`: a `page` from 1, a list, empty past the end."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rapport.keeper.api import PEOPLE_PER_PAGE
from rapport.keeper.services import person_create


@pytest.fixture
def ana(make_member):
    return make_member("Ana Ruiz")


@pytest.fixture
def many(ana):
    """120 people, named so that name order is number order; every third in the 5."""
    for n in range(120):
        person_create(
            owner=ana, name=f"Person {n:03}", circle="5" if n % 3 == 0 else "150", tags=["data"]
        )


def names(api, query: dict) -> list[str]:
    response = api.get("/keeper/people", query)
    assert response.status_code == 200, response.content
    return [row["name"] for row in response.json()]


def test_the_list_comes_fifty_at_a_time_by_name(ana, many, api_as):
    api = api_as(ana)

    assert PEOPLE_PER_PAGE == 50  # as the keeper's page shows
    assert names(api, {}) == [f"Person {n:03}" for n in range(50)]
    assert names(api, {"page": 2}) == [f"Person {n:03}" for n in range(50, 100)]
    assert names(api, {"page": 3}) == [f"Person {n:03}" for n in range(100, 120)]
    assert names(api, {"page": 4}) == []


def test_the_filters_narrow_before_paging(ana, many, api_as):
    api = api_as(ana)
    in_the_5 = [f"Person {n:03}" for n in range(120) if n % 3 == 0]

    assert names(api, {"circle": "5", "tag": "data"}) == in_the_5
    assert names(api, {"q": "person", "page": 2}) == [f"Person {n:03}" for n in range(50, 100)]
    assert names(api, {"circle": "5", "page": 2}) == []


@pytest.mark.parametrize("page", ["0", "-1", "two"])
def test_a_page_that_is_not_one_or_more_is_refused_naming_it(ana, api_as, page):
    response = api_as(ana).get("/keeper/people", {"page": page})

    assert response.status_code == 422
    assert response.json()["field"] == "page"


def test_a_page_costs_the_same_queries_whatever_the_keeper_holds(ana, many, api_as, make_member):
    small = make_member("Small Keeper")
    person_create(owner=small, name="Only One")
    big, tiny = api_as(ana), api_as(small)

    assert big.queries("/keeper/people", {"page": 2}) == tiny.queries("/keeper/people")
    names(big, {})  # the token's first use is behind us
    with CaptureQueriesContext(connection) as captured:
        names(big, {"page": 3})
    assert len(captured) <= 3, [query["sql"] for query in captured]


def test_the_schema_says_how_to_page(client):
    schema = client.get("/api/openapi.json").json()
    operation = schema["paths"]["/api/keeper/people"]["get"]

    assert "50 a page" in operation["description"]
    page = next(p for p in operation["parameters"] if p["name"] == "page")
    assert page["schema"]["minimum"] == 1 and page["schema"]["default"] == 1
