"""No list in the API drops rows without saying so, and every list that grows pages.

Introductions, imports and coffee pairings were cut at their latest 100 or 20 with
nothing to ask for the rest; conversations, requests, asks and blocks came whole
however many years they held. Each such list now takes `page` from 1, as the keeper's
people and the audit's archived list do: a plain list, a fixed size named in its
description, the first page in the order the whole list had, a page past the end
empty. A list that stays small by construction says why, "Not paged: at most ...".
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from rapport.asks.models import Ask
from rapport.imports.models import ImportJob
from rapport.input_schema import LARGEST_STORED
from rapport.introductions.models import Introduction
from rapport.safety.models import Block

# The paging a list has that is not `page`: messages page back by a message id.
OTHER_PAGING = {"/api/conversations/{id}/messages": "before"}
A_PAGE = re.compile(r"\b(\d[\d,]*) (?:a page|of each a page)\b")
BOUNDED = re.compile(r"Not paged: at most \S")


def _is_list(schema: dict) -> bool:
    """An array, or one of several arrays (`GET /api/requests`, by its `box`)."""
    choices = schema.get("anyOf") or [schema]
    return all(choice.get("type") == "array" for choice in choices)


def _list_operations() -> dict[str, dict]:
    schema = Client().get("/api/openapi.json").json()
    return {
        path: operation
        for path, item in schema["paths"].items()
        for method, operation in item.items()
        if method == "get"
        and _is_list(operation["responses"]["200"]["content"]["application/json"]["schema"])
    }


def _parameters(operation: dict) -> set[str]:
    return {parameter["name"] for parameter in operation.get("parameters", [])}


def test_every_list_operation_pages_or_says_its_bound(db):
    operations = _list_operations()
    unsaid = {}
    for path, operation in operations.items():
        text = operation.get("description", "")
        if path in OTHER_PAGING:
            ok = OTHER_PAGING[path] in _parameters(operation)
        elif "page" in _parameters(operation):
            ok = A_PAGE.search(text) is not None
        else:
            ok = BOUNDED.search(text) is not None
        if not ok:
            unsaid[path] = text
    assert len(operations) > 15
    assert unsaid == {}


GROWING = [
    "/api/introductions",
    "/api/asks",
    "/api/conversations",
    "/api/requests",
    "/api/imports",
    "/api/blocks",
    "/api/coffee/pairings",
    "/api/keeper/interactions",
    "/api/keeper/people",
    "/api/audit/archived",
]


def test_the_lists_that_grow_take_page(db):
    operations = _list_operations()
    assert {path for path in GROWING if "page" not in _parameters(operations[path])} == set()


@pytest.fixture
def ada(make_member):
    return make_member("Ada Lovelace")


def _paged_paths() -> list[str]:
    return sorted(
        path
        for path, operation in _list_operations().items()
        if "page" in _parameters(operation) and "{" not in path
    )


def test_a_page_past_the_end_is_empty_and_page_zero_is_named(ada, api_as):
    api = api_as(ada)
    answers = {}
    for path in _paged_paths():
        short = path.removeprefix("/api")
        huge = api.get(short, {"page": LARGEST_STORED})
        zero = api.get(short, {"page": 0})
        answers[path] = (huge.status_code, huge.json(), zero.status_code, zero.json()["field"])
    assert len(answers) >= len(GROWING)
    assert {path: got for path, got in answers.items() if got != (200, [], 422, "page")} == {}


def _introduce(ada, people, count):
    now = timezone.now()
    pairs = [(a, b) for i, a in enumerate(people) for b in people[i + 1 :]][:count]
    assert len(pairs) == count
    Introduction.objects.bulk_create(
        Introduction(
            introducer=ada,
            first=a,
            second=b,
            member_low=a if a.pk < b.pk else b,
            member_high=b if a.pk < b.pk else a,
            why_first="You both map bus routes for a living.",
            why_second="You both map bus routes for a living.",
            state="expired",
            decided_at=now - dt.timedelta(minutes=n) + dt.timedelta(days=14),
            created_at=now - dt.timedelta(minutes=n),
            expires_at=now - dt.timedelta(minutes=n) + dt.timedelta(days=14),
        )
        for n, (a, b) in enumerate(pairs)
    )


@pytest.fixture
def fifteen(make_member):
    return [make_member(f"Member {n:02}") for n in range(15)]


def test_introductions_past_the_first_hundred_are_on_page_two(ada, fifteen, api_as):
    _introduce(ada, fifteen, 101)
    api = api_as(ada)

    first = api.get("/introductions", {"box": "made"}).json()
    second = api.get("/introductions", {"box": "made", "page": 2}).json()

    assert len(first) == 100
    assert len(second) == 1
    newest_first = list(Introduction.objects.order_by("-created_at", "-id").values_list("pk"))
    assert [(row["id"],) for row in first + second] == newest_first


def test_the_introductions_query_count_does_not_grow_with_the_page(ada, fifteen, api_as):
    _introduce(ada, fifteen, 5)
    api = api_as(ada)
    few = api.queries("/introductions")
    _introduce(ada, fifteen[5:], 30)

    assert api.queries("/introductions") == few
    assert api.queries("/introductions", {"page": 2}) <= few


def _asks(ada, kinds):
    now = timezone.now()
    Ask.objects.bulk_create(
        Ask(
            poster=ada,
            kind=kind,
            title=f"Looking for a transit data partner {n}",
            state="withdrawn",
            created_at=now - dt.timedelta(minutes=n),
            expires_at=now + dt.timedelta(days=30),
        )
        for n, kind in enumerate(kinds)
    )


def test_your_own_asks_of_a_kind_are_all_found_however_many_of_the_other(ada, api_as):
    _asks(ada, ["ask"] * 100 + ["offer"])

    offers = api_as(ada).get("/asks", {"box": "mine", "kind": "offer"}).json()

    assert [offer["kind"] for offer in offers] == ["offer"]


def test_your_own_asks_past_the_first_hundred_are_on_page_two(ada, api_as):
    _asks(ada, ["ask"] * 101)
    api = api_as(ada)

    assert len(api.get("/asks", {"box": "mine"}).json()) == 100
    assert len(api.get("/asks", {"box": "mine", "page": 2}).json()) == 1


def test_blocks_page_and_their_query_count_stays(ada, fifteen, make_member, api_as):
    now = timezone.now()
    Block.objects.bulk_create(
        Block(blocker=ada, blocked=other, created_at=now - dt.timedelta(minutes=n))
        for n, other in enumerate(fifteen[:5])
    )
    api = api_as(ada)
    few = api.queries("/blocks")
    Block.objects.bulk_create(
        Block(blocker=ada, blocked=other, created_at=now - dt.timedelta(hours=n + 1))
        for n, other in enumerate(fifteen[5:])
    )

    assert api.queries("/blocks") == few
    assert len(api.get("/blocks").json()) == 15
    assert api.get("/blocks", {"page": 2}).json() == []


def test_imports_past_the_first_page_are_not_lost(ada, api_as):
    now = timezone.now()
    ImportJob.objects.bulk_create(
        ImportJob(
            owner=ada, source="vcard", filename=f"contacts-{n}.vcf", created_at=now, updated_at=now
        )
        for n in range(51)
    )
    api = api_as(ada)

    first = api.get("/imports").json()
    second = api.get("/imports", {"page": 2}).json()

    assert (len(first), len(second)) == (50, 1)
    assert len({job["id"] for job in first + second}) == 51
