"""A member's row read with plain SQL and made into the ``Member`` the ORM would give.

Used on every signed-in request (``members.sessions`` reads the member with the
session, ``members.backends`` alone when it must): through the ORM, building the query
cost more than running it (docs/benchmarks.md, "Load"). The row is made into a
``Member`` by the ORM's own ``from_db``, with the ORM's own value converters (none on
PostgreSQL; SQLite's dates, say), so the instance is the one the ORM would give, plus
the member's home-page version, which rides along for the most visited page
(``rapport/web/home_pages.py``).
"""

from __future__ import annotations

import functools

from django.db import DEFAULT_DB_ALIAS, connection

from rapport.members.models import Member
from rapport.web.home_pages import HOME_VERSION_OF


@functools.cache
def _fields() -> tuple[list[str], list[str], list[tuple[int, list, object]]]:
    """The member's columns, their attribute names in the same order, and the
    converters the ORM would apply to each."""
    meta = Member._meta
    fields = list(meta.concrete_fields)
    converters = []
    for index, field in enumerate(fields):
        column = field.get_col(meta.db_table)
        found = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
        if found:
            converters.append((index, found, column))
    return [field.column for field in fields], [field.attname for field in fields], converters


def member_columns(alias: str) -> str:
    """The select list for a member's row from the table called ``alias`` in the query,
    the home-page version last: ``member_from_values`` reads it back."""
    quote = connection.ops.quote_name
    columns, _attnames, _converters = _fields()
    listed = ", ".join(f"{alias}.{quote(column)}" for column in columns)
    version = HOME_VERSION_OF.format(member=f"{alias}.{quote(Member._meta.pk.column)}")
    return f"{listed}, ({version})"


def member_from_values(row: tuple | list) -> Member | None:
    """The ``Member`` of a row selected with ``member_columns``; None when the row's
    member is missing (an outer join that found nobody)."""
    _columns, attnames, converters = _fields()
    *values, version = row
    if values[0] is None:
        return None
    for index, functions, column in converters:
        for convert in functions:
            values[index] = convert(values[index], column, connection)
    member = Member.from_db(DEFAULT_DB_ALIAS, attnames, values)
    member.home_version = version or 0
    return member
