"""The JSON API client fixtures of tests/api, for these tests too."""

from tests.api.conftest import anonymous, api_as  # noqa: F401
