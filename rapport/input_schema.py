"""The base of every JSON request body the API accepts.

A body names only fields its operation knows. Without this, pydantic drops an unknown
key in silence, so a misspelt optional field reads as an absent one: a restore sent
with ``personids`` would restore every archived person instead of refusing. Forbidden
extras also reach the OpenAPI document as ``additionalProperties: false``.
"""

from __future__ import annotations

from ninja import Schema
from pydantic import ConfigDict


class InputSchema(Schema):
    model_config = ConfigDict(extra="forbid")
