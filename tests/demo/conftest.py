"""Fixtures for the demo community."""

from __future__ import annotations

import copy
from collections.abc import Iterator

import pytest

from rapport.demo.seed import SeedResult, demo_community_seed
from tests.conftest import built_once


@pytest.fixture(scope="module")
def community_rows(django_db_setup, django_db_blocker) -> Iterator[SeedResult]:
    """Seeded once per module (seconds each time), every test on top of it in a savepoint
    of its own. Every database test of a module that uses ``community`` sees it, so tests
    that need an empty instance live in modules of their own (test_seed_alone.py)."""
    yield from built_once(django_db_blocker, demo_community_seed)


@pytest.fixture
def community(community_rows, db) -> SeedResult:
    return copy.deepcopy(community_rows)
