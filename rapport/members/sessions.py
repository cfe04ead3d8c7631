"""Sessions in the database, each read with its member in one prepared query.

``SESSION_ENGINE`` is this module. Sessions stay server-side and revocable, in
``members.MemberSession``: Django's session table plus the id of the member the
session is signed in as, written whenever the session is saved. That column lets the
first query of every signed-in request read the session and its member together
(through ``rapport.sql.rows``, planned once per connection on PostgreSQL), where
Django's store and ``ModelBackend`` take a query each; the member is then handed to
Django's own ``get_user`` by ``MemberBackend``, which still checks the session against
the member's password. Loading follows Django's rule: an unknown or expired key gives
an empty session and forgets the key, so a new one is made if the session is saved.
Writing (``create``, ``save``, ``delete``, ``clear_expired``) is Django's.

The member read with a session belongs to that session's request only: the
middleware below makes the request's store the one ``member_read_with_session`` asks,
and forgets it when the request is done.
"""

from __future__ import annotations

import functools
from contextvars import ContextVar

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends import db
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware
from django.db import connection
from django.utils import timezone

from rapport.members.member_sql import member_columns, member_from_values
from rapport.members.models import Member, MemberSession
from rapport.sql import rows

_this_request: ContextVar[SessionStore | None] = ContextVar("rapport_session", default=None)


@functools.cache
def _sql() -> str:
    quote = connection.ops.quote_name
    return (
        f"SELECT s.{quote('session_data')}, {member_columns('m')} "  # noqa: S608
        f"FROM {quote(MemberSession._meta.db_table)} s "
        f"LEFT JOIN {quote(Member._meta.db_table)} m "
        f"ON m.{quote(Member._meta.pk.column)} = s.{quote('member_id')} "
        f"WHERE s.{quote('session_key')} = %s AND s.{quote('expire_date')} > %s"
    )


class SessionStore(db.SessionStore):
    """Django's database session store, on ``MemberSession``, loading the member too."""

    member: Member | None = None  # read with the session by ``load``

    @classmethod
    def get_model_class(cls) -> type[MemberSession]:
        return MemberSession

    def create_model_instance(self, data: dict) -> MemberSession:
        row = super().create_model_instance(data)
        member_id = data.get(SESSION_KEY)
        row.member_id = int(member_id) if member_id is not None else None
        return row

    def load(self) -> dict:
        found = rows(_sql(), [self.session_key, timezone.now()])
        if not found:
            # As Django's store: the key is forgotten, saving would make a new one.
            self._session_key = None
            self.member = None
            return {}
        session_data, *member = found[0]
        self.member = member_from_values(member)
        return self.decode(session_data)


def member_read_with_session(member_id: int | str) -> Member | None:
    """The member this request's session was read with, if it is ``member_id``."""
    store = _this_request.get()
    member = getattr(store, "member", None)
    if member is None or str(member.pk) != str(member_id):
        return None
    return member


class SessionMiddleware(DjangoSessionMiddleware):
    """Django's session middleware; while a request runs, its session store is the one
    ``member_read_with_session`` answers from."""

    def __call__(self, request):
        self.process_request(request)
        token = _this_request.set(request.session)
        try:
            response = self.get_response(request)
        finally:
            _this_request.reset(token)
        return self.process_response(request, response)
