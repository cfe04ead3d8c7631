"""What the keeper's API takes in and gives out.

Everything here is the owner's own: no schema describes another member's keeper,
because no operation ever shows one. Input and output are separate classes; inputs
leave the rules (known codes, dates) to the services, which name the field. Lengths
are announced here (``maxLength``) from the same fields and constants the services
check, and refused before the service is asked; but for a tag, which the service
refuses naming it ("The tag 'supply chain…' is 48 characters"), in the words the
page shows too: a place in a list ("tags.1") tells a person less than the tag.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal, get_args

from ninja import Schema
from pydantic import Field
from pydantic.config import JsonDict

from rapport.input_schema import InputSchema, MaxChars, TimeWithOffset
from rapport.keeper.models import MET_CONTEXTS, KeySeat, Person, PersonDate
from rapport.keeper.services import ENTRY_LABEL_MAX, LINK_MAX, NOTE_MAX, TAG_MAX
from rapport.keeper.vocabulary import SEAT_COUNT, Circle, DateKind, Direction, Kind
from rapport.limits import EMAIL_MAX, limit_of

CircleCode = Literal["5", "15", "50", "150", "acquaintance", "past"]
assert list(get_args(CircleCode)) == Circle.codes, "CircleCode drifted from Circle.codes"

MET_CONTEXT_CODES = ["", *dict(MET_CONTEXTS)]


def _one_of(codes: list[str]) -> JsonDict:
    return {"enum": [*codes]}


def _person(field_name: str) -> MaxChars:
    return MaxChars(limit_of(Person, field_name))


# An email address or a phone number (whose pattern keeps it far shorter).
ContactValue = Annotated[str, MaxChars(EMAIL_MAX)]
LinkUrl = Annotated[str, MaxChars(LINK_MAX)]
EntryLabel = Annotated[str, MaxChars(ENTRY_LABEL_MAX)]
Note = Annotated[str, MaxChars(NOTE_MAX)]


# --- people ------------------------------------------------------------------------


class ContactIn(InputSchema):
    value: ContactValue = Field(description="An email address or a phone number.")
    type: EntryLabel = Field("", description="work, home, mobile, ...")


class LinkIn(InputSchema):
    url: LinkUrl = Field(description="An http(s) address.")
    label: EntryLabel = ""


class ContactOut(Schema):
    value: str
    type: str


class LinkOut(Schema):
    url: str
    label: str


class _PersonFieldsIn(InputSchema):
    emails: list[ContactIn | ContactValue] | None = Field(
        None, description="Addresses, as text or as {value, type}."
    )
    phones: list[ContactIn | ContactValue] | None = Field(
        None, description="Numbers, as text or as {value, type}."
    )
    links: list[LinkIn | LinkUrl] | None = Field(
        None, description="Web addresses, or {url, label}."
    )
    linkedin_url: Annotated[str, _person("linkedin_url")] | None = Field(
        None, description="A LinkedIn profile address; stored as https://www.linkedin.com/in/…"
    )
    organisation: Annotated[str, _person("organisation")] | None = None
    role: Annotated[str, _person("role")] | None = None
    met_context: str | None = Field(
        None,
        description="How you met: " + ", ".join(code for code in MET_CONTEXT_CODES if code) + ".",
        json_schema_extra=_one_of(MET_CONTEXT_CODES),
    )
    met_on: dt.date | None = None
    met_place: Annotated[str, _person("met_place")] | None = None
    met_gathering: Annotated[str, _person("met_gathering")] | None = None
    met_introducer_id: int | None = Field(
        None, description="The person in your keeper who introduced you."
    )
    what_makes_them_tick: Annotated[str, _person("what_makes_them_tick")] | None = Field(
        None,
        description=f"Free text, up to {limit_of(Person, 'what_makes_them_tick')} characters.",
    )
    tags: list[Annotated[str, Field(json_schema_extra={"maxLength": TAG_MAX})]] | None = None
    circle: str | None = Field(
        None,
        description="Dunbar circle: " + ", ".join(Circle.codes) + ".",
        json_schema_extra=_one_of(Circle.codes),
    )
    cadence_days: int | None = Field(
        None,
        description="Days between contacts, 1 to 3650; null uses the circle's default "
        "(7, 30, 90, 365 days; none outside the 150).",
    )


class PersonIn(_PersonFieldsIn):
    """A new person in your keeper. Only the name is required."""

    name: Annotated[str, _person("name")]

    def fields(self) -> dict[str, Any]:
        """What was sent, without the name; a field left out takes the model's default.
        The service judges each value, so they are as loosely typed as it takes them."""
        return self.model_dump(exclude_unset=True, exclude={"name"})


class PersonPatchIn(_PersonFieldsIn):
    """Changes to a person. Fields left out stay as they are; null clears a field."""

    name: Annotated[str, _person("name")] | None = None

    def changes(self) -> dict[str, object]:
        return self.model_dump(exclude_unset=True)


class PersonRefOut(Schema):
    """Just enough to name a person in your keeper."""

    id: int
    name: str


class PersonSummaryOut(Schema):
    """A person as your keeper lists them."""

    id: int
    name: str
    organisation: str
    role: str
    circle: str
    circle_label: str
    tags: list[str]
    member_id: int | None = Field(description="Set when this person is a Rapport member.")
    last_contact_at: dt.datetime | None
    due_on: dt.date | None = Field(description="When to reach out next; null outside the 150.")


# --- yearly dates ----------------------------------------------------------------------


class _PersonDateFieldsIn(InputSchema):
    label: Annotated[str, MaxChars(limit_of(PersonDate, "label"))] | None = Field(
        None,
        description='Required for `other`, to say what the day is ("Started at Transit '
        'Lab"); an anniversary may have one ("Wedding"); a birthday has none.',
    )
    year: int | None = Field(
        None, description="When known: from 1900, and the whole date not in the future."
    )


class PersonDateIn(_PersonDateFieldsIn):
    """A birthday, an anniversary or another day of theirs that comes round every year."""

    kind: str = Field(
        DateKind.BIRTHDAY,
        description="birthday (one per person), anniversary or other.",
        json_schema_extra=_one_of(DateKind.codes),
    )
    month: int = Field(description="1 (January) to 12 (December).")
    day: int = Field(description="1 to the month's longest: 29 February is a date.")


class PersonDatePatchIn(_PersonDateFieldsIn):
    """Changes to a date. Fields left out stay as they are; a null `year` forgets it."""

    kind: str | None = Field(None, json_schema_extra=_one_of(DateKind.codes))
    month: int | None = None
    day: int | None = None

    def changes(self) -> dict[str, object]:
        changes = self.model_dump(exclude_unset=True)
        for name in ("kind", "month", "day"):
            if name in changes and changes[name] is None:
                del changes[name]  # these cannot be cleared; null leaves them as they are
        if "label" in changes and changes["label"] is None:
            changes["label"] = ""
        return changes


class PersonDateOut(Schema):
    """One of a person's yearly dates, and when it next comes round in your time zone."""

    id: int
    kind: str
    kind_label: str
    label: str
    month: int
    day: int
    year: int | None
    title: str = Field(description="What the day is: Birthday, Anniversary, or its label.")
    next_on: dt.date = Field(
        description="The next day it comes round, today included; 29 February comes "
        "round on 28 February in a common year."
    )
    days_away: int = Field(description="0 today, 1 tomorrow, ...")
    years: int | None = Field(
        description="How old the date is on `next_on` (their age, for a birthday), when "
        "the year is known."
    )
    detail: str = Field(description='"turns 40", "10 years", or "" without a year.')


