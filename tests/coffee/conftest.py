"""The API client fixtures of tests/api, for the coffee rounds' API tests."""

from tests.api.conftest import anonymous, api_as  # noqa: F401
