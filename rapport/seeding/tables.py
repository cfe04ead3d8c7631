"""Writing generated columns into the database: COPY on PostgreSQL, bulk_create elsewhere.

The seed bypasses the services on purpose (100,000 members through ``member_signup``
would take hours of password hashing), so the database's own constraints are what
keeps it honest: every check and unique constraint, and every foreign key, is
enforced on these rows exactly as on rows the services write.

A table is a mapping of field ``attname`` to a column: a numpy array, a list or a
tuple, all of one length, or any other value (a string, a bool), the same in every
row. Times are int64 microseconds since the Unix epoch (UTC), dates are
``datetime64[D]``; ``NULL_TIME`` marks a missing time. Fields the seed does not
know (another feature may add one) take the model's default, and a required field
without one stops the seed with its name rather than failing half-way.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeGuard, cast

import numpy as np
from django.db import connection, models
from django.db.models.fields import NOT_PROVIDED

NULL_TIME = np.iinfo(np.int64).min
NULL_ID = 0  # ids start at 1, so 0 in a nullable foreign key column means NULL

# Rows per COPY chunk and per bulk_create batch: large enough to amortise, small
# enough that one chunk's text stays a few tens of megabytes.
CHUNK = 100_000
BATCH = 2_000

_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


class SeedSchemaError(Exception):
    """A model gained a required field the seed cannot fill."""


Values = Sequence[Any] | np.ndarray
"""A column of one value a row."""


def _per_row(column: object) -> TypeGuard[Values]:
    """Whether ``column`` holds one value a row, rather than one value for every row."""
    return isinstance(column, np.ndarray | list | tuple)


@dataclass(frozen=True)
class Table:
    model: type[models.Model]
    columns: dict[str, object]  # ``Values``, or a constant

    def __len__(self) -> int:
        """The rows: a constant says nothing of how many there are."""
        return next((len(column) for column in self.columns.values() if _per_row(column)), 0)


def _field_kind(field: models.Field[Any, Any]) -> str:
    if isinstance(field, models.DateTimeField):
        return "time"
    if isinstance(field, models.DateField):
        return "date"
    if isinstance(field, models.BooleanField):
        return "bool"
    if isinstance(field, models.ForeignKey):
        return "fk"
    if isinstance(field, models.JSONField):
        return "json"
    if isinstance(field, models.IntegerField | models.AutoField | models.BigAutoField):
        return "int"
    return "text"


@dataclass(frozen=True)
class _Column:
    field: models.Field[Any, Any]
    values: Values | None = None  # one value per row, or
    constant: object = None  # the same value in every row


def _plan(table: Table) -> list[_Column]:
    """Each column to write, with its values or the one default it takes."""
    plan: list[_Column] = []
    given = set(table.columns)
    for field in table.model._meta.concrete_fields:
        if field.attname in table.columns:
            value = table.columns[field.attname]
            if _per_row(value):
                plan.append(_Column(field, values=value))
            else:
                plan.append(_Column(field, constant=value))
            given.discard(field.attname)
            continue
        if field.db_default is not NOT_PROVIDED:
            continue  # the database fills it
        default = field.get_default()
        if default is None and not field.null:
            raise SeedSchemaError(
                f"{table.model._meta.label}.{field.name} is required and has no default; "
                "teach rapport/seeding what to write there."
            )
        plan.append(_Column(field, constant=default))
    if given:
        raise SeedSchemaError(
            f"{table.model._meta.label} has no field named {', '.join(sorted(given))}."
        )
    return plan


# --- PostgreSQL: COPY in text format ---------------------------------------------


def _copy_constant(kind: str, value: object) -> str:
    if value is None:
        return "\\N"
    if kind == "bool":
        return "t" if value else "f"
    if kind == "json":
        return json.dumps(value).translate(_COPY_ESCAPES)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value).translate(_COPY_ESCAPES)


def _texts(array: np.ndarray) -> list[str]:
    """An array of strings already in COPY's text format, as the list ``_copy`` joins."""
    texts: list[str] = array.tolist()
    return texts