class UpcomingDateOut(PersonDateOut):
    person: PersonRefOut


class CircleSuggestionOut(Schema):
    circle: str
    circle_label: str
    reason: str = Field(description="One line, for example '9 conversations in the last 90 days'.")


class PersonOut(PersonSummaryOut):
    """Everything you keep about a person, with what the keeper makes of it."""

    emails: list[ContactOut]
    phones: list[ContactOut]
    links: list[LinkOut]
    linkedin_url: str
    met_context: str
    met_on: dt.date | None
    met_place: str
    met_gathering: str
    met_introducer: PersonRefOut | None
    what_makes_them_tick: str
    cadence_days: int | None = Field(description="Your own cadence; null uses the circle's.")
    effective_cadence_days: int | None = Field(description="The cadence in force, in days.")
    snoozed_until: dt.date | None
    dates: list[PersonDateOut] = Field(
        description="Birthday, anniversaries and other yearly dates, the next first."
    )
    suggestion: CircleSuggestionOut = Field(description="The circle the history suggests.")
    reciprocity: str = Field(description="What you gave and received in the last 12 months.")
    created_at: dt.datetime
    updated_at: dt.datetime


class SnoozeIn(InputSchema):
    until: dt.date | None = Field(
        description="Not due before this day (at most a year ahead); null ends the snooze."
    )


