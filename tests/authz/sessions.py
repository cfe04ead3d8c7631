"""Who may see and end sessions: the Account page's "Where you're signed in" buttons
and `/api/me/sessions`.

Every member acts on their own sessions only. Ana is also signed in on her phone; its
public id is the only id in these rows. Anyone else who sends it is told there is no
such session (404), as for an id that never was, and her phone stays signed in
(tests/members/test_sessions.py). "Sign out everywhere else" takes no id: each member
signs out their own other sessions.
"""

from __future__ import annotations

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

from rapport.members.sessions import SessionStore, session_public_id, sign_in_record
from tests.authz.core import Cell, Scenario, api, members_only, owner_only, page

PHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) Version/17.4 Safari/604.1"


def arrange(s: Scenario) -> None:
    """Ana is signed in on her phone too."""
    store = SessionStore()
    store[SESSION_KEY] = str(s.owner.pk)
    store[BACKEND_SESSION_KEY] = "rapport.members.backends.MemberBackend"
    store[HASH_SESSION_KEY] = s.owner.get_session_auth_hash()
    sign_in_record(store, user_agent=PHONE)
    store.create()
    s.extra["phone_session"] = session_public_id(store.session_key)


def _phone(s: Scenario) -> dict[str, str]:
    return {"form": "session_end", "session": s.extra["phone_session"]}


PAGES: dict[str, Cell] = {
    # Only Ana can end her phone's session; the form sends her back to the page.
    "account_settings#session_end": Cell(
        "POST", page("account_settings"), owner_only(302), body=_phone
    ),
    "account_settings#sessions_end_others": Cell(
        "POST",
        page("account_settings"),
        members_only(302),
        body=lambda s: {"form": "sessions_end_others"},
    ),
}

OPERATIONS: dict[tuple[str, str], Cell] = {
    # Each member lists their own sessions: no id to try.
    ("GET", "/api/me/sessions"): Cell("GET", api("/me/sessions"), members_only(200, anonymous=401)),
    ("DELETE", "/api/me/sessions/{id}"): Cell(
        "DELETE",
        api("/me/sessions/{s.extra[phone_session]}"),
        owner_only(204, anonymous=401),
    ),
    ("POST", "/api/me/sessions/sign-out-others"): Cell(
        "POST", api("/me/sessions/sign-out-others"), members_only(200, anonymous=401)
    ),
}
# Operations that need no credentials at all.
ANONYMOUS: set[tuple[str, str]] = set()
