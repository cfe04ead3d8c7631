"""A member's row read with plain SQL and made into the ``Member`` the ORM would give.

Used on every signed-in request (``members.sessions`` reads the member with the
session, ``members.backends`` alone when it must): through the ORM, building the query
cost more than running it (docs/benchmarks.md, "Load"). The row is made into a
``Member`` as ``rapport.model_rows`` makes any row, plus the member's home-page
version, which rides along for the most visited page (``rapport/web/home_pages.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TypedDict, cast

from django.db import connection

from rapport.members.models import Member
from rapport.model_rows import row_shape
from rapport.web.home_pages import HOME_VERSION_OF

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

# What a page needs to name a member and link to them; any other field loads when read.
MEMBER_NAME_FIELDS = ("id", "username", "name")
# The primary key is a column of the member's own table, so its column has a name.
MEMBER_PK_COLUMN = cast(str, Member._meta.pk.column)


def member_columns(alias: str) -> str:
    """The select list for a member's row from the table called ``alias`` in the query,
    the home-page version last: ``member_from_values`` reads it back."""
    quote = connection.ops.quote_name
    version = HOME_VERSION_OF.format(member=f"{alias}.{quote(MEMBER_PK_COLUMN)}")
    return f"{row_shape(Member).select(alias)}, ({version})"


class HomeVersion(TypedDict):
    """What ``member_from_values`` adds to the member it makes."""

    home_version: int


def member_from_values(row: Sequence[Any]) -> WithAnnotations[Member, HomeVersion] | None:
    """The ``Member`` of a row selected with ``member_columns``; None when the row's
    member is missing (an outer join that found nobody)."""
    *values, version = row
    if values[0] is None:
        return None
    # Given ``home_version`` on the next line, as a queryset's ``annotate`` would.
    member = cast("WithAnnotations[Member, HomeVersion]", row_shape(Member).instance(values))
    member.home_version = version or 0
    return member
