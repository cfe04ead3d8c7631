"""A member's row read with plain SQL and made into the ``Member`` the ORM would give.

Used on every signed-in request (``members.sessions`` reads the member with the
session, ``members.backends`` alone when it must): through the ORM, building the query
cost more than running it (docs/benchmarks.md, "Load"). The row is made into a
``Member`` as ``rapport.model_rows`` makes any row, plus the member's home-page
version, which rides along for the most visited page (``rapport/web/home_pages.py``).
"""

from __future__ import annotations

from django.db import connection

from rapport.members.models import Member
from rapport.model_rows import row_shape
from rapport.web.home_pages import HOME_VERSION_OF

# What a page needs to name a member and link to them; any other field loads when read.
MEMBER_NAME_FIELDS = ("id", "username", "name")


def member_columns(alias: str) -> str:
    """The select list for a member's row from the table called ``alias`` in the query,
    the home-page version last: ``member_from_values`` reads it back."""
    quote = connection.ops.quote_name
    version = HOME_VERSION_OF.format(member=f"{alias}.{quote(Member._meta.pk.column)}")
    return f"{row_shape(Member).select(alias)}, ({version})"


def member_from_values(row: tuple | list) -> Member | None:
    """The ``Member`` of a row selected with ``member_columns``; None when the row's
    member is missing (an outer join that found nobody)."""
    *values, version = row
    if values[0] is None:
        return None
    member = row_shape(Member).instance(values)
    member.home_version = version or 0
    return member
