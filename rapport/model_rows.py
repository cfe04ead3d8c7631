"""Rows read with plain SQL, made into the model instances the ORM would give.

The hottest reads are plain SQL (``rapport.sql``): for them the ORM spent longer
building a query than the database spent answering it (docs/benchmarks.md, "Load").
Their rows still become model instances, made by the ORM's own ``from_db`` after the
ORM's own value converters (none on PostgreSQL; SQLite's dates and times), so what a
view gets is what a queryset would have given it. Fields left out of a shape are
deferred, as with ``only()``: reading one costs a query.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, cast

from django.db import DEFAULT_DB_ALIAS, connection
from django.db.models import Model

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class RowShape(Generic[M]):
    """Some of a model's columns, in the model's order, and how to make them an instance."""

    model: type[M]
    columns: tuple[str, ...]
    attnames: tuple[str, ...]
    # (position in the row, the converters the ORM would apply, the column they expect)
    converters: tuple[tuple[int, tuple[Any, ...], Any], ...]

    def select(self, alias: str) -> str:
        """The select list for these columns of the table called ``alias``."""
        quote = connection.ops.quote_name
        return ", ".join(f"{alias}.{quote(column)}" for column in self.columns)

    def instance(self, values: Sequence[object]) -> M:
        """The instance of a row's values, in the order ``select`` listed them."""
        converted = list(values)
        for index, functions, column in self.converters:
            for convert in functions:
                converted[index] = convert(converted[index], column, connection)
        return self.model.from_db(DEFAULT_DB_ALIAS, list(self.attnames), converted)


@functools.cache
def row_shape(model: type[M], attnames: tuple[str, ...] | None = None) -> RowShape[M]:
    """``model``'s columns named in ``attnames`` (all its columns when None)."""
    meta = model._meta
    fields = [
        field for field in meta.concrete_fields if attnames is None or field.attname in attnames
    ]
    missing = set(attnames or ()) - {field.attname for field in fields}
    if missing:
        raise ValueError(f"{model.__name__} has no columns {sorted(missing)}")
    converters = []
    for index, field in enumerate(fields):
        column = field.get_col(meta.db_table)
        found = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
        if found:
            converters.append((index, tuple(found), column))
    return RowShape(
        model=model,
        # A concrete field is one with a column, so none of these is None.
        columns=tuple(cast(str, field.column) for field in fields),
        attnames=tuple(field.attname for field in fields),
        converters=tuple(converters),
    )


def row_parts(row: Sequence[object], *shapes: RowShape[Any]) -> list[Sequence[object]]:
    """A row that selected several shapes' columns one after another (``select``), cut
    into each shape's values, in order; what follows the last shape comes last."""
    parts, start = [], 0
    for shape in shapes:
        end = start + len(shape.columns)
        parts.append(row[start:end])
        start = end
    parts.append(row[start:])
    return parts
