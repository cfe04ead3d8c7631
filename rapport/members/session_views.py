"""The Account page's "Where you're signed in": every browser signed in to the
account, with a "Sign out" button for each other one and "Sign out everywhere else".

Listed from ``sessions_of`` in one query; each session named by its public id, never
its key. Neither button asks for the password: docs/security.md ("Where you're signed
in") weighs it. A member who lost a phone may not have their password to hand (it was
in the phone's password manager), and a thief holding a session gains nothing by
signing the owner's other devices out: the owner signs in again, with the password the
thief does not have, and signs the thief out, for good once the password is changed.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import logout

from rapport.members.forms import SessionEndForm, SessionsEndOthersForm
from rapport.members.selectors import sessions_of
from rapport.members.services import member_session_end, member_sessions_end_others
from rapport.members.sessions import session_public_id
from rapport.members.two_step_views import AccountChange
from rapport.typed_requests import MemberRequest


def session_end(request: MemberRequest, data: dict[str, Any]) -> str:
    """Sign out one session; the page shows a button for every session but this one,
    and ending this one anyway (a hand-made form) signs this browser out."""
    member = request.user
    this_one = request.session.session_key
    member_session_end(member=member, session_id=data["session"])
    if this_one and data["session"] == session_public_id(this_one):
        logout(request)
        return "You are signed out."
    return "Signed out: that device needs your password to sign in again."


def sessions_end_others(request: MemberRequest, data: dict[str, Any]) -> str:
    ended = member_sessions_end_others(
        member=request.user, keep_session_key=request.session.session_key
    )
    if not ended:
        return "You were signed in nowhere else."
    devices = "device is" if ended == 1 else "devices are"
    return (
        f"Signed out everywhere else: {ended} other {devices} signed out. You are still "
        "signed in here; your API tokens still work."
    )


# The Account page's forms for sessions, by the hidden ``form`` field each sends, as
# ``account_views`` lists its own: the form, its id prefix, and the change.
SESSION_CHANGES: dict[str, tuple[type[forms.Form], str, AccountChange]] = {
    "session_end": (SessionEndForm, "id_session_end_%s", session_end),
    "sessions_end_others": (
        SessionsEndOthersForm,
        "id_sessions_end_others_%s",
        sessions_end_others,
    ),
}


def sessions_context(request: MemberRequest, *, bound: dict[str, forms.Form]) -> dict[str, Any]:
    """What the page shows of its member's sessions, in one query: this browser's
    first, then the most recently active; and the errors of a button sent back (a
    session that ended meanwhile), shown above the list."""
    sessions = sessions_of(member=request.user, current_key=request.session.session_key)
    errors = [
        error
        for name in SESSION_CHANGES
        if name in bound
        for field_errors in bound[name].errors.values()
        for error in field_errors
    ]
    return {
        "sessions": sessions,
        "other_sessions": sum(1 for session in sessions if not session.current),
        "sessions_errors": errors,
    }
