"""What the API may show about a member, and the keys it must never show."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

# A public profile: what any member may read about any other.
MEMBER_KEYS = {
    "id",
    "username",
    "name",
    "headline",
    "organisation",
    "location",
    "bio",
    "interests",
    "can_help_with",
    "looking_for",
    # Their photo's two addresses, or null: seen by whoever may see the profile.
    "photo_url",
    "photo_small_url",
}
# What every member the API shows carries when they have no photo (or blocked you).
NO_PHOTO = {"photo_url": None, "photo_small_url": None}
# A member's time zone is theirs alone: only their own /api/me shows it.
FORBIDDEN_KEYS = {"email", "password", "is_staff", "is_superuser", "last_login", "time_zone"}


def all_keys(data: Any) -> Iterator[str]:
    """Every key anywhere in a JSON document."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield key
            yield from all_keys(value)
    elif isinstance(data, list):
        for item in data:
            yield from all_keys(item)


def assert_no_private_keys(data: Any) -> None:
    """No email, password or staff flag, and no count of anything, anywhere in ``data``."""
    keys = set(all_keys(data))
    assert not keys & FORBIDDEN_KEYS, keys & FORBIDDEN_KEYS
    assert not [key for key in keys if "count" in key], keys
