"""Page tests sign members in through the session, as a browser would after logging in."""

from __future__ import annotations

import pytest
from django.test import Client


@pytest.fixture
def signed_in():
    """A test client signed in as ``member``: ``signed_in(alice).get(...)``."""

    def client_for(member) -> Client:
        client = Client()
        client.force_login(member)
        return client

    return client_for
