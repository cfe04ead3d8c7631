"""What the API takes in and gives out about members.

Input and output are separate classes. Output about anyone shows the public profile
only: never an email, a password hash, a staff flag, or a count of anything.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from ninja import Schema
from pydantic import Field, field_validator

from rapport.input_schema import InputSchema, MaxChars
from rapport.limits import limit_of
from rapport.members.models import ApiToken, Member, PendingEmail
from rapport.members.passwords import PASSWORD_MAX
from rapport.members.services import interests_normalise
from rapport.members.two_step_codes import RECOVERY_CODE_DIGITS, code_typed
from rapport.photos.selectors import photo_hash_loaded, photo_url

_TIME_ZONE = (
    "Your time zone, an IANA name such as Europe/Lisbon (an unknown one answers 422). "
    "Dates in your keeper and on your pages are days in it. Only you see it."
)


def _profile(field_name: str) -> MaxChars:
    return MaxChars(limit_of(Member, field_name))


# Profile texts, each as long as its column; interests are measured as stored (lower
# case, each once), so a list with repeats the profile page takes is taken here too.
Name = Annotated[str, _profile("name")]
Headline = Annotated[str, _profile("headline")]
Organisation = Annotated[str, _profile("organisation")]
Location = Annotated[str, _profile("location")]
Bio = Annotated[str, _profile("bio")]
Interests = Annotated[
    str,
    MaxChars(limit_of(Member, "interests"), measure=lambda text: len(interests_normalise(text))),
]
CanHelpWith = Annotated[str, _profile("can_help_with")]
LookingFor = Annotated[str, _profile("looking_for")]
TimeZone = Annotated[str, _profile("time_zone")]
Username = Annotated[str, _profile("username")]
Email = Annotated[str, _profile("email")]
# Measured as typed: a password keeps its spaces.
Password = Annotated[str, MaxChars(PASSWORD_MAX, measure=len)]
# Spaces and dashes between groups are not part of a code.
Code = Annotated[str, MaxChars(RECOVERY_CODE_DIGITS, measure=lambda text: len(code_typed(text)))]


# A member's photo, in every answer that shows a member: read with the list that shows
# them, under the rule of who sees whose photo (``rapport.photos.selectors``), so a
# member who blocked you shows null, as one without a photo does.
PhotoUrl = Annotated[
    str | None,
    Field(
        description="Their photo, 256x256 WebP, or null without one (show their initials). "
        "Fetch it with your session or your token; its address changes with the photo."
    ),
]
PhotoSmallUrl = Annotated[str | None, Field(description="Their photo at 64x64, for lists.")]


class FaceOut(Schema):
    """The base of every schema that shows a member: it fills ``photo_url`` and
    ``photo_small_url`` (declared last by each, as ``PhotoUrl = None`` and
    ``PhotoSmallUrl = None``) from the member, or from a dict that has them."""

    @staticmethod
    def resolve_photo_url(obj: object) -> str | None:
        return _photo_address(obj, small=False)

    @staticmethod
    def resolve_photo_small_url(obj: object) -> str | None:
        return _photo_address(obj, small=True)


def _photo_address(obj: object, *, small: bool) -> str | None:
    """The member's photo address, from the hash their list read with them under the
    rule of who sees whose photo (``rapport.photos.selectors``); a member already
    made into a dict keeps the address it has (``photo_addresses``)."""
    if isinstance(obj, dict):
        return obj.get("photo_small_url" if small else "photo_url")
    return photo_url(obj.pk, photo_hash_loaded(obj), small=small)  # type: ignore[attr-defined]


def photo_addresses(member_id: int, content_hash: str | None) -> dict[str, str | None]:
    """``FaceOut``'s two fields, for an answer built as a dict: ``content_hash`` as the
    list read it (None without a photo, or for one who blocked the viewer)."""
    return {
        "photo_url": photo_url(member_id, content_hash),
        "photo_small_url": photo_url(member_id, content_hash, small=True),
    }


class MemberOut(FaceOut):
    """A member's public profile, as any other member may read it."""

    id: int
    username: str
    name: str
    headline: str
    organisation: str
    location: str
    bio: str
    interests: list[str]
    can_help_with: str
    looking_for: str
    photo_url: PhotoUrl = None
    photo_small_url: PhotoSmallUrl = None

    @field_validator("interests", mode="before")
    @classmethod
    def _interests_as_list(cls, value: object) -> object:
        # The model stores "climate, jazz"; clients get ["climate", "jazz"].
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value


def profile_withheld(member: Member) -> dict[str, object]:
    """``MemberOut`` for a member who blocked the reader: the name (which the reader
    already knew) and an empty profile. The same shape as any member's, so the answer
    reads as a member who left their profile empty; a shape of its own would tell the
    reader the block exists, which docs/security.md promises they never learn."""
    return {
        "id": member.pk,
        "username": member.username,
        "name": member.name,
        **dict.fromkeys(
            ("headline", "organisation", "location", "bio", "can_help_with", "looking_for"), ""
        ),
        "interests": [],
        **photo_addresses(member.pk, None),
    }


class MemberRefOut(FaceOut):
    """Just enough to name a member (and show their face), for example the one who
    introduced two others."""

    id: int
    name: str
    photo_url: PhotoUrl = None
    photo_small_url: PhotoSmallUrl = None


class MemberSearchOut(MemberOut):
    connected: bool = Field(description="Whether you are connected with this member.")


