"""Writes about members: sign-up, profile, API tokens."""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from rapport.errors import Conflict, InvalidInput, NotFound
from rapport.members.models import ApiToken, Member

PROFILE_FIELDS = (
    "name",
    "headline",
    "organisation",
    "location",
    "bio",
    "interests",
    "can_help_with",
    "looking_for",
)
TOKEN_PREFIX = "rpt_"


def _check_lengths(values: dict[str, str]) -> None:
    for field_name, value in values.items():
        limit = Member._meta.get_field(field_name).max_length
        if limit and len(value) > limit:
            raise InvalidInput(
                f"{Member._meta.get_field(field_name).verbose_name.capitalize()} "
                f"is {len(value)} characters; the limit is {limit}.",
                field=field_name,
            )


def _normalise_interests(raw: str) -> str:
    seen: dict[str, None] = {}
    for part in raw.split(","):
        cleaned = " ".join(part.split()).lower()
        if cleaned:
            seen.setdefault(cleaned, None)
    return ", ".join(seen)


def member_signup(
    *,
    username: str,
    password: str,
    name: str,
    email: str = "",
    **profile: str,
) -> Member:
    username = username.strip()
    name = " ".join(name.split())
    if not username:
        raise InvalidInput("Choose a username.", field="username")
    try:
        Member.username_validator(username)
    except ValidationError:
        raise InvalidInput(
            "A username may hold letters, digits and @ . + - _ only.", field="username"
        ) from None
    if len(username) > 150:
        raise InvalidInput("A username is at most 150 characters.", field="username")
    if not name:
        raise InvalidInput("Tell people your name.", field="name")
    unknown = set(profile) - set(PROFILE_FIELDS)
    if unknown:
        raise InvalidInput(
            f"Unknown profile field {sorted(unknown)[0]!r}.", field=sorted(unknown)[0]
        )
    values = {"name": name, **{k: v.strip() for k, v in profile.items()}}
    if "interests" in values:
        values["interests"] = _normalise_interests(values["interests"])
    _check_lengths(values)
    candidate = Member(username=username, email=email.strip(), **values)
    try:
        password_validation.validate_password(password, user=candidate)
    except ValidationError as error:
        raise InvalidInput(" ".join(error.messages), field="password") from None
    candidate.set_password(password)
    if Member.objects.filter(username__iexact=username).exists():
        raise Conflict("That username is taken.", code="username_taken", field="username")
    try:
        with transaction.atomic():
            candidate.save()
    except IntegrityError:
        raise Conflict("That username is taken.", code="username_taken", field="username") from None
    return candidate


def member_update_profile(*, member: Member, **changes: str) -> Member:
    unknown = set(changes) - set(PROFILE_FIELDS)
    if unknown:
        field_name = sorted(unknown)[0]
        raise InvalidInput(f"Unknown profile field {field_name!r}.", field=field_name)
    values = {k: v.strip() for k, v in changes.items()}
    if "name" in values:
        values["name"] = " ".join(values["name"].split())
        if not values["name"]:
            raise InvalidInput("Your name cannot be empty.", field="name")
    if "interests" in values:
        values["interests"] = _normalise_interests(values["interests"])
    _check_lengths(values)
    for field_name, value in values.items():
        setattr(member, field_name, value)
    member.save(update_fields=list(values) or None)
    return member


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def api_token_create(*, member: Member, label: str) -> tuple[ApiToken, str]:
    """Return the stored token and the raw secret, which is never stored or shown again."""
    label = label.strip() or "API token"
    if len(label) > 80:
        raise InvalidInput("A token label is at most 80 characters.", field="label")
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        member=member, label=label, prefix=raw[: len(TOKEN_PREFIX) + 6], digest=_digest(raw)
    )
    return token, raw


def api_token_revoke(*, member: Member, token_id: int) -> None:
    updated = ApiToken.objects.filter(pk=token_id, member=member, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    if not updated:
        raise NotFound("No such token.")


def api_token_authenticate(raw: str) -> Member | None:
    if not raw.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("member")
        .filter(digest=_digest(raw), revoked_at__isnull=True, member__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    # Touch at most once a minute: a busy client should not write on every call.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.member
