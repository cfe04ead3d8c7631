"""What the gatherings API takes in and gives out.

No schema counts anything: the host sees the guests themselves (they need them to
plan); nobody else sees a number of people coming.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import Field

from rapport.gatherings.models import AGENDA_MAX, LINK_MAX, PLACE_MAX, TIME_ZONE_MAX, TITLE_MAX
from rapport.gatherings.services import INVITE_MAX
from rapport.gatherings.states import Rsvp, Visibility
from rapport.input_schema import InputSchema, MaxChars, MaxItems, TimeWithOffset
from rapport.members.schemas import FaceOut, PhotoSmallUrl, PhotoUrl

_TIME = "ISO 8601 with an offset, e.g. 2026-05-01T18:30:00+01:00; refused without one."
_TIME_ZONE = (
    "The time at the place: an IANA name such as Europe/Lisbon (an unknown one answers "
    "422 `unknown_time_zone`), shown to everyone who sees the gathering beside its time; "
    '"" for a gathering with no place of its own (online only), whose times each member '
    "reads in their own zone. It names the times, it does not move them: the times are "
    "absolute, with their offsets."
)

Title = Annotated[str, MaxChars(TITLE_MAX)]
Place = Annotated[str, MaxChars(PLACE_MAX)]
Link = Annotated[str, MaxChars(LINK_MAX)]
Agenda = Annotated[str, MaxChars(AGENDA_MAX)]
TimeZone = Annotated[str, MaxChars(TIME_ZONE_MAX)]


class GatheringIn(InputSchema):
    title: Title
    starts_at: TimeWithOffset = Field(description=_TIME)
    ends_at: TimeWithOffset = Field(description=_TIME)
    time_zone: TimeZone = Field("", description=_TIME_ZONE)
    place: Place = Field("", description="Where, in words. A place, a link, or both.")
    link: Link = Field("", description="An https:// link to join online.")
    agenda: Agenda = Field("", description="What you will do; or set no_agenda.")
    no_agenda: bool = Field(False, description='"No agenda, just conversation."')
    visibility: str = Field(
        Visibility.INVITE,
        description="invite (invited members only) or community (open to every member).",
        json_schema_extra={"enum": list(Visibility.values)},
    )


class GatheringPatchIn(InputSchema):
    """Changes; fields left out stay as they are."""

    title: Title | None = None
    starts_at: TimeWithOffset | None = Field(None, description=_TIME)
    ends_at: TimeWithOffset | None = Field(None, description=_TIME)
    time_zone: TimeZone | None = Field(None, description=_TIME_ZONE)
    place: Place | None = None
    link: Link | None = None
    agenda: Agenda | None = None
    no_agenda: bool | None = None
    visibility: str | None = Field(None, json_schema_extra={"enum": list(Visibility.values)})

    def changes(self) -> dict[str, Any]:
        return {k: v for k, v in self.model_dump(exclude_unset=True).items() if v is not None}


class GatheringHostOut(FaceOut):
    id: int
    name: str
    photo_url: PhotoUrl = None
    photo_small_url: PhotoSmallUrl = None


class GatheringOut(Schema):
    id: int
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    time_zone: str = Field(description=_TIME_ZONE)
    place: str
    link: str
    agenda: str
    no_agenda: bool
    visibility: str
    state: str = Field(description="upcoming, ended, confirmed, cancelled or lapsed.")
    state_label: str
    happening_now: bool = Field(
        description="It has started and not yet ended (nor was it cancelled)."
    )
    host: GatheringHostOut
    you_host: bool
    you_are_invited: bool
    your_answer: str = Field(description='yes, maybe, no, or "" when you have not answered.')
    answered_before_change: bool = Field(
        description=(
            "You said yes or maybe before the host moved it (a new time, place or link): "
            "answer again to say whether you are still coming."
        )
    )
    you_attended: bool = Field(description="The host confirmed you came.")
    ics_url: str = Field(description="The gathering as an iCalendar file.")


class GatheringListsOut(Schema):
    upcoming: list[GatheringOut] = Field(description="A page of them, 50 at most.")
    past: list[GatheringOut] = Field(
        description=(
            "Past gatherings you hosted, were invited to or said you would come to: a page "
            "of them, 50 at most."
        )
    )
    upcoming_next_page: int | None = Field(
        description="The `upcoming_page` holding the next upcoming ones; null when none follow."
    )
    past_next_page: int | None = Field(
        description="The `past_page` holding the next past ones; null when none follow."
    )


class InviteIn(InputSchema):
    member_ids: Annotated[list[int], MaxItems(INVITE_MAX)] = Field(
        description=f"Members to invite, at most {INVITE_MAX} at once."
    )


class RsvpIn(InputSchema):
    answer: str = Field(
        description="yes, maybe or no.", json_schema_extra={"enum": list(Rsvp.values)}
    )


class AttendanceIn(InputSchema):
    attended_ids: list[int] = Field(
        description="The guests who came (you, the host, are counted in)."
    )


class GuestOut(FaceOut):
    """A guest as the host sees them."""

    id: int
    name: str
    invited: bool
    answer: str
    answered_before_change: bool = Field(
        description=(
            "They said yes or maybe before you moved it (a new time, place or link), "
            "and have not answered since."
        )
    )
    attended: bool
    photo_url: PhotoUrl = None
    photo_small_url: PhotoSmallUrl = None


class AttendeeOut(FaceOut):
    """Someone the host confirmed came, as another confirmed attendee sees them."""

    id: int
    name: str
    headline: str
    organisation: str
    connected: bool = Field(description="Whether you are already connected.")
    request: Literal["sent", "received"] | None = Field(
        None,
        description="A request waiting between you: `sent` by you, `received` from them.",
    )
    photo_url: PhotoUrl = None
    photo_small_url: PhotoSmallUrl = None