class CapacityOut(Schema):
    connections: int = Field(description="Your active connections.")
    cap: int = Field(description="This instance's cap on active connections.")


class MeOut(MemberOut):
    """Your own profile, with your own numbers: nobody else ever sees these."""

    capacity: CapacityOut
    pending_incoming: int = Field(description="Requests waiting for your answer.")
    time_zone: str = Field(description=_TIME_ZONE)


class ProfileIn(InputSchema):
    """Profile fields to change; a field left out (or null) stays as it is."""

    name: Name | None = None
    headline: Headline | None = None
    organisation: Organisation | None = None
    location: Location | None = None
    bio: Bio | None = None
    interests: Interests | None = Field(
        None, description="Comma-separated, for example: climate, jazz"
    )
    can_help_with: CanHelpWith | None = None
    looking_for: LookingFor | None = None
    time_zone: TimeZone | None = Field(None, description=_TIME_ZONE)

    def changes(self) -> dict[str, str]:
        return {key: value for key, value in self.model_dump().items() if value is not None}


class SignupIn(InputSchema):
    username: Username
    password: Password
    name: Name
    email: Email = ""
    headline: Headline = ""
    organisation: Organisation = ""
    location: Location = ""
    bio: Bio = ""
    interests: Interests = Field("", description="Comma-separated, for example: climate, jazz")
    can_help_with: CanHelpWith = ""
    looking_for: LookingFor = ""
    time_zone: TimeZone = Field("UTC", description=_TIME_ZONE)

    @field_validator("email")
    @classmethod
    def _email_is_an_address(cls, value: str) -> str:
        value = value.strip()
        if value:
            try:
                validate_email(value)
            except ValidationError:
                raise ValueError("enter a valid email address") from None
        return value


class TokenIn(InputSchema):
    username: Username
    password: Password
    label: Annotated[str, MaxChars(limit_of(ApiToken, "label"))] = Field(
        "API token", description="To recognise the token by, later."
    )
    code: Code = Field(
        "",
        description="For an account with two-step sign-in on: the 6-digit code its "
        "authenticator app shows now, or one of its recovery codes (used up by this).",
    )


class TokenOut(Schema):
    token: str = Field(description="The secret: shown this once, never stored in the clear.")
    id: int
    label: str


class AccountDeleteIn(InputSchema):
    password: Password = Field(description="Your password: deleting cannot be undone.")


class PasswordChangeIn(InputSchema):
    current_password: Password = Field(description="Your password now.")
    new_password: Password = Field(
        description="At least 10 characters, not a common password, not all digits, "
        "not like your username or email address."
    )


class EmailChangeIn(InputSchema):
    email: Annotated[str, MaxChars(limit_of(PendingEmail, "email"))] = Field(
        description="Your new address, where digests, reminders and reset links go once "
        "you confirm it from its mailbox; empty to have none, at once. Never shown to "
        "other members."
    )
    current_password: Password = Field(description="Your password.")


class EmailPendingOut(Schema):
    """A new address of yours waiting for confirmation: only you see it."""

    email_pending: str = Field(
        description="The address the link went to. Your account keeps its address until "
        "the link is opened."
    )
    asked_at: dt.datetime = Field(description="When the latest link was sent.")
    expires_at: dt.datetime = Field(description="When that link stops working.")


class ExportOut(Schema):
    """Everything Rapport holds about you that you may see. See docs/security.md."""

    format: str = Field(description="Always `rapport-member-export`.")
    version: int
    exported_at: str = Field(description="When, as ISO 8601.")
    member: dict[str, object] = Field(description="Your profile and account.")
    records: dict[str, list[dict[str, object]]] = Field(
        description="Rows by model (`app.Model`): every kind of data that can be about a "
        "member, each with the rows that are yours or shared with you."
    )
    withheld: dict[str, str] = Field(
        description="Relations (`app.Model.field`) whose rows are someone else's private "
        "record, with the reason they are not included."
    )
    members: dict[str, str] = Field(description="Names of the members the records mention.")


class TwoStepOut(Schema):
    """Whether your account signs in in two steps. The key and the recovery codes are
    never in the API: two-step sign-in is set up, renewed and turned off on the
    Account page, where the key can be shown as a QR code."""

    enabled: bool = Field(
        description="Whether logging in (the page and `POST /api/token`) asks for a code "
        "from an authenticator app after the password."
    )
    enabled_at: dt.datetime | None = Field(description="Since when; null while it is off.")
    recovery_codes_left: int | None = Field(
        description="Your recovery codes not used yet; null while it is off."
    )


class SessionOut(Schema):
    """A browser signed in to your account. Never the session's key: whoever holds a
    key is signed in with it."""

    id: str = Field(
        description="The session's public id (a one-way hash of its key), for "
        "`DELETE /api/me/sessions/{id}`."
    )
    device: str = Field(
        description='What it signed in from, read from its User-Agent: "Firefox on Linux", '
        '"Safari on iPhone", or "Unknown device".'
    )
    signed_in_at: dt.datetime | None = Field(
        description="When it signed in; null for a session older than this list."
    )
    last_active: dt.datetime | None = Field(
        description="When it was last used, to within 15 minutes; null when unknown."
    )
    expires_at: dt.datetime = Field(description="When it ends unless used again.")
    current: bool = Field(
        description="Whether it is the session making this call: always false with an API token."
    )


class SessionsEndedOut(Schema):
    ended: int = Field(description="How many of your sessions were signed out.")
