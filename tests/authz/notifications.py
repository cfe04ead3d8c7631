"""Who may open the notification pages and call the notification operations.

The settings page and its operations act on the signed-in member's own choice: there
is no id in them to try. The unsubscribe link needs no login, since its signed token is
the credential: whoever holds Ana's mail may open it (it asks, and its button only
turns her notification mail off); a token that is not one is 404 for everyone
(tests/notifications/test_pages.py forges a few).
"""

from __future__ import annotations

from rapport.notifications.unsubscribe import unsubscribe_token
from tests.authz.core import Cell, Scenario, api, everyone, members_only, page


def arrange(s: Scenario) -> None:
    """The unsubscribe token of Ana's mails."""
    s.extra["notifications_token"] = unsubscribe_token(s.owner)


PAGES: dict[str, Cell] = {
    "notification_settings": Cell("GET", page("notification_settings"), members_only(200)),
    "notifications_unsubscribe": Cell(
        "GET",
        page("notifications_unsubscribe", token=lambda s: s.extra["notifications_token"]),
        everyone(200),
    ),
}

OPERATIONS: dict[tuple[str, str], Cell] = {
    ("GET", "/api/me/notifications"): Cell(
        "GET", api("/me/notifications"), members_only(200, anonymous=401)
    ),
    ("PATCH", "/api/me/notifications"): Cell(
        "PATCH",
        api("/me/notifications"),
        members_only(200, anonymous=401),
        body=lambda s: {"frequency": "daily"},
    ),
}
# Operations that need no credentials at all.
ANONYMOUS: set[tuple[str, str]] = set()
