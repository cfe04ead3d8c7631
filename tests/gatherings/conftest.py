"""The API client fixtures of tests/api, for the gatherings' API tests."""

from tests.api.conftest import anonymous, api_as  # noqa: F401
