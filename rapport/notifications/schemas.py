"""The notification operations' bodies."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Schema
from pydantic import Field

from rapport.input_schema import InputSchema

FrequencyName = Literal["soon", "daily", "off"]
_FREQUENCY = (
    "`soon`: within about a quarter of an hour of something waiting ten minutes unseen, at "
    "most once an hour, never 21:00-08:00 in your time zone; `daily`: at 08:00 in your time "
    "zone, when something is new; `off`: never."
)


class NotificationsOut(Schema):
    frequency: FrequencyName = Field(description=_FREQUENCY)
    has_email: bool = Field(description="Whether your account has an address to mail.")
    last_sent_at: dt.datetime | None = Field(
        description="When the last notification mail went to you; null if none has."
    )


class NotificationsIn(InputSchema):
    frequency: FrequencyName = Field(description=_FREQUENCY)
