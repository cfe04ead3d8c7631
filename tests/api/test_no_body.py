"""An operation that takes no body refuses one that says anything.

Withdrawing an ask, blocking a member or archiving contacts once acted on
``{"bogus": 1}`` or a text/plain note as if nothing had been sent; the README promises
that anything beyond an operation's fields is refused, never ignored.
"""

from __future__ import annotations

import json
import re

import pytest

from rapport.asks.models import Ask
from rapport.asks.services import ask_post
from rapport.keeper.models import Person
from rapport.keeper.services import person_create
from rapport.safety.models import Block


@pytest.fixture
def ada(make_member):
    return make_member("Ada Lovelace")


def _bodiless_operations(client) -> list[tuple[str, str]]:
    """Every operation the OpenAPI document gives no request body, with each path
    parameter filled in: the refusal comes before anything reads it."""
    schema = client.get("/api/openapi.json").json()
    return [
        (method.upper(), re.sub(r"\{[^}]+\}", "1", "/api" + path.removeprefix("/api")))
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if "requestBody" not in operation
    ]


def test_every_operation_without_a_body_refuses_one(ada, api_as):
    client = api_as(ada).client
    operations = _bodiless_operations(client)
    answers = {}
    for method, path in operations:
        extra = client.generic(method, path, json.dumps({"bogus": 1}), "application/json")
        text = client.generic(method, path, "bogus=1", "text/plain")
        listed = client.generic(method, path, "[1]", "application/json")
        answers[method, path] = (
            (extra.status_code, extra.json()["code"], extra.json()["field"]),
            (text.status_code, text.json()["code"]),
            (listed.status_code, listed.json()["code"]),
        )

    assert len(operations) > 30
    assert {("POST", "/api/asks/1/withdraw"), ("POST", "/api/members/1/block")} <= set(answers)
    assert ("POST", "/api/audit/archive") in answers
    refused = ((422, "invalid", "bogus"), (415, "unsupported_media_type"), (400, "malformed"))
    assert {op: got for op, got in answers.items() if got != refused} == {}


def test_a_refused_body_changes_nothing(ada, make_member, api_as):
    rosa = make_member("Rosa Diaz")
    ask = ask_post(poster=ada, kind="offer", title="Happy to review sign-up forms")
    grace = person_create(owner=ada, name="Grace Mensah")
    api = api_as(ada)

    withdraw = api.post(f"/asks/{ask.pk}/withdraw", {"bogus": 1})
    block = api.client.post(f"/api/members/{rosa.pk}/block", "x=1", content_type="text/plain")
    archive = api.post("/audit/archive", {"reason": "tidy"})

    assert withdraw.json() == {
        "code": "invalid",
        "message": "bogus is not a field of this operation, which takes no body; see /api/docs.",
        "field": "bogus",
    }
    assert (block.status_code, block.json()["code"]) == (415, "unsupported_media_type")
    assert (archive.status_code, archive.json()["field"]) == (422, "reason")
    assert Ask.objects.get(pk=ask.pk).state == "open"
    assert not Block.objects.exists()
    assert Person.objects.get(pk=grace.pk).archived_at is None


def test_no_body_or_an_empty_object_still_acts(ada, make_member, api_as):
    rosa, cy = make_member("Rosa Diaz"), make_member("Cy Tran")
    dee, eve = make_member("Dee Okoro"), make_member("Eve Lind")
    api = api_as(ada)

    empty = api.client.generic("POST", f"/api/members/{rosa.pk}/block")
    braces = api.client.post(f"/api/members/{cy.pk}/block", "{}", content_type="application/json")
    form = api.client.post(f"/api/members/{dee.pk}/block")  # an empty multipart form
    filled = api.client.post(f"/api/members/{eve.pk}/block", {"reason": "spam"})

    assert empty.status_code < 300, empty.content
    assert braces.status_code < 300, braces.content
    assert form.status_code < 300, form.content
    assert (filled.status_code, filled.json()["code"]) == (415, "unsupported_media_type")
    assert set(Block.objects.filter(blocker=ada).values_list("blocked__username", flat=True)) == {
        rosa.username,
        cy.username,
        dee.username,
    }
