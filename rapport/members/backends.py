"""Signing in, and loading the signed-in member on every request with one prepared query.

``MemberBackend`` is Django's ``ModelBackend`` (same password check, same rules for
inactive members, same permissions) except for ``get_user``, which runs on every
signed-in request: through the ORM, building the query cost more than running it
(docs/benchmarks.md, "Load"). Here the member's row is read with plain SQL through
``rapport.sql.rows`` (planned once per connection on PostgreSQL) and made into a
``Member`` by the ORM's own ``from_db``, with the ORM's own value converters, so the
instance is the one the ORM would give (plus the member's home-page version, which the
same query reads). Django's ``get_user`` still checks the session
against the member's password (the session auth hash) after this.

Settings list this backend first and ``ModelBackend`` second, only so that sessions
signed in before it existed (which name ``ModelBackend``) stay valid. A failed
sign-in stops here (``PermissionDenied``): ``ModelBackend`` would only repeat the same
password check, and a wrong password must not cost two Argon2 hashes.
"""

from __future__ import annotations

import functools

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.db import DEFAULT_DB_ALIAS, connection

from rapport.members.models import Member
from rapport.sql import rows
from rapport.web.home_pages import HOME_VERSION_OF


@functools.cache
def _member_loader() -> tuple[str, list[str], list[tuple[int, list, object]]]:
    """The query for one member by id, the fields' attribute names in the order it
    returns them, and the converters the ORM would apply to each column (none on
    PostgreSQL; SQLite's dates, say)."""
    meta = Member._meta
    fields = list(meta.concrete_fields)
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    table, pk = quote(meta.db_table), quote(meta.pk.column)
    # Last, the member's home-page version (rapport/web/home_pages.py), read here so that
    # the most visited page, which needs it first, costs one round trip less.
    sql = (
        f"SELECT {columns}, ({HOME_VERSION_OF.format(member=f'{table}.{pk}')}) "  # noqa: S608
        f"FROM {table} WHERE {pk} = %s"
    )
    converters = []
    for index, field in enumerate(fields):
        column = field.get_col(meta.db_table)
        found = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
        if found:
            converters.append((index, found, column))
    return sql, [field.attname for field in fields], converters


def member_by_id(member_id: int) -> Member | None:
    """The member with this id, as ``Member.objects.get(pk=...)`` would load them, with
    their home-page version as ``home_version``."""
    sql, attnames, converters = _member_loader()
    found = rows(sql, [member_id])
    if not found:
        return None
    *values, version = found[0]
    for index, functions, column in converters:
        for convert in functions:
            values[index] = convert(values[index], column, connection)
    member = Member.from_db(DEFAULT_DB_ALIAS, attnames, values)
    member.home_version = version or 0
    return member


class MemberBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        member = super().authenticate(request, username=username, password=password, **kwargs)
        if member is None:
            raise PermissionDenied  # authenticate() then fails at once (see above)
        return member

    def get_user(self, user_id):
        member = member_by_id(user_id)
        return member if member is not None and self.user_can_authenticate(member) else None
