"""Writes about members: sign-up, profile, API tokens, and erasing an account."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, router, transaction
from django.db.models.deletion import Collector
from django.utils import timezone

from rapport.errors import Conflict, InvalidInput, NotFound, Problems
from rapport.members.models import ApiToken, Member
from rapport.safety.throttle import (
    account_creation_record,
    login_failure_record,
    login_failures_forget,
    login_throttle_check,
    signup_throttle_check,
)

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


def _check_lengths(values: dict[str, str], problems: Problems) -> None:
    for field_name, value in values.items():
        limit = Member._meta.get_field(field_name).max_length
        with problems.check():
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
    ip: str = "",
    **profile: str,
) -> Member:
    """Create an account. ``ip``, the client's address, counts toward the sign-up
    throttle (rapport/safety/throttle.py); without one nothing is counted."""
    signup_throttle_check(ip=ip)
    username = username.strip()
    name = " ".join(name.split())
    problems = Problems()
    with problems.check():
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
    with problems.check():
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
    _check_lengths(values, problems)
    candidate = Member(username=username, email=email.strip(), **values)
    with problems.check():
        try:
            password_validation.validate_password(password, user=candidate)
        except ValidationError as error:
            raise InvalidInput(" ".join(error.messages), field="password") from None
    problems.raise_any()
    candidate.set_password(password)
    if Member.objects.filter(username__iexact=username).exists():
        raise Conflict("That username is taken.", code="username_taken", field="username")
    try:
        with transaction.atomic():
            candidate.save()
            account_creation_record(ip=ip)
    except IntegrityError:
        raise Conflict("That username is taken.", code="username_taken", field="username") from None
    return candidate


def member_update_profile(*, member: Member, **changes: str) -> Member:
    unknown = set(changes) - set(PROFILE_FIELDS)
    if unknown:
        field_name = sorted(unknown)[0]
        raise InvalidInput(f"Unknown profile field {field_name!r}.", field=field_name)
    values = {k: v.strip() for k, v in changes.items()}
    problems = Problems()
    if "name" in values:
        values["name"] = " ".join(values["name"].split())
        with problems.check():
            if not values["name"]:
                raise InvalidInput("Your name cannot be empty.", field="name")
    if "interests" in values:
        values["interests"] = _normalise_interests(values["interests"])
    _check_lengths(values, problems)
    problems.raise_any()
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


def _files_of(collector: Collector) -> list[tuple[Any, str]]:
    """The stored files of every row a deletion will remove: rows go, so must files.

    An import's upload is a path, not a ``FileField``: ``rapport.imports.upload_removal``
    removes it when its job row goes, on this path as on every other."""
    found: list[tuple[Any, str]] = []

    def scan(model: type[models.Model], objs: Any) -> None:
        file_fields = [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]
        for obj in objs:
            for field in file_fields:
                stored = getattr(obj, field.attname)
                if stored:
                    found.append((field.storage, str(stored)))

    for model, instances in collector.data.items():
        scan(model, instances)
    for queryset in collector.fast_deletes:
        if any(isinstance(f, models.FileField) for f in queryset.model._meta.concrete_fields):
            scan(queryset.model, queryset)
    return found


def member_password_confirm(*, member: Member, password: str, ip: str = "") -> None:
    """Check the member's own password before something that cannot be undone.

    Wrong guesses count toward the same throttle as logging in, so a stolen session
    cannot be used to guess the password here instead.
    """
    login_throttle_check(username=member.username, ip=ip)
    if not password or not member.check_password(password):
        login_failure_record(username=member.username, ip=ip)
        raise InvalidInput("That is not your password.", code="wrong_password", field="password")


def member_delete(*, member: Member, password: str, ip: str = "") -> None:
    """Erase the member and every row about them, at once and for good.

    Django's deletion collector follows every foreign key to the member: the member's
    own rows (profile, tokens, keeper, requests, conversations with both sides'
    messages, blocks, reports they made...) are deleted, and links to them from other
    members' own notes (a keeper entry in someone else's keeper) are set to null, so
    those notes stay their author's. Sessions, login failures and stored files go too.
    docs/security.md says what is erased and what stays with other members.

    Not one transaction with the check: a wrong password's failure must be recorded
    even though the deletion does not happen. The erasure itself is atomic.
    """
    member_password_confirm(member=member, password=password, ip=ip)
    member_erase(member=member)


@transaction.atomic
def member_erase(*, member: Member) -> None:
    """The erasure itself, for `member_delete` and for an administrator acting on request."""
    collector = Collector(using=router.db_for_write(Member))
    collector.collect([member])  # their sessions too (members.MemberSession)
    files = _files_of(collector)
    username = member.username
    collector.delete()
    login_failures_forget(username=username)

    def remove_files() -> None:
        for storage, name in files:
            storage.delete(name)

    transaction.on_commit(remove_files)
