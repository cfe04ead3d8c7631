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

from collections.abc import Callable
from typing import Any

from ninja import Schema
from pydantic import ConfigDict, field_validator

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
