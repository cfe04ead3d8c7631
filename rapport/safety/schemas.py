"""What the safety operations take in and give out."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal, get_args

from ninja import Schema
from pydantic import Field

from rapport.input_schema import InputSchema, MaxChars
from rapport.members.schemas import FaceOut, PhotoSmallUrl, PhotoUrl
from rapport.safety.models import ReportReason
from rapport.safety.services import REPORT_DETAIL_MAX

ReasonCode = Literal["spam", "leaflet", "harassment", "impersonation", "other"]
assert list(get_args(ReasonCode)) == ReportReason.values, "ReasonCode drifted from ReportReason"


class BlockOut(FaceOut):
    member_id: int = Field(description="The member you blocked.")
    name: str
    created_at: dt.datetime
    photo_url: PhotoUrl = None
    photo_small_url: PhotoSmallUrl = None


class ReportIn(InputSchema):
    reason: ReasonCode = Field(
        description="spam, leaflet (a sales pitch, not a conversation), harassment, "
        "impersonation, or other (then say what in `detail`)."
    )
    detail: Annotated[str, MaxChars(REPORT_DETAIL_MAX)] = Field(
        "", description=f"What happened, for the moderators; at most {REPORT_DETAIL_MAX}."
    )
    block: bool = Field(False, description="Also block the member.")


class ReportOut(Schema):
    id: int
    member_id: int = Field(description="The member you reported.")
    reason: ReasonCode
    detail: str
    created_at: dt.datetime
    blocked: bool = Field(description="Whether you have blocked them.")
