"""The error body every API operation may answer with, declared for the OpenAPI schema.

Rendering happens once, in ``rapport/api.py``; this module only describes the shape so
each operation can list the errors it really returns.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema
from pydantic import Field


class Error(Schema):
    """A ``RapportError`` (or a framework error) as JSON; ``code`` is stable."""

    code: str = Field(description="Stable machine-readable code, for example `at_capacity`.")
    message: str = Field(description="A sentence for a person.")
    field: str | None = Field(None, description="The input field at fault, when there is one.")


class BudgetError(Error):
    """A request beyond the sender's budget; the ``Retry-After`` header carries seconds."""

    retry_at: dt.datetime = Field(description="When the next request becomes possible.")


# Every operation that needs a member may answer these.
AUTHENTICATED = (401,)
# Unsafe methods also refuse a session request without its CSRF token.
AUTHENTICATED_UNSAFE = (401, 403)


def error_responses(*statuses: int) -> dict[int, type[Error]]:
    """``{status: Error}`` for ``response=``; 429 gets the body that says when to retry."""
    return {status: BudgetError if status == 429 else Error for status in statuses}


# Errors the framework answers on its own, before an operation's code runs: each
# operation's document must list them too, or a client generated from it meets
# statuses it was never told of.
_FRAMEWORK_ERRORS = {
    400: "The body is not valid JSON, or not a JSON object (`malformed`).",
    413: "The body is over the size the API reads (`too_large`).",
    415: "The body is not sent as `Content-Type: application/json` (`unsupported_media_type`).",
    422: "A parameter or body field is invalid (`invalid`, naming `field`).",
}


_UNREADABLE_FORM = "The multipart form cannot be parsed, as with no boundary (`malformed`)."

_NO_BODY_ERRORS = {
    400: "A body was sent that is not valid JSON (`malformed`); this operation takes none.",
    415: "A body was sent that is not JSON (`unsupported_media_type`); this operation takes none.",
    422: "A body was sent with a field (`invalid`, naming it), which this operation does "
    "not take; or a parameter is invalid.",
}


def document_framework_errors(schema: dict[str, Any]) -> dict[str, Any]:
    """Add to each operation the framework's errors it can meet: a JSON body may be
    malformed, too large, of another media type or invalid; a multipart form may be
    unreadable; a body sent to an operation that takes none is refused, never ignored;
    a path or query parameter may be invalid."""
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            descriptions: dict[int, str] = {}
            if "requestBody" not in operation:
                descriptions.update(_NO_BODY_ERRORS)
            elif "application/json" in operation["requestBody"].get("content", {}):
                descriptions.update({s: _FRAMEWORK_ERRORS[s] for s in (400, 413, 415, 422)})
            elif "multipart/form-data" in operation["requestBody"].get("content", {}):
                descriptions[400] = _UNREADABLE_FORM
            if operation.get("parameters"):
                descriptions.setdefault(422, _FRAMEWORK_ERRORS[422])
            responses = operation.setdefault("responses", {})
            for status, description in descriptions.items():
                responses.setdefault(status, {"description": description, "content": error})
    return schema
