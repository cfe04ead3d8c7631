"""Who may upload, remove and see profile photos.

A member uploads and removes only their own: there is no id in those to try. A photo
is seen by whoever may open its member's profile: every signed-in member (but one the
owner blocked: tests/photos/test_privacy.py), never a visitor who is not signed in,
who gets 404 as for an address that never was.
"""

from __future__ import annotations

from rapport.photos.services import photo_set
from tests.authz.core import OWNER_ID, Cell, Scenario, api, members_only, page
from tests.photos.images import png

PHOTO = {**OWNER_ID, "digest": lambda s: s.extra["photo_hash"]}
SEEN_BY_MEMBERS = {"anonymous": 404, "stranger": 200, "connected": 200, "owner": 200}


def arrange(s: Scenario) -> None:
    """Ana has a photo."""
    s.extra["photo_hash"] = photo_set(member=s.owner, data=png(120, 120)).content_hash


PAGES: dict[str, Cell] = {
    # A form without a file: "Choose a photo" beside the field, for every member alike.
    "profile_photo": Cell("POST", page("profile_photo"), members_only(422)),
    # Each removes their own (having one or not), back to their profile page.
    "profile_photo_remove": Cell("POST", page("profile_photo_remove"), members_only(302)),
    "member_photo": Cell("GET", page("member_photo", **PHOTO), SEEN_BY_MEMBERS),
    "member_photo_small": Cell("GET", page("member_photo_small", **PHOTO), SEEN_BY_MEMBERS),
}

OPERATIONS: dict[tuple[str, str], Cell] = {
    # The matrix sends "{}", which is not an image: 422 for every member, on their own.
    ("PUT", "/api/me/photo"): Cell("PUT", api("/me/photo"), members_only(422, anonymous=401)),
    ("DELETE", "/api/me/photo"): Cell("DELETE", api("/me/photo"), members_only(204, anonymous=401)),
}
# Operations that need no credentials at all.
ANONYMOUS: set[tuple[str, str]] = set()
