"""The API's `page` parameter: one way for every list that grows to hand out its rows.

The keeper's people and the audit's archived list set the convention the other lists
follow: `page` from 1, a plain list of a fixed size that the operation names, a page
shorter than that the last, a page past the end empty. A client that counts up, or a
number typed by hand, may ask for any page; the offset it makes must stay within
what the database takes (SQLite answers "datatype mismatch" past 64 bits,
PostgreSQL "bigint out of range"), so such a page is empty without asking.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar, overload

from django.db.models import Model, QuerySet
from ninja import P, QueryEx

from rapport.input_schema import LARGEST_STORED

Row = TypeVar("Row")
Stored = TypeVar("Stored", bound=Model)

PageNumber = QueryEx[int, P(ge=1, description="The page, from 1; a page past the last is empty.")]


def page_number_typed(text: str | None) -> int:
    """A page's ``page`` from the query string as typed in the address, from 1: one that
    is not a whole number, or is below 1, gives the first page (a page answers, where
    the API refuses with 422)."""
    return int(text) if text and text.isascii() and text.isdigit() and int(text) >= 1 else 1


def page_window(page: int, size: int) -> slice | None:
    """The rows of ``page`` (from 1) at ``size`` a page; None for a page so far past
    the end that its offset is beyond what the database stores."""
    start = (page - 1) * size
    if start + size > LARGEST_STORED:
        return None
    return slice(start, start + size)


@overload
def page_of(rows: QuerySet[Stored, Row], page: int, size: int) -> list[Row]: ...
@overload
def page_of(rows: Sequence[Row], page: int, size: int) -> list[Row]: ...
def page_of(rows: Any, page: int, size: int) -> list[Any]:
    """``page`` of ``rows``: a query set reads only that page (LIMIT and OFFSET)."""
    window = page_window(page, size)
    return [] if window is None else list(rows[window])
