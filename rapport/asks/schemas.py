"""What the API takes in and gives out about asks and offers.

An ask is shown to its poster and the poster's connections. ``answers`` holds every
answer for the poster and only your own for anyone else; ``helpers`` is filled for
the poster only.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from ninja import Schema
from pydantic import Field

from rapport.asks.states import ANSWER_MAX, ASK_GRAPH, DETAIL_MAX, HELPERS_MAX, TITLE_MAX, TITLE_MIN
from rapport.input_schema import InputSchema, MaxChars, MaxItems
from rapport.keeper.vocabulary import Kind
from rapport.members.schemas import MemberRefOut


class AskIn(InputSchema):
    kind: Literal["ask", "offer"] = Field(
        description="`ask`: you need something; `offer`: you give."
    )
    title: Annotated[str, MaxChars(TITLE_MAX)] = Field(
        description=f"One line, {TITLE_MIN} to {TITLE_MAX} characters."
    )
    detail: Annotated[str, MaxChars(DETAIL_MAX)] = Field(
        "", description=f"At most {DETAIL_MAX} characters."
    )


class AnswerIn(InputSchema):
    body: Annotated[str, MaxChars(ANSWER_MAX)] = Field(
        description=f"Seen by the poster and you only; at most {ANSWER_MAX}."
    )


class CloseIn(InputSchema):
    helper_ids: Annotated[list[int], MaxItems(HELPERS_MAX)] = Field(
        default_factory=list,
        description="For an ask: who helped you. For an offer: whom you helped. Your "
        f"connections or those who answered; at most {HELPERS_MAX}; may be empty.",
    )
    favour: str = Field(
        Kind.HELP,
        description="What was given: " + ", ".join(Kind.favours) + ".",
        json_schema_extra={"enum": list(Kind.favours)},
    )


class AnswerOut(Schema):
    id: int
    author: MemberRefOut
    mine: bool
    body: str
    created_at: dt.datetime


class AskOut(Schema):
    id: int
    kind: Literal["ask", "offer"]
    title: str
    detail: str
    state: str = Field(
        description="One of " + ", ".join(ASK_GRAPH.states) + "; `expired` means lapsed.",
        json_schema_extra={"enum": list(ASK_GRAPH.states)},
    )
    poster: MemberRefOut
    mine: bool = Field(description="Whether you posted it.")
    created_at: dt.datetime
    expires_at: dt.datetime
    closed_at: dt.datetime | None
    favour: str = Field(description="What changed hands, once closed with helpers; else empty.")
    helpers: list[MemberRefOut] = Field(description="For the poster only; empty for others.")


class AskDetailOut(AskOut):
    answers: list[AnswerOut]
