"""Reading the session of every signed-in request with one prepared query.

Every signed-in page reads its session first. Through the ORM, building that one
``SELECT`` cost more than running it (docs/benchmarks.md, "Load"); here it is plain SQL
through ``rapport.sql.rows``, which PostgreSQL plans once per connection.

Nothing else changes: sessions stay in the database table Django's ``db`` engine
uses, so they stay server-side and revocable (logging out, a password change, an
account deletion and ``clearsessions`` all work on the same rows). Only ``load`` is
replaced, with the same rule: an unknown or expired key gives an empty session and
forgets the key, so a new one is made if the session is saved. Writing (``create``,
``save``, ``delete``) is Django's.

``SESSION_ENGINE`` stays ``django.contrib.sessions.backends.db``, so code that reads it
to know where sessions live (an account deletion ends the member's sessions) still
sees the truth; ``SessionMiddleware`` below is what gives requests this store.
"""

from __future__ import annotations

import functools

from django.conf import settings
from django.contrib.sessions.backends import db
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware
from django.db import connection
from django.utils import timezone

from rapport.sql import rows

DB_ENGINE = "django.contrib.sessions.backends.db"


@functools.cache
def _sql() -> str:
    from django.contrib.sessions.models import Session

    quote = connection.ops.quote_name
    return (
        f"SELECT {quote('session_data')} FROM {quote(Session._meta.db_table)} "  # noqa: S608
        f"WHERE {quote('session_key')} = %s AND {quote('expire_date')} > %s"
    )


class SessionStore(db.SessionStore):
    """Django's database session store, loading with one prepared query."""

    def load(self) -> dict:
        found = rows(_sql(), [self.session_key, timezone.now()])
        if not found:
            # As Django's store: the key is forgotten, saving would make a new one.
            self._session_key = None
            return {}
        return self.decode(found[0][0])


class SessionMiddleware(DjangoSessionMiddleware):
    """Django's session middleware, giving requests the store above when sessions live
    in the database (``SESSION_ENGINE`` is Django's ``db``); any other engine as is."""

    def __init__(self, get_response) -> None:
        super().__init__(get_response)
        if settings.SESSION_ENGINE == DB_ENGINE:
            self.SessionStore = SessionStore
