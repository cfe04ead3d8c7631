"""API tests call the JSON API as a client would: a personal token, or a session.

Passwords hash cheaply here (Argon2 is slow on purpose); tests/members checks that
real sign-ups store Argon2 hashes.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from rapport.members.models import Member
from rapport.members.services import api_token_create


class Api:
    """A JSON client for ``/api``: ``api.post("/requests", {...})``."""

    def __init__(self, client: Client) -> None:
        self.client = client

    def get(self, path: str, query: dict[str, Any] | None = None):
        return self.client.get("/api" + path, query or {})

    def post(self, path: str, body: dict[str, Any] | None = None):
        return self.client.post("/api" + path, body or {}, content_type="application/json")

    def patch(self, path: str, body: dict[str, Any]):
        return self.client.patch("/api" + path, body, content_type="application/json")

    def delete(self, path: str):
        return self.client.delete("/api" + path)

    def queries(self, path: str, query: dict[str, Any] | None = None) -> int:
        """How many queries a GET costs, after one warm-up call (a token's first use writes)."""
        assert self.get(path, query).status_code == 200
        with CaptureQueriesContext(connection) as captured:
            assert self.get(path, query).status_code == 200
        return len(captured)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def api_as(db):
    """``api_as(member)``: an API client carrying a fresh personal token of theirs."""

    def client_for(member: Member, **client_options: Any) -> Api:
        _token, raw = api_token_create(member=member, label="tests")
        return Api(Client(headers={"Authorization": f"Bearer {raw}"}, **client_options))

    return client_for


@pytest.fixture
def anonymous(db) -> Api:
    return Api(Client())