class ReachOutIn(InputSchema):
    kind: str = Field(
        Kind.MESSAGE,
        description="How you reached out: " + ", ".join(Kind.codes) + ".",
        json_schema_extra=_one_of(Kind.codes),
    )
    note: Note = ""
    keep_archived: bool = Field(
        False,
        description="Leave them archived if you archived them; by default reaching out "
        "brings them back into your lists, as logging an interaction does.",
    )


# --- interactions ------------------------------------------------------------------


class InteractionIn(InputSchema):
    person_ids: list[int] = Field(description="The people involved: one or more of yours.")
    kind: str = Field(
        description="One of " + ", ".join(Kind.codes) + ".", json_schema_extra=_one_of(Kind.codes)
    )
    direction: str = Field(
        Direction.MUTUAL,
        description="gave (you gave), received (you received) or mutual.",
        json_schema_extra=_one_of(Direction.codes),
    )
    favour: str = Field(
        "",
        description="What was given, when it was a favour: " + ", ".join(Kind.favours) + ".",
        json_schema_extra=_one_of(["", *Kind.favours]),
    )
    occurred_at: TimeWithOffset | None = Field(
        None,
        description="When, ISO 8601 with an offset (refused without one); now if left out.",
    )
    note: Note = Field("", description=f"Up to {NOTE_MAX} characters.")
    keep_archived: bool = Field(
        False,
        description="Leave the people you archived archived (an old conversation "
        "remembered); by default logging with them brings them back into your lists.",
    )


class InteractionOut(Schema):
    id: int
    occurred_at: dt.datetime
    kind: str
    kind_label: str
    direction: str
    favour: str
    note: str
    source: str = Field(description="manual, rapport (messages on Rapport) or import.")
    people: list[PersonRefOut]


class InteractionLoggedOut(InteractionOut):
    restored: list[PersonRefOut] = Field(
        description="The people it was with whom you had archived (the network audit's "
        "contacts, not connections), now back in your lists; empty with keep_archived."
    )


# --- keeping in touch, circles, seats ------------------------------------------------


class DueItemOut(Schema):
    person: PersonSummaryOut
    due_on: dt.date
    days_overdue: int = Field(description="Days past the due date; 0 or less when not yet due.")
    reason: str = Field(description="Why now, in words.")


class DueOut(Schema):
    overdue: list[DueItemOut]
    due_soon: list[DueItemOut]


class CircleOut(Schema):
    """One of your circles. Capacities are inclusive (the 15 holds the 5 inside it)."""

    circle: str
    circle_label: str
    size: int = Field(description="People in this circle itself.")
    inclusive_size: int = Field(
        description="People in this circle and the circles inside it, as Dunbar counts."
    )
    capacity: int | None = Field(description="Dunbar's number for the layer; null outside them.")
    overflow: int = Field(description="How many over capacity; 0 when within it.")
    message: str = Field(description="A sentence when the circle overflows; empty otherwise.")


class SeatOut(Schema):
    position: int = Field(description=f"1 to {SEAT_COUNT}.")
    group: str
    group_label: str
    role: str
    person: PersonRefOut | None = Field(description="Null: an empty seat, a gap to fill.")
    why: str


class SeatIn(InputSchema):
    """Changes to a seat; fields left out (or null) stay as they are."""

    role: Annotated[str, MaxChars(limit_of(KeySeat, "role"))] | None = Field(
        None, description=f"The role you name, up to {limit_of(KeySeat, 'role')} characters."
    )
    person_id: int | None = Field(None, description="A person in your keeper to seat here.")
    why: Annotated[str, MaxChars(limit_of(KeySeat, "why"))] | None = Field(
        None, description=f"Why them, up to {limit_of(KeySeat, 'why')} characters."
    )
    clear_person: bool = Field(False, description="Empty the seat.")


# --- duplicates and merge -----------------------------------------------------------


class DuplicateOut(Schema):
    keep: PersonSummaryOut
    other: PersonSummaryOut
    reasons: list[str] = Field(description="Why they look like one person, in words.")


class MergeIn(InputSchema):
    keep_id: int = Field(description="The person who stays.")
    merge_id: int = Field(description="The person folded into them; every value is kept.")
