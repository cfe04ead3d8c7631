"""The API's documentation reads as written for the developer who opens /api/docs.

Left to itself ninja names each operation after its function ("Me Two Step", "People
List") and groups them by whatever tag each router happened to carry. A developer
scans the docs page by its summaries and its groups, so each operation has a short
summary of its own, saying what it does in the product's words, under one of the
product's areas, and a description (its docstring) for the detail.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

# The product's areas, as the site's menus name them; the docs page groups by these.
API_TAGS = (
    "Account",
    "Profile",
    "Members",
    "Requests",
    "Connections",
    "Conversations",
    "Keeper",
    "Insights",
    "Imports",
    "Network audit",
    "Introductions",
    "Asks and offers",
    "Gatherings",
    "Coffee rounds",
    "Privacy and safety",
    "Notifications",
)

# ninja's default operationId is "<module>_<function>", dots as underscores.
_GENERATED_ID = re.compile(r"^rapport_[a-z]+_api_(?P<function>\w+)$")


def _operations() -> list[tuple[str, dict[str, Any]]]:
    schema = Client().get("/api/openapi.json").json()
    return [
        (f"{method.upper()} {path}", operation)
        for path, item in schema["paths"].items()
        for method, operation in item.items()
    ]


def _ninja_title(operation: dict[str, Any]) -> str | None:
    """The summary ninja would have made up from the function's name, when the id
    shows that name."""
    found = _GENERATED_ID.match(operation.get("operationId", ""))
    return found["function"].title().replace("_", " ") if found else None


def _title_cased(summary: str) -> bool:
    words = summary.split()
    return len(words) > 1 and all(word[:1].isupper() for word in words)


@pytest.fixture(scope="module")
def operations() -> list[tuple[str, dict[str, Any]]]:
    return _operations()


def test_every_operation_has_a_summary_written_by_hand(operations):
    generated = {
        name: operation.get("summary")
        for name, operation in operations
        if not operation.get("summary")
        or operation["summary"] == _ninja_title(operation)
        or _title_cased(operation["summary"])
    }
    assert generated == {}


def test_summaries_are_short_sentences(operations):
    unfit = {
        name: operation["summary"]
        for name, operation in operations
        if len(operation["summary"]) > 60
        or not operation["summary"][:1].isupper()
        or operation["summary"].endswith(".")
    }
    assert unfit == {}


def test_summaries_are_unique(operations):
    by_summary: dict[str, list[str]] = {}
    for name, operation in operations:
        by_summary.setdefault(operation["summary"], []).append(name)
    assert {summary: names for summary, names in by_summary.items() if len(names) > 1} == {}


def test_every_operation_sits_under_one_of_the_products_areas(operations):
    misplaced = {
        name: operation.get("tags")
        for name, operation in operations
        if len(operation.get("tags") or []) != 1 or operation["tags"][0] not in API_TAGS
    }
    assert misplaced == {}


def test_every_area_listed_holds_an_operation(operations):
    """A tag left in the list after its operations moved would be an empty group."""
    used = {operation["tags"][0] for _, operation in operations if operation.get("tags")}
    assert set(API_TAGS) - used == set()


def test_every_operation_has_a_description(operations):
    """ninja reads the description from the handler's docstring (or the decorator's
    ``description=``): what the summary leaves out, the errors and the limits."""
    undescribed = [name for name, operation in operations if not operation.get("description")]
    assert undescribed == []
