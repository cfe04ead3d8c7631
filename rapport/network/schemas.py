"""What the API takes in and gives out about requests and connections.

A request is shown differently to its two ends: the recipient sees who asked and
why; the sender sees only a state they may know (a decline reads "pending" until
the request would have expired, then "not_accepted").
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from ninja import Schema
from pydantic import Field

from rapport.input_schema import InputSchema, MaxChars
from rapport.members.schemas import MemberOut, MemberRefOut
from rapport.network.states import DETAIL_MAX, NOTE_MAX, NOTE_MIN, OFFER_MAX, Context

CONTEXT_CODES = list(Context.labels)


class RequestIn(InputSchema):
    recipient_id: int
    context: str = Field(
        description="How you know them: " + ", ".join(CONTEXT_CODES) + ".",
        json_schema_extra={"enum": list(CONTEXT_CODES)},
    )
    context_detail: Annotated[str, MaxChars(DETAIL_MAX)] = Field(
        "",
        description="Which gathering, who introduced you, ...: required for "
        + " and ".join(sorted(Context.detail_required))
        + f"; at most {DETAIL_MAX} characters.",
    )
    introducer_id: int | None = Field(
        None, description="The member who introduced you; required for `introduced`."
    )
    note: Annotated[str, MaxChars(NOTE_MAX)] = Field(
        description=f"A personal note, {NOTE_MIN} to {NOTE_MAX} characters. "
        "It becomes the first message of your conversation if accepted."
    )
    offer: Annotated[str, MaxChars(OFFER_MAX)] = Field(
        "", description=f"What you could offer them; at most {OFFER_MAX} characters."
    )


class DeclineIn(InputSchema):
    reason: Literal["", "dont_know"] = Field(
        "",
        description='Optional. `dont_know`: "I don\'t know this person". The sender is '
        "never told; Rapport takes it into account for the sender's future requests.",
    )


class _RequestOut(Schema):
    id: int
    context: str
    context_label: str
    context_detail: str
    verified: str = Field(
        description='What Rapport itself vouches for, e.g. "Introduced by Ana"; empty if nothing.'
    )
    introducer: MemberRefOut | None
    note: str
    offer: str
    created_at: dt.datetime
    expires_at: dt.datetime


class IncomingRequestOut(_RequestOut):
    """A request waiting for your answer."""

    sender: MemberOut


class OutgoingRequestOut(_RequestOut):
    """A request you sent, in the only state you may know."""

    recipient: MemberOut = Field(
        description="The member you asked: their public profile (empty, with no photo, "
        "when they blocked you, as for one who left theirs empty)."
    )
    state: Literal["pending", "accepted", "not_accepted", "withdrawn"] = Field(
        description="A silent decline reads `pending` until expiry, then `not_accepted`."
    )


class ConnectionOut(Schema):
    member: MemberOut
    since: dt.datetime


class AcceptOut(Schema):
    connection: ConnectionOut
    conversation_id: int = Field(description="The conversation that opens with the note.")
