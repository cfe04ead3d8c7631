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

"Where you're signed in" (the Account page, ``GET /api/me/sessions``) reads three more
columns. ``signed_in_at`` and ``device`` are written at sign-in into the session's own
data (``sign_in_record``, on Django's ``user_logged_in``) and copied to their columns
at every save, as the member's id is, so Django's save, which writes every column,
keeps them. ``last_active`` costs the hot path nothing: the session's one query reads
it along, every save that happens anyway sets it, and otherwise the middleware writes
it with one UPDATE of one row by its key, only when it is older than
``LAST_ACTIVE_EVERY``: at most one write per session per 15 minutes, none on the
requests between (tests/members/test_sessions.py counts them). Each session is
named to its member by ``session_public_id``, never by its key.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from contextvars import ContextVar
from typing import Any, cast

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends import db
from django.contrib.sessions.backends.base import SessionBase
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware
from django.db import connection
from django.http import HttpRequest, HttpResponseBase
from django.utils import timezone

from rapport.members.devices import device_name
from rapport.members.member_sql import MEMBER_PK_COLUMN, member_columns, member_from_values
from rapport.members.models import Member, MemberSession
from rapport.sql import rows

_this_request: ContextVar[SessionBase | None] = ContextVar("rapport_session", default=None)

# "Last active" is told to within this: a session used all day is written to once
# every 15 minutes at most, not on every request.
LAST_ACTIVE_EVERY = dt.timedelta(minutes=15)
# Where a session's sign-in is kept in its data (and copied to columns at each save).
SIGNED_IN_AT = "_rapport_signed_in_at"
DEVICE = "_rapport_device"
# Hex digits of a session's public id: 64 bits, enough that no two sessions of one
# member share one, and a one-way hash, so the id tells nothing of the key.
PUBLIC_ID_LENGTH = 16


@functools.cache
def _sql() -> str:
    quote = connection.ops.quote_name
    return (
        f"SELECT s.{quote('session_data')}, s.{quote('last_active')}, "  # noqa: S608
        f"{member_columns('m')} "
        f"FROM {quote(MemberSession._meta.db_table)} s "
        f"LEFT JOIN {quote(Member._meta.db_table)} m "
        f"ON m.{quote(MEMBER_PK_COLUMN)} = s.{quote('member_id')} "
        f"WHERE s.{quote('session_key')} = %s AND s.{quote('expire_date')} > %s"
    )


class SessionStore(db.SessionStore[MemberSession]):
    """Django's database session store, on ``MemberSession``, loading the member too."""

    member: Member | None = None  # read with the session by ``load``
    last_active: dt.datetime | None = None  # read by ``load``, set by each save

    @classmethod
    def get_model_class(cls) -> type[MemberSession]:
        return MemberSession

    def create_model_instance(self, data: dict[str, Any]) -> MemberSession:
        row = super().create_model_instance(data)
        member_id = data.get(SESSION_KEY)
        row.member_id = int(member_id) if member_id is not None else None
        signed_in_at = data.get(SIGNED_IN_AT)
        row.signed_in_at = dt.datetime.fromisoformat(signed_in_at) if signed_in_at else None
        row.device = data.get(DEVICE, "")
        # A save is a use: it moves "last active" for free.
        row.last_active = self.last_active = timezone.now()
        return row

    def load(self) -> dict[str, Any]:
        found = rows(_sql(), [self.session_key, timezone.now()])
        if not found:
            # As Django's store: the key is forgotten, saving would make a new one.
            self._session_key = None
            self.member = None
            return {}
        session_data, last_active, *member = found[0]
        self.member = member_from_values(member)
        self.last_active = _aware(last_active)
        return self.decode(session_data)

    def last_active_touch(self, *, now: dt.datetime | None = None) -> bool:
        """Write "last active" for a signed-in session whose time is older than
        ``LAST_ACTIVE_EVERY``, with one UPDATE of its row by key; nothing otherwise,
        which is on almost every request. True when it wrote."""
        if self.member is None or self.session_key is None:
            return False
        now = now or timezone.now()
        if self.last_active is not None and now - self.last_active < LAST_ACTIVE_EVERY:
            return False
        MemberSession.objects.filter(session_key=self.session_key).update(last_active=now)
        self.last_active = now
        return True


@functools.cache
def _last_active_converters() -> tuple[Any, tuple[Any, ...]]:
    column = MemberSession._meta.get_field("last_active").get_col(MemberSession._meta.db_table)
    return column, tuple(
        connection.ops.get_db_converters(column) + column.get_db_converters(connection)
    )


def _aware(value: object) -> dt.datetime | None:
    """The time read by plain SQL, as the ORM would give it (SQLite's is naive)."""
    column, converters = _last_active_converters()
    for convert in converters:
        value = convert(value, column, connection)
    # The converters of a DateTimeField give what the ORM would: a datetime, or None.
    return cast("dt.datetime | None", value)


def session_public_id(session_key: str) -> str:
    """What a member (and the API) calls one of their sessions: a prefix of the key's
    SHA-256. The key itself is the session: whoever reads it can be signed in with it,
    so it is never shown, not even to its own member."""
    return hashlib.sha256(session_key.encode()).hexdigest()[:PUBLIC_ID_LENGTH]


def sign_in_record(
    session: SessionBase, *, user_agent: str, now: dt.datetime | None = None
) -> None:
    """Remember in ``session``'s data when it was signed in and from what device, for
    "Where you're signed in". No address: not the full one, not a part of it."""
    session[SIGNED_IN_AT] = (now or timezone.now()).isoformat()
    session[DEVICE] = device_name(user_agent)


def sign_in_recorded(sender: Any, request: HttpRequest | None, **kwargs: Any) -> None:
    """Django's ``user_logged_in``: every sign-in (the log-in page, its second step,
    sign-up, the admin's log-in, a test client's ``login``) is recorded the same way."""
    session = getattr(request, "session", None)
    if request is not None and session is not None:
        sign_in_record(session, user_agent=request.META.get("HTTP_USER_AGENT", ""))


def member_read_with_session(member_id: int | str) -> Member | None:
    """The member this request's session was read with, if it is ``member_id``."""
    store = _this_request.get()
    # A store of another engine (a test's, say) read no member.
    member = store.member if isinstance(store, SessionStore) else None
    if member is None or str(member.pk) != str(member_id):
        return None
    return member


class SessionMiddleware(DjangoSessionMiddleware):
    """Django's session middleware; while a request runs, its session store is the one
    ``member_read_with_session`` answers from, and when it is done, a signed-in
    session's "last active" is written if it is older than ``LAST_ACTIVE_EVERY``."""

    # Synchronous only, as ``__call__`` below is (and as ``time_zones``' middleware
    # is): whatever the server, Django hands it a ``get_response`` that answers at once.
    sync_capable = True
    async_capable = False

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        self.process_request(request)
        token = _this_request.set(request.session)
        try:
            response = self.get_response(request)
        finally:
            _this_request.reset(token)
        assert isinstance(response, HttpResponseBase)  # never an awaitable: see above
        response = self.process_response(request, response)  # type: ignore[arg-type]  # django-stubs says HttpResponse; Django's takes any response
        # After Django's save, if there was one: that save set "last active" already.
        store = getattr(request, "session", None)
        if isinstance(store, SessionStore):
            store.last_active_touch()
        return response
