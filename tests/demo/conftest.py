"""Fixtures for the demo community."""

from __future__ import annotations

import pytest

from rapport.demo.seed import SeedResult, demo_community_seed


@pytest.fixture
def community(db) -> SeedResult:
    return demo_community_seed()
