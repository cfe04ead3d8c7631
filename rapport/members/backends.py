"""Signing in, and the signed-in member on every request without a query of its own.

``MemberBackend`` is Django's ``ModelBackend`` (same password check, same rules for
inactive members, same permissions) except for ``get_user``, which runs on every
signed-in request: the member was read in the same query as the session
(``members.sessions``), so Django's ``get_user`` gets that member, and still checks the
session against the member's password (the session auth hash) after this. A member
asked for without such a session (a session of another store, a test's direct call) is
read with one prepared query (``members.member_sql``).

Settings list this backend first and ``ModelBackend`` second, only so that sessions
signed in before it existed (which name ``ModelBackend``) stay valid. A failed
sign-in stops here (``PermissionDenied``): ``ModelBackend`` would only repeat the same
password check, and a wrong password must not cost two Argon2 hashes.

A username is found whatever its case, as the database keeps usernames unique
whatever their case: a phone that capitalised "Mobileuser" at sign-up must not lock
out the member who types "mobileuser" (the throttle counts both as one username,
``safety.throttle``).
"""

from __future__ import annotations

import functools
from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import HttpRequest

from rapport.members.member_sql import MEMBER_PK_COLUMN, member_columns, member_from_values
from rapport.members.models import Member
from rapport.members.selectors import member_by_username
from rapport.members.sessions import member_read_with_session
from rapport.sql import rows


@functools.cache
def _sql() -> str:
    quote = connection.ops.quote_name
    table = quote(Member._meta.db_table)
    return (
        f"SELECT {member_columns('m')} FROM {table} m "  # noqa: S608
        f"WHERE m.{quote(MEMBER_PK_COLUMN)} = %s"
    )


def member_by_id(member_id: int) -> Member | None:
    """The member with this id, as ``Member.objects.get(pk=...)`` would load them, with
    their home-page version as ``home_version``."""
    found = rows(_sql(), [member_id])
    return member_from_values(found[0]) if found else None


class MemberBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Member:
        # ModelBackend's checks, with the username found whatever its case.
        if username is None:
            username = kwargs.get(Member.USERNAME_FIELD)
        if username is None or password is None:
            raise PermissionDenied  # authenticate() then fails at once (see above)
        member = member_by_username(username)
        if member is None:
            # As long as a wrong password takes, so that the time does not tell
            # which usernames exist.
            Member().set_password(password)
            raise PermissionDenied
        if not (member.check_password(password) and self.user_can_authenticate(member)):
            raise PermissionDenied
        return member

    def get_user(self, user_id: int) -> Member | None:
        member = member_read_with_session(user_id)
        if member is None:
            member = member_by_id(user_id)
        return member if member is not None and self.user_can_authenticate(member) else None
