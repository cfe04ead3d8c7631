"""The base of every JSON request body the API accepts.

A body names only fields its operation knows. Without this, pydantic drops an unknown
key in silence, so a misspelt optional field reads as an absent one: a restore sent
with ``personids`` would restore every archived person instead of refusing. Forbidden
extras also reach the OpenAPI document as ``additionalProperties: false``.

No text may hold a NUL character, as Django's forms already refuse: PostgreSQL cannot
store one (the write would fail mid-request), and SQLite would keep it silently. No
number may be beyond what a column holds, so that both databases answer alike.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any

from ninja import Schema
from pydantic import AfterValidator, ConfigDict, field_validator

# The largest integer a column holds (a 64-bit id on SQLite and PostgreSQL alike).
LARGEST_STORED = 2**63 - 1


def _holds(value: Any, bad: Callable[[Any], bool]) -> bool:
    if isinstance(value, list | tuple | set):
        return any(_holds(item, bad) for item in value)
    return bad(value)


def _nul(value: Any) -> bool:
    return isinstance(value, str) and "\x00" in value


def _beyond_storage(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and abs(value) > LARGEST_STORED


def _with_offset(value: dt.datetime) -> dt.datetime:
    if value.utcoffset() is None:
        raise ValueError(
            "give the time with its offset, as 2026-05-01T18:30:00+01:00 or "
            "2026-05-01T17:30:00Z; a time without one is not read in any zone"
        )
    return value.astimezone(dt.UTC)


TimeWithOffset = Annotated[dt.datetime, AfterValidator(_with_offset)]
"""A moment a client sends: ISO 8601 with its offset, taken as the same moment in UTC
(as every time is stored and answered). One without an offset is refused (422 naming
the field) rather than read in some zone the client may not have meant."""


class InputSchema(Schema):
    model_config = ConfigDict(extra="forbid")

    @field_validator("*")
    @classmethod
    def _storable(cls, value: Any) -> Any:
        if _holds(value, _nul):
            raise ValueError("Null characters are not allowed.")
        if _holds(value, _beyond_storage):
            # Refused here alike on every database: PostgreSQL would find no such row,
            # SQLite could not even bind the number.
            raise ValueError(f"No id or number stored is over {LARGEST_STORED:,}.")
        return value
