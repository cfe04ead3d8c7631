"""The JSON API client fixtures of tests/api, and the SQLite race set-up of
tests/races.py, for these tests too."""

from tests.api.conftest import anonymous, api_as  # noqa: F401
from tests.races import sqlite_on_file  # noqa: F401
