"""Ana knows Ben and Cy, who do not know each other: the introduction every test makes."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from rapport.introductions.services import introduction_make
from tests.api.conftest import Api, api_as  # noqa: F401  (the fixture, for these tests)
from tests.races import sqlite_on_file  # noqa: F401  (the fixture, for the races)

NOW = dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC)
# Each sentence describes the other person without naming them.
WHY_BEN = (
    "She runs the tenants' energy group in Levenshulme and wants to put panels on their "
    "community hall: you have done exactly that for schools."
)
WHY_CY = (
    "He manages the team behind Brightwater's member sign-up and has put solar on a dozen "
    "school roofs; he knows every pitfall you are about to meet."
)


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def people(clock, make_member, connect):
    ana = make_member("Ana Ruiz", email="ana@example.org")
    ben = make_member("Ben Okafor", email="ben@example.org")
    cy = make_member("Cy Tran", email="cy@example.org")
    connect(ana, ben)
    connect(cy, ana)
    return ana, ben, cy


@pytest.fixture
def introduce(people):
    ana, ben, cy = people

    def make(introducer=ana, first=ben, second=cy, **overrides):
        fields = {"why_first": WHY_BEN, "why_second": WHY_CY, **overrides}
        return introduction_make(
            introducer=introducer, first_id=first.pk, second_id=second.pk, **fields
        )

    return make


__all__ = ["Api"]
