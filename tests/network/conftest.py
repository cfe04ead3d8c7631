"""Fixtures for the network tests: requests whose notes a careful member would write."""

from __future__ import annotations

import itertools

import pytest

from tests.api.conftest import api_as  # noqa: F401
from tests.network.written import written_notes
from tests.races import sqlite_on_file  # noqa: F401
from tests.web.conftest import signed_in  # noqa: F401


@pytest.fixture
def send_fresh(send_request):
    """``send_fresh(a, b)``: a request whose note differs from every other one sent."""
    notes = itertools.cycle(written_notes())

    def send(sender, recipient, **overrides):
        return send_request(sender, recipient, note=next(notes), **overrides)

    return send
