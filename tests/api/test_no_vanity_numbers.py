"""The API counts nothing about another member (docs/DESIGN: no connection, follower or
view count is ever shown about anyone else): a guard over the OpenAPI schema, so that a
new field such as ``mutual_count`` on a member's profile fails here before it ships.

A number beside a name is allowed only where it is the caller's own: their own requests
waiting (``MeOut``), their keep-in-touch cadence for a person in their keeper, and the
audit's scores of their own ties.
"""

from __future__ import annotations

import re

from django.test import Client

VANITY_NAME = re.compile(
    r"(^|_)(counts?|followers?|following|views?|viewers?|mutual|popular(ity)?|likes?|"
    r"endorsements?|degree|reach|network_size|requests_received)(_|$)"
)
# Fields that say whose object it is: a schema with one of them is about a person.
ABOUT_SOMEONE = {"member_id", "other_id", "sender_id", "recipient_id", "name", "other_name"}
# (schema, field): a number beside a name that is the caller's own, not the other's.
OWN_NUMBERS = {
    ("MeOut", "pending_incoming"),
    ("PersonOut", "cadence_days"),
    ("PersonOut", "effective_cadence_days"),
    ("PersonIn", "cadence_days"),
    ("PersonPatchIn", "cadence_days"),
    ("AuditDormantOut", "peak"),
    ("AuditSeatSuggestionOut", "position"),
    ("AuditTieOut", "rank"),
    ("AuditTieOut", "score"),
}


def _schemas() -> dict[str, dict]:
    return Client().get("/api/openapi.json").json()["components"]["schemas"]


def _numeric(field: dict) -> bool:
    kinds = [field, *field.get("anyOf", []), *field.get("oneOf", [])]
    return any(kind.get("type") in ("integer", "number") for kind in kinds)


def test_no_field_is_named_like_a_count_of_someone(db):
    named = sorted(
        f"{schema}.{field}"
        for schema, body in _schemas().items()
        for field in body.get("properties", {})
        if VANITY_NAME.search(field)
    )

    assert named == []


def test_a_schema_about_someone_carries_no_number_of_theirs(db):
    numbers = sorted(
        (schema, field)
        for schema, body in _schemas().items()
        if ABOUT_SOMEONE & set(body.get("properties", {}))
        for field, spec in body["properties"].items()
        if _numeric(spec) and field != "id" and not field.endswith("_id")
    )

    assert set(numbers) <= OWN_NUMBERS, sorted(set(numbers) - OWN_NUMBERS)
