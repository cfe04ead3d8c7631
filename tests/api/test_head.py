"""Every GET of the API answers HEAD as it answers GET, with no body (RFC 9110 9.3.2).

A client checks that a list or a document is there, or how long it is, without
reading it; a link checker does the same. HEAD was 405 on every operation; and
`/api/openapi.json` answered any method at all, TRACE included, with the whole schema.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client, RequestFactory
from django.urls import resolve

from rapport.members.services import api_token_create


@pytest.fixture
def ada(make_member):
    return make_member("Ada Lovelace")


def _get_paths() -> list[str]:
    schema = Client().get("/api/openapi.json").json()
    return sorted(
        re.sub(r"\{[^}]+\}", "1", path) for path, item in schema["paths"].items() if "get" in item
    )


def test_head_answers_every_get_with_its_status_and_headers(ada, api_as):
    client = api_as(ada).client
    paths = [*_get_paths(), "/api/openapi.json"]
    differ = {}
    for path in paths:
        got, head = client.get(path), client.head(path)
        same = (
            head.status_code == got.status_code
            and head["Content-Type"] == got["Content-Type"]
            and head.get("Content-Length") == got.get("Content-Length")
        )
        if not same:
            differ[path] = (got.status_code, head.status_code, head.get("Content-Length"))
    assert len(paths) > 30
    assert differ == {}


def test_head_sends_no_body_from_the_api_itself(ada):
    """The test client drops a HEAD answer's body itself, so the view is called here
    directly: a server in front may not drop it."""
    _token, raw = api_token_create(member=ada, label="tests")
    factory = RequestFactory()
    for path in ["/api/me", "/api/keeper/people", "/api/openapi.json"]:
        request = factory.head(path, headers={"Authorization": f"Bearer {raw}"})
        request.user = AnonymousUser()
        match = resolve(path)
        response = match.func(request, *match.args, **match.kwargs)
        assert (path, response.status_code, response.content) == (path, 200, b"")
        assert int(response["Content-Length"]) >= len(b"[]")


def test_head_without_a_token_is_401_as_get_is(db):
    client = Client()

    head, got = client.head("/api/me"), client.get("/api/me")

    assert head.status_code == got.status_code == 401
    assert head["WWW-Authenticate"] == "Bearer"


def test_the_schema_answers_get_and_head_only(db):
    client = Client()

    trace = client.generic("TRACE", "/api/openapi.json")
    post = client.post("/api/openapi.json")
    head = client.head("/api/openapi.json")

    assert (trace.status_code, post.status_code, head.status_code) == (405, 405, 200)
    assert trace.json() == {
        "code": "method_not_allowed",
        "message": "TRACE is not an operation on /api/openapi.json; it takes GET, HEAD.",
        "field": None,
    }
    assert trace["Allow"] == "GET, HEAD"


def test_head_on_a_path_without_get_is_405_naming_what_it_takes(ada, api_as):
    response = api_as(ada).client.head("/api/token")

    assert response.status_code == 405
    assert response["Allow"] == "POST"


def test_a_path_with_get_says_it_takes_head_too(ada, api_as):
    response = api_as(ada).client.put("/api/me", {}, content_type="application/json")

    assert response.status_code == 405
    assert response["Allow"] == "DELETE, GET, HEAD, PATCH"
