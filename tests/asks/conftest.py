"""Ana asks; Ben and Dee are her connections; Cy is a stranger to her."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from tests.api.conftest import Api, api_as  # noqa: F401  (the fixture, for these tests)

NOW = dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC)
ASK = {
    "kind": "ask",
    "title": "Advice on moving into product management",
    "detail": "Eight years in design; I would like to hear from people who made the move.",
}


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def people(clock, make_member, connect):
    ana = make_member("Ana Ruiz", email="ana@example.org")
    ben = make_member("Ben Okafor", email="ben@example.org")
    cy = make_member("Cy Tran")
    dee = make_member("Dee Park")
    connect(ana, ben)
    connect(dee, ana)
    return ana, ben, cy, dee


__all__ = ["Api"]
