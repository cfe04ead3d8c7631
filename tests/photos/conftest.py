"""Members with and without photos, and the clients that look at them."""

from __future__ import annotations

import pytest

from rapport.photos.services import photo_set
from tests.api.conftest import anonymous, api_as  # noqa: F401
from tests.photos.images import png
from tests.web.conftest import signed_in  # noqa: F401


@pytest.fixture
def with_photo():
    """``with_photo(member)``: give them a photo (a fresh picture each call); its hash."""
    sizes = iter(range(100, 400))

    def give(member) -> str:
        side = next(sizes)
        return photo_set(member=member, data=png(side, side)).content_hash

    return give