def _copy_column(field: models.Field[Any, Any], values: Values, rows: slice) -> list[str]:
    kind = _field_kind(field)
    part = values[rows]
    if isinstance(part, np.ndarray) and part.dtype.kind in "iu":
        if kind == "time":
            text = np.datetime_as_string(part.astype("datetime64[us]"), unit="us").astype(object)
            text = text + "+00"
            if field.null:
                text[part == NULL_TIME] = "\\N"
            return _texts(text)
        if kind == "bool":
            return _texts(np.where(part != 0, "t", "f"))
        text = part.astype(str).astype(object)
        if kind == "fk" and field.null:
            text[part == NULL_ID] = "\\N"
        return _texts(text)
    if isinstance(part, np.ndarray) and part.dtype.kind == "M":
        text = np.datetime_as_string(part).astype(object)
        if field.null:
            text[np.isnat(part)] = "\\N"
        return _texts(text)
    if isinstance(part, np.ndarray) and part.dtype.kind == "b":
        return _texts(np.where(part, "t", "f"))
    if kind == "text":
        try:
            joined = "".join(part)
        except TypeError:  # a None among the strings
            pass
        else:
            if not any(special in joined for special in "\\\t\n\r"):
                return list(part)  # nothing to escape: the common case, and fast
    return [_copy_constant(kind, value) for value in part]


def _copy(table: Table, plan: list[_Column]) -> None:
    # The plan holds concrete fields only, and a concrete field is one with a column.
    columns = ", ".join(
        connection.ops.quote_name(cast(str, column.field.column)) for column in plan
    )
    sql = f"COPY {connection.ops.quote_name(table.model._meta.db_table)} ({columns}) FROM STDIN"
    total = len(table)
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for start in range(0, total, CHUNK):
            rows = slice(start, min(start + CHUNK, total))
            count = rows.stop - rows.start
            texts = [
                _copy_column(column.field, column.values, rows)
                if column.values is not None
                else [_copy_constant(_field_kind(column.field), column.constant)] * count
                for column in plan
            ]
            buffer = io.StringIO()
            buffer.writelines(line + "\n" for line in map("\t".join, zip(*texts, strict=True)))
            copy.write(buffer.getvalue())


# --- Any other database: bulk_create -----------------------------------------------


def _python_values(field: models.Field[Any, Any], part: Values) -> list[Any]:
    """One column's values as Django expects them: aware datetimes, dates, None."""
    kind = _field_kind(field)
    if isinstance(part, np.ndarray) and part.dtype.kind == "M":
        return [None if np.isnat(v) else v.item() for v in part]
    if not isinstance(part, np.ndarray):
        return list(part)
    if kind == "time":
        epoch = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
        return [
            None if v == NULL_TIME else epoch + dt.timedelta(microseconds=v) for v in part.tolist()
        ]
    if kind == "fk" and field.null:
        return [None if v == NULL_ID else v for v in part.tolist()]
    if kind == "bool":
        return [bool(v) for v in part.tolist()]
    values: list[Any] = part.tolist()
    return values


def _bulk_create(table: Table, plan: list[_Column]) -> None:
    model = table.model
    total = len(table)
    names = [column.field.attname for column in plan]
    for start in range(0, total, BATCH):
        rows = slice(start, min(start + BATCH, total))
        columns = [
            [column.constant] * (rows.stop - rows.start)
            if column.values is None
            else _python_values(column.field, column.values[rows])
            for column in plan
        ]
        model._default_manager.bulk_create(
            [model(**dict(zip(names, row, strict=True))) for row in zip(*columns, strict=True)]
        )


def table_write(table: Table) -> int:
    """Write every row of ``table``; returns how many."""
    if len(table) == 0:
        return 0
    plan = _plan(table)
    if connection.vendor == "postgresql":
        _copy(table, plan)
    else:
        _bulk_create(table, plan)
    return len(table)


