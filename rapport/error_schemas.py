"""The error body every API operation may answer with, declared for the OpenAPI schema.

Rendering happens once, in ``rapport/api.py``; this module only describes the shape so
each operation can list the errors it really returns.
"""

from __future__ import annotations

import datetime as dt

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
