"""Who may open the account pages and call the account operations.

The Account page and its operations act on the signed-in member's own account only:
there is no id in them to try. The "forgot your password?" pages are for someone
who cannot sign in, so they open for everyone; a reset link that is not one shows
"this link no longer works" to everyone alike. A link confirming a new address is
opened signed in as its account: anyone else signed in is told it is for another
account, and it changes nothing (tests/members/test_account_settings.py).

Two-step sign-in is set up, renewed and turned off through the Account page's forms,
one row each: every member acts on their own account, which has no id to try. Ana is
setting it up (a key not yet confirmed); nobody has it on. The second step of logging
in is for a visitor whose password was just checked (tests/members/test_two_step.py):
anyone else is sent back to log in, a signed-in member home.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from rapport.members.services import member_two_step_begin
from rapport.members.two_step_codes import code_at, time_step
from tests.authz.core import Cell, Scenario, api, everyone, members_only, page
from tests.conftest import PASSWORD


def arrange(s: Scenario) -> None:
    """Every member of the scenario has an account and a password; Ana has begun
    setting up two-step sign-in."""
    s.extra["two_step_key"] = member_two_step_begin(member=s.owner).secret


def _wrong_code(s: Scenario) -> str:
    """A code that is not Ana's key's, now nor in the next minute: her confirmation is
    refused (422) whenever the cell runs."""
    key = s.extra["two_step_key"]
    now = time_step(timezone.now())
    right = {code_at(key, step) for step in range(now - 1, now + 3)}
    return next(f"{n:06d}" for n in range(10) if f"{n:06d}" not in right)


def _account_form(form: str, **fields: object):
    return lambda s: {"form": form, **fields}


def _with_codes(form: str):
    return lambda s: {"form": form, "code": _wrong_code(s), "current_password": PASSWORD}


PAGES: dict[str, Cell] = {
    "account_settings": Cell("GET", page("account_settings"), members_only(200)),
    # Each member sets up their own; starting again replaces Ana's key.
    "account_settings#two_step_begin": Cell(
        "POST",
        page("account_settings"),
        members_only(302),
        body=_account_form("two_step_begin", action="begin"),
    ),
    "account_settings#two_step_cancel": Cell(
        "POST",
        page("account_settings"),
        members_only(302),
        body=_account_form("two_step_begin", action="cancel"),
    ),
    # Only Ana has a key to confirm (a wrong code: 422); the others have none (409).
    "account_settings#two_step_confirm": Cell(
        "POST",
        page("account_settings"),
        {"anonymous": 302, "stranger": 409, "connected": 409, "owner": 422},
        body=_with_codes("two_step_confirm"),
    ),
    # Nobody has it on: nothing to renew or turn off, for anyone.
    "account_settings#recovery_codes": Cell(
        "POST", page("account_settings"), members_only(409), body=_with_codes("recovery_codes")
    ),
    "account_settings#two_step_off": Cell(
        "POST", page("account_settings"), members_only(409), body=_with_codes("two_step_off")
    ),
    # Without a password checked moments ago: back to log in, or home when signed in.
    "login_two_step": Cell("GET", page("login_two_step"), everyone(302)),
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
    # Whether one's own account signs in in two steps: never a key, never anyone else's.
    ("GET", "/api/me/two-step"): Cell("GET", api("/me/two-step"), members_only(200, anonymous=401)),
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
