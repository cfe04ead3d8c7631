"""Plain SQL for the hottest reads, planned once per connection on PostgreSQL.

Django sends a query's values inside its text, so PostgreSQL plans every query anew;
for the home page's one query, planning took twice as long as running it
(docs/benchmarks.md, "Load"). ``rows`` sends the values apart instead (server-side
binding) and has psycopg prepare the statement, once per connection, so PostgreSQL
reuses the plan. The cursor is still wrapped by Django: errors are translated and
queries logged and wrapped as for any other.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection

NEVER_BY_ITSELF = 2**31 - 1


def rows(sql: str, params: Sequence[object]) -> list[tuple]:
    """All rows of ``sql`` with ``params`` (``%s`` placeholders), on the default database."""
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()
    connection.ensure_connection()
    connection.validate_thread_sharing()
    if connection.connection.prepare_threshold is None:
        # Django turns psycopg's preparing off; with a threshold no query reaches, only
        # the statements asked to be prepared (ours) are.
        connection.connection.prepare_threshold = NEVER_BY_ITSELF
    with connection.wrap_database_errors:
        raw = _preparing_cursor()(connection.connection)
    cursor = (
        connection.make_debug_cursor(raw)
        if connection.queries_logged
        else connection.make_cursor(raw)
    )
    with cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


_cursor_class: type | None = None


def _preparing_cursor() -> type:
    """Django's server-binding psycopg cursor, told to prepare every statement it runs."""
    global _cursor_class
    if _cursor_class is None:
        from django.db.backends.postgresql.base import ServerBindingCursor

        class PreparingCursor(ServerBindingCursor):
            def execute(self, query, params=None, *, prepare=None, binary=None):
                return super().execute(query, params, prepare=True, binary=binary)

        _cursor_class = PreparingCursor
    return _cursor_class
