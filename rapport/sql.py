"""Plain SQL for the hottest reads (and a read mark's write), planned once per
connection on PostgreSQL.

Django sends a query's values inside its text, so PostgreSQL plans every query anew;
for the home page's one query, planning took twice as long as running it
(docs/benchmarks.md, "Load"). ``rows`` sends the values apart instead (server-side
binding) and has psycopg prepare the statement, once per connection, so PostgreSQL
reuses the plan; ``write`` runs a statement that returns no rows the same way. The
cursor is still wrapped by Django: errors are translated and queries logged and
wrapped as for any other.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.utils import CursorDebugWrapper, CursorWrapper

NEVER_BY_ITSELF = 2**31 - 1


def rows(sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    """All rows of ``sql`` with ``params`` (``%s`` placeholders), on the default database."""
    with _cursor() as cursor:
        cursor.execute(sql, params)
        found: list[tuple[Any, ...]] = cursor.fetchall()
        return found


def write(sql: str, params: Sequence[Any]) -> int:
    """Run the statement ``sql``, which returns no rows; how many rows it wrote."""
    with _cursor() as cursor:
        cursor.execute(sql, params)
        written: int = cursor.rowcount
        return written


@contextlib.contextmanager
def _cursor() -> Iterator[CursorWrapper]:
    conn = connections[DEFAULT_DB_ALIAS]  # once: each ``connection.x`` looks it up again
    if conn.vendor != "postgresql":
        with conn.cursor() as cursor:
            yield cursor
        return
    # As Django's own ``cursor()``: a connection kept from an earlier request is checked
    # first (CONN_HEALTH_CHECKS). This is often a request's first query (the session).
    conn.close_if_health_check_failed()
    conn.ensure_connection()
    conn.validate_thread_sharing()
    raw_connection = conn.connection
    if raw_connection.prepare_threshold is None:
        # Django turns psycopg's preparing off; with a threshold no query reaches, only
        # the statements asked to be prepared (ours) are.
        raw_connection.prepare_threshold = NEVER_BY_ITSELF
    with conn.wrap_database_errors:
        raw = _preparing_cursor()(raw_connection)
    cursor = _LoggedCursor(raw, conn) if conn.queries_logged else conn.make_cursor(raw)
    with cursor:
        yield cursor


class _LoggedCursor(CursorDebugWrapper):
    """Django's debug cursor (DEBUG, or a test counting queries), recording the query's
    text as Django does for server-side binding: psycopg keeps no text of a run of a
    prepared statement, so Django's own lookup would record ``None``."""

    def execute(self, sql: Any, params: Any = None) -> Any:
        with self.debug_sql(self.db.ops.compose_sql(sql, params), params):
            return CursorWrapper.execute(self, sql, params)


_cursor_class: type | None = None


def _preparing_cursor() -> type:
    """Django's server-binding psycopg cursor, told to prepare every statement it runs."""
    global _cursor_class
    if _cursor_class is None:
        from django.db.backends.postgresql.base import ServerBindingCursor

        class PreparingCursor(ServerBindingCursor):
            def execute(
                self, query: Any, params: Any = None, *, prepare: Any = None, binary: Any = None
            ) -> Any:
                # django-stubs declares this psycopg cursor class without psycopg's methods
                return super().execute(query, params, prepare=True, binary=binary)  # type: ignore[misc]

        _cursor_class = PreparingCursor
    return _cursor_class
