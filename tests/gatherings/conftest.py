"""Three members most gatherings tests need, and the API client fixtures of tests/api
for the gatherings' API tests."""

import pytest

from tests.api.conftest import anonymous, api_as  # noqa: F401


@pytest.fixture
def ana(make_member):
    return make_member("Ana Ruiz", email="ana@example.org")


@pytest.fixture
def ben(make_member):
    return make_member("Ben Okafor", email="ben@example.org")


@pytest.fixture
def cy(make_member):
    return make_member("Cy Tran", email="cy@example.org")
