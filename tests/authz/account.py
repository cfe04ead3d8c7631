"""Who may open the account pages and call the account operations.

The Account page and its operations act on the signed-in member's own account only:
there is no id in them to try. The "forgot your password?" pages are for someone
who cannot sign in, so they open for everyone; a reset link that is not one shows
"this link no longer works" to everyone alike. A link confirming a new address is
opened signed in as its account: anyone else signed in is told it is for another
account, and it changes nothing (tests/members/test_account_settings.py).
"""

from __future__ import annotations

from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tests.authz.core import Cell, Scenario, api, everyone, members_only, page
from tests.conftest import PASSWORD


def arrange(s: Scenario) -> None:
    """Nothing to add: every member of the scenario has an account and a password."""


PAGES: dict[str, Cell] = {
    "account_settings": Cell("GET", page("account_settings"), members_only(200)),
    "password_reset": Cell("GET", page("password_reset"), everyone(200)),
    "password_reset_sent": Cell("GET", page("password_reset_sent"), everyone(200)),
    "password_reset_complete": Cell("GET", page("password_reset_complete"), everyone(200)),
    # Ana's id with a made-up token: the page that says the link no longer works.
    "password_reset_confirm": Cell(
        "GET",
        page(
            "password_reset_confirm",
            uidb64=lambda s: urlsafe_base64_encode(force_bytes(s.owner.pk)),
            token=lambda s: "not-a-token",
        ),
        everyone(200),
    ),
    # Ana's id with a made-up token: "no longer works" for her, "another account" for
    # other members; signing in first for a visitor.
    "email_confirm": Cell(
        "GET",
        page(
            "email_confirm",
            uidb64=lambda s: urlsafe_base64_encode(force_bytes(s.owner.pk)),
            token=lambda s: "not-a-token",
        ),
        members_only(200),
    ),
}

OPERATIONS: dict[tuple[str, str], Cell] = {
    # Each member changes only their own password and address, knowing their password;
    # a new address waits for confirmation (202).
    ("POST", "/api/me/password"): Cell(
        "POST",
        api("/me/password"),
        members_only(204, anonymous=401),
        body=lambda s: {
            "current_password": PASSWORD,
            "new_password": "a fresh and unusual passphrase",
        },
    ),
    ("POST", "/api/me/email"): Cell(
        "POST",
        api("/me/email"),
        members_only(202, anonymous=401),
        body=lambda s: {"email": "new.address@example.org", "current_password": PASSWORD},
    ),
}
# Operations that need no credentials at all.
ANONYMOUS: set[tuple[str, str]] = set()
