"""The base of every JSON request body the API accepts.

A body names only fields its operation knows. Without this, pydantic drops an unknown
key in silence, so a misspelt optional field reads as an absent one: a restore sent
with ``personids`` would restore every archived person instead of refusing. Forbidden
extras also reach the OpenAPI document as ``additionalProperties: false``.

No text may hold a NUL character, as Django's forms already refuse: PostgreSQL cannot
store one (the write would fail mid-request), and SQLite would keep it silently. Nor
may it hold half of a UTF-16 surrogate pair, which JSON can spell (``"\\ud83d"``) but
UTF-8, and so neither database, can store: the write would fail mid-request. No
number may be beyond what a column holds, so that both databases answer alike.

Every text a body takes says its limit (``MaxChars``: ``maxLength`` in the OpenAPI
document) and every list that has one says it too (``MaxItems``: ``maxItems``). The
number is never written twice: it is the model field's ``max_length``
(``rapport.limits.limit_of``) or the service's constant, the one the service checks.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Annotated, Any, ClassVar

from ninja import Schema
from pydantic import (
    AfterValidator,
    ConfigDict,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    field_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError, core_schema

from rapport.prose import counted_length

# The largest integer a column holds (a 64-bit id on SQLite and PostgreSQL alike).
LARGEST_STORED = 2**63 - 1


def _holds(value: Any, bad: Callable[[Any], bool]) -> bool:
    if isinstance(value, list | tuple | set):
        return any(_holds(item, bad) for item in value)
    return bad(value)


def _nul(value: Any) -> bool:
    return isinstance(value, str) and "\x00" in value


_SURROGATE = re.compile("[\ud800-\udfff]")


def _half_a_pair(value: Any) -> bool:
    return isinstance(value, str) and _SURROGATE.search(value) is not None


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


class _Limit:
    """A bound a field announces in the OpenAPI document (``keyword``) and refuses
    beyond (422 naming the field and the limit), measured as ``size`` says."""

    most: int
    keyword: ClassVar[str]
    error: ClassVar[tuple[str, str]]  # pydantic's error type, and its message

    def size(self, value: Any) -> int:
        raise NotImplementedError

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        return core_schema.no_info_after_validator_function(self._check, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        json_schema = handler(schema)
        json_schema[self.keyword] = self.most
        return json_schema

    def _check(self, value: Any) -> Any:
        size = self.size(value)
        if size > self.most:
            kind, message = self.error
            raise PydanticCustomError(kind, message, {"size": size, "most": self.most})
        return value


@dataclass(frozen=True)
class MaxChars(_Limit):
    """``Annotated[str, MaxChars(160)]``: text of at most ``most`` characters, announced
    as ``maxLength`` and refused beyond it (422 naming the field and the limit).

    The length is never measured more strictly than the service measures it, so the
    API never refuses what the web page, going through the same service, accepts. By
    default whitespace is folded first (services trim every text and fold single-line
    ones; one that keeps the spaces checks the exact length itself, against the same
    number). A password is measured as typed (``measure=len``); a text the service
    rewrites before storing (interests, codes) after the service's own rewriting."""

    most: int
    # Compared, so that two limits of one number measured differently are different:
    # ``Annotated`` keeps one of two equal ones for both, and topics would be measured
    # as interests are (each 400), a keeper's address as an import's list of them.
    measure: Callable[[str], int] = field(default=counted_length)
    keyword: ClassVar[str] = "maxLength"
    error: ClassVar[tuple[str, str]] = ("text_too_long", "{size} characters; the limit is {most}")

    def size(self, value: str) -> int:
        return self.measure(value)


@dataclass(frozen=True)
class MaxItems(_Limit):
    """``Annotated[list[int], MaxItems(10)]``: at most ``most`` different items,
    announced as ``maxItems``. Services drop repeats before counting, so repeats are
    not counted here either."""

    most: int
    keyword: ClassVar[str] = "maxItems"
    error: ClassVar[tuple[str, str]] = (
        "too_many_items",
        "{size} different items; the limit is {most}",
    )

    def size(self, value: list[Hashable]) -> int:
        return len(dict.fromkeys(value))


class InputSchema(Schema):
    model_config = ConfigDict(extra="forbid")

    @field_validator("*")
    @classmethod
    def _storable(cls, value: Any) -> Any:
        if _holds(value, _nul):
            raise ValueError("Null characters are not allowed.")
        if _holds(value, _half_a_pair):
            raise ValueError(
                "A character is broken: half of a UTF-16 surrogate pair, which no text can store."
            )
        if _holds(value, _beyond_storage):
            # Refused here alike on every database: PostgreSQL would find no such row,
            # SQLite could not even bind the number.
            raise ValueError(f"No id or number stored is over {LARGEST_STORED:,}.")
        return value
