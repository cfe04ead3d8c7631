"""Who may open the weekly digest's unsubscribe link.

It needs no login, since its signed token is the credential: whoever holds Ana's
digest may open it (it asks, and its button only turns her digest off), signed in as
anyone or not at all. A token signed for notification mail is no digest link, for
everyone (tests/keeper/test_digest_unsubscribe.py forges more).
"""

from __future__ import annotations

from rapport.keeper.digest import UNSUBSCRIBE_SALT
from rapport.notifications.unsubscribe import unsubscribe_token
from tests.authz.core import Cell, Scenario, everyone, page


def arrange(s: Scenario) -> None:
    """The unsubscribe token of Ana's digest, and of her notification mail."""
    s.extra["digest_token"] = unsubscribe_token(s.owner, salt=UNSUBSCRIBE_SALT)
    s.extra["digest_notification_token"] = unsubscribe_token(s.owner)


PAGES: dict[str, Cell] = {
    "keeper_digest_unsubscribe": Cell(
        "GET",
        page("keeper_digest_unsubscribe", token=lambda s: s.extra["digest_token"]),
        everyone(200),
    ),
    "keeper_digest_unsubscribe#notification_token": Cell(
        "GET",
        page("keeper_digest_unsubscribe", token=lambda s: s.extra["digest_notification_token"]),
        everyone(404),
    ),
}

OPERATIONS: dict[tuple[str, str], Cell] = {}
# Operations that need no credentials at all.
ANONYMOUS: set[tuple[str, str]] = set()