def sequences_reset(model_list: list[type[models.Model]]) -> None:
    """Move each table's id sequence past the ids the seed chose, so the next insert
    through the services gets a fresh one. SQLite follows explicit ids by itself."""
    from django.core.management.color import no_style

    statements = connection.ops.sequence_reset_sql(no_style(), model_list)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def tables_analyze(model_list: list[type[models.Model]]) -> None:
    """Fresh planner statistics: a table just filled by COPY looks empty to PostgreSQL
    until autovacuum gets to it, and the first page loads would plan for that.

    Outside a transaction the tables are also vacuumed and frozen (``VACUUM (FREEZE,
    ANALYZE)``): rows written by COPY carry no hint bits yet, so otherwise the first
    read of every page after seeding writes it again, and the first minutes of a load
    benchmark measured those writes (docs/benchmarks.md, "Load"). A seed inside a
    transaction (a test's) can only be analysed: VACUUM refuses to run in one."""
    if connection.vendor != "postgresql":
        return
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM (FREEZE, ANALYZE)"
    with connection.cursor() as cursor:
        for model in model_list:
            cursor.execute(f"{command} {connection.ops.quote_name(model._meta.db_table)}")


@contextmanager
def indexes_rebuilt_after(model_list: list[type[models.Model]]) -> Iterator[None]:
    """On PostgreSQL, load without foreign keys and secondary indexes, then create them
    again with their own names and definitions: what PostgreSQL's "Populating a
    Database" advises. Each foreign key is then checked by one join over the table
    instead of one lookup (and row lock) per row, and each index is built by one sort.

    Call inside a transaction: if a row breaks a constraint, re-creating it fails and
    nothing is written. Check constraints stay in place throughout.
    """
    if connection.vendor != "postgresql":
        yield
        return
    tables = [model._meta.db_table for model in model_list]
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid), contype
            FROM pg_constraint
            WHERE conrelid = ANY(%s::regclass[]) AND contype IN ('f', 'u')
            ORDER BY contype, conrelid::regclass::text, conname
            """,
            [tables],
        )
        constraints = cursor.fetchall()
        cursor.execute(
            """
            SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid)
            FROM pg_index
            WHERE indrelid = ANY(%s::regclass[]) AND NOT indisprimary
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = indexrelid)
            """,
            [tables],
        )
        indexes = cursor.fetchall()
        foreign = [c for c in constraints if c[3] == "f"]
        unique = [c for c in constraints if c[3] == "u"]
        quote = connection.ops.quote_name
        for table, name, _definition, _kind in foreign + unique:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {quote(name)}")
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {name}")
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for _name, definition in indexes:
            cursor.execute(definition)
        for table, name, definition, _kind in unique + foreign:
            cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {quote(name)} {definition}")


@contextmanager
def triggers_set_aside(model_list: list[type[models.Model]]) -> Iterator[None]:
    """Write without the tables' own triggers, then put them back as they were.

    The triggers move each member's home-page version (migration ``web.0001``): one
    update per row written, for pages nobody has kept yet, since the seed only writes
    into a database without a community (``SeedRefused``). Call inside a transaction,
    like ``indexes_rebuilt_after``: if the seed fails, the triggers were never gone.
    """
    tables = [model._meta.db_table for model in model_list]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table in tables:
                cursor.execute(f"ALTER TABLE {quote(table)} DISABLE TRIGGER USER")
            yield
            for table in tables:
                cursor.execute(f"ALTER TABLE {quote(table)} ENABLE TRIGGER USER")
            return
        placeholders = ", ".join(["%s"] * len(tables))
        cursor.execute(
            "SELECT name, sql FROM sqlite_master"  # noqa: S608 - placeholders only
            f" WHERE type = 'trigger' AND tbl_name IN ({placeholders}) ORDER BY name",
            tables,
        )
        triggers = cursor.fetchall()
        for name, _sql in triggers:
            cursor.execute(f"DROP TRIGGER {quote(name)}")
        yield
        for _name, sql in triggers:
            cursor.execute(sql)
