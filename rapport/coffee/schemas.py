"""What the coffee rounds' API takes in and gives out: the caller's own opt-in and
pairings only. No schema carries a figure about another member."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from ninja import Schema
from pydantic import Field

from rapport.coffee.models import TOPICS_MAX, Frequency
from rapport.input_schema import InputSchema, MaxChars
from rapport.members.schemas import FaceOut, PhotoSmallUrl, PhotoUrl


class CoffeeOptInIn(InputSchema):
    frequency: str = Field(
        description="How often: " + ", ".join(Frequency.values) + ".",
        json_schema_extra={"enum": list(Frequency.values)},
    )
    topics: Annotated[str, MaxChars(TOPICS_MAX)] = Field(
        "", description=f"What you would like to talk about, comma-separated, up to {TOPICS_MAX}."
    )


class CoffeeOptInOut(Schema):
    frequency: str
    frequency_label: str
    topics: str
    first_in_line: bool = Field(
        description="You were the odd one out last time, so you are paired first next time."
    )
    since: dt.datetime


class CoffeeOut(Schema):
    """Your place in the coffee rounds."""

    opt_in: CoffeeOptInOut | None = Field(description="Null when you have not opted in.")
    next_round_on: dt.date = Field(
        description="The next round you are in (the next round at all when not opted in)."
    )


class CoffeePartnerOut(FaceOut):
    """The member you were paired with: their public profile's first lines (empty, and
    no photo, once they blocked you: a pairing outlives a block, their profile does not)."""

    id: int
    name: str
    headline: str
    organisation: str
    photo_url: PhotoUrl = None
    photo_small_url: PhotoSmallUrl = None


class PairingOut(Schema):
    id: int
    round_on: dt.date
    hold_starts_at: dt.datetime = Field(description="The suggested half hour (the .ics hold).")
    partner: CoffeePartnerOut
    opener: str = Field(description="A first message you may send as it is or change.")
    reasons: list[str] = Field(description="Why the two of you, one sentence each.")
    conversation_id: int | None
    you_met: bool = Field(description='You said "we met".')
    partner_met: bool = Field(description='Your partner said "we met".')
