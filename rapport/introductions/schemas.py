"""What the API takes in and gives out about introductions.

An introduction is shown differently to the three people in it. The introducer gets
both people and both sentences, and the outcome (never which side said no). Each of
the two gets the introducer and the sentence written for them; ``other`` stays null
until both have said yes.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from ninja import Schema
from pydantic import Field

from rapport.input_schema import InputSchema, MaxChars
from rapport.introductions.states import FOR_INTRODUCER, FOR_SIDE, WHY_MAX, WHY_MIN
from rapport.members.schemas import MemberRefOut

Why = Annotated[str, MaxChars(WHY_MAX)]
WHY = (
    f"{WHY_MIN} to {WHY_MAX} characters: why they should meet the other person, who "
    "must not be named here (names are shared only when both say yes)."
)


class IntroductionIn(InputSchema):
    first_id: int = Field(description="One of your connections.")
    why_first: Why = Field(description="Shown to the first person before they answer. " + WHY)
    second_id: int = Field(description="Another of your connections, not connected to the first.")
    why_second: Why = Field(description="Shown to the second person before they answer. " + WHY)


class IntroductionOut(Schema):
    id: int
    role: Literal["introducer", "introduced"] = Field(
        description="`introducer` if you made it, `introduced` if you are one of the two."
    )
    state: str = Field(
        description="What you may know. For the introducer: "
        + ", ".join(FOR_INTRODUCER)
        + ". For one of the two: "
        + ", ".join(FOR_SIDE)
        + ". A decline reads, to the other side, exactly like no answer yet.",
        json_schema_extra={"enum": list(dict.fromkeys([*FOR_INTRODUCER, *FOR_SIDE]))},
    )
    state_label: str
    introducer: MemberRefOut
    first: MemberRefOut | None = Field(description="For the introducer only.")
    second: MemberRefOut | None = Field(description="For the introducer only.")
    why_first: str | None = Field(description="For the introducer only.")
    why_second: str | None = Field(description="For the introducer only.")
    why: str | None = Field(description="For one of the two: the sentence written for you.")
    other: MemberRefOut | None = Field(
        description="For one of the two: the other person, once both said yes; null before."
    )
    conversation_id: int | None = Field(
        description="For one of the two: your conversation, once both said yes."
    )
    created_at: dt.datetime
    expires_at: dt.datetime
