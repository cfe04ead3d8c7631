"""What the API takes in and gives out about conversations.

The unread count is yours alone: nothing here counts anything about the other member.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from ninja import Schema
from pydantic import Field

from rapport.conversations.models import MESSAGE_MAX
from rapport.input_schema import InputSchema, MaxChars
from rapport.members.schemas import MemberOut


class ConversationOut(Schema):
    id: int
    other: MemberOut = Field(
        description="The member you are talking with: their public profile (empty, with "
        "no photo, when they blocked you, as for one who left theirs empty)."
    )
    last_message_at: dt.datetime | None
    unread: int = Field(description="Messages to you that you have not read yet.")


class MessageIn(InputSchema):
    body: Annotated[str, MaxChars(MESSAGE_MAX)] = Field(
        description=f"1 to {MESSAGE_MAX} characters."
    )


class MessageOut(Schema):
    id: int
    sender_id: int
    mine: bool = Field(description="Whether you wrote it.")
    body: str = Field(description="The text; empty once its sender deleted it.")
    created_at: dt.datetime
    deleted: bool = Field(
        description="Its sender deleted it: the text is erased; its place, sender and "
        'time stay, shown as "Message deleted".'
    )
    deleted_at: dt.datetime | None = Field(description="When it was deleted.")
