"""The API's and the pages' clients, for the conversation tests that use both."""

from __future__ import annotations

from tests.api.conftest import api_as  # noqa: F401  (the fixture)
from tests.web.conftest import signed_in  # noqa: F401  (the fixture)
