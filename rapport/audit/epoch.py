"""A moment read from the database as unix seconds, without building a datetime.

The audit reads one row per person per interaction, 200,000 and more for a large
LinkedIn export. Django turns each stored moment into an aware ``datetime`` (on
SQLite by parsing text), which at that size costs about a second on its own, and
the engine then wants unix seconds anyway. The database does the conversion
instead: SQLite from the Julian day of the stored UTC text, PostgreSQL with
``EXTRACT(EPOCH ...)`` (a numeric since PostgreSQL 14, so cast to a float).
"""

from __future__ import annotations

from typing import Any

from django.db.models import FloatField, Func


class EpochSeconds(Func):
    """Unix seconds (UTC, with the fraction) of a datetime column, as a float."""

    arity = 1
    output_field = FloatField()
    template = "CAST(EXTRACT(EPOCH FROM %(expressions)s) AS DOUBLE PRECISION)"

    def as_sqlite(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        # Django stores aware datetimes as naive UTC text on SQLite; 2440587.5 is the
        # Julian day of 1970-01-01 00:00 UTC.
        return self.as_sql(
            compiler,
            connection,
            template="((julianday(%(expressions)s) - 2440587.5) * 86400.0)",
            **extra_context,
        )
