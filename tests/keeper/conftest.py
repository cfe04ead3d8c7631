"""The API client fixture of tests/api, for the keeper's tests (test_api.py has its own)."""

from tests.api.conftest import api_as  # noqa: F401
