"""Writes about members: sign-up, profile, API tokens, password and email address (a
new one confirmed from its mailbox), resetting a forgotten password, two-step sign-in,
signing out other sessions, and erasing an account."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any, cast

from django.contrib.auth import password_validation
from django.contrib.auth.forms import PasswordResetForm
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, models, router, transaction
from django.db.models.deletion import Collector
from django.utils import timezone

from rapport.errors import Conflict, InvalidInput, NotFound, Problems
from rapport.limits import limit_of
from rapport.members.account_mail import AccountChange
from rapport.members.email_confirmation import LinkState, email_confirmation_link_state
from rapport.members.models import (
    ApiToken,
    Member,
    MemberSession,
    PendingEmail,
    RecoveryCode,
    TwoStep,
)
from rapport.members.selectors import member_by_username
from rapport.members.sessions import session_public_id
from rapport.members.tasks import (
    send_account_change_notice,
    send_email_confirmation,
    send_password_reset_links,
)
from rapport.members.time_zones import UTC, time_zone_checked
from rapport.members.two_step_codes import (
    code_typed,
    is_app_code,
    is_recovery_code,
    recovery_code_digest,
    recovery_code_digests,
    recovery_codes_new,
    secret_new,
    step_of_code,
)
from rapport.prose import counted_length, one_line, paragraphs
from rapport.safety.throttle import (
    account_creation_reserve,
    email_confirmation_send_reserve,
    login_attempt_release,
    login_attempt_reserve,
    login_failures_forget,
    password_reset_request_reserve,
    signup_throttle_check,
    two_step_attempt_reserve,
    two_step_failures_forget,
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
# The profile's texts of several lines (a textarea each): kept with their line breaks.
PARAGRAPH_FIELDS = ("bio", "can_help_with", "looking_for")
TOKEN_PREFIX = "rpt_"
USERNAME_TAKEN = "That username is taken."


def profile_text_kept(field_name: str, value: str) -> str:
    """A profile text as the profile keeps it (``PROFILE_FIELDS``), or InvalidInput
    naming the field when it is over its limit. The limit is the column's
    ``max_length``, counted as the API counts it (``rapport.prose``): runs of spaces
    are one. A text of several lines keeps its line breaks, so it may be stored longer
    than that; its column is a text column, which has no length to overflow."""
    if field_name == "interests":
        kept = interests_normalise(value)
    elif field_name in PARAGRAPH_FIELDS:
        kept = paragraphs(value)
    else:
        kept = one_line(value)
    # A profile field (``PROFILE_FIELDS``) is a text column, never a relation.
    field = cast("models.Field[Any, Any]", Member._meta.get_field(field_name))
    limit = field.max_length
    length = counted_length(kept)
    if limit and length > limit:
        raise InvalidInput(
            f"{field.verbose_name.capitalize()} is {length:,} characters; the limit is {limit:,}.",
            field=field_name,
        )
    return kept


def _profile_texts_kept(values: dict[str, str], problems: Problems) -> dict[str, str]:
    """Every one of ``values`` as kept; each one over its limit goes to ``problems``."""
    kept = {}
    for field_name, value in values.items():
        with problems.check():
            kept[field_name] = profile_text_kept(field_name, value)
    return kept


def email_normalise(email: str) -> str:
    """An address as Django's ``normalize_email`` keeps it: trimmed, the domain part
    lower-cased (the part before the @ may be case-sensitive, so it is left alone)."""
    return Member.objects.normalize_email(email.strip())


def _check_email(email: str) -> None:
    """An empty address is allowed (it is optional); any other must be one."""
    if not email:
        return
    limit = Member._meta.get_field("email").max_length or 254
    if len(email) > limit:
        raise InvalidInput(
            f"An email address is at most {limit} characters; this one is {len(email)}.",
            field="email",
        )
    try:
        validate_email(email)
    except ValidationError:
        raise InvalidInput(
            "That is not an email address: it looks like name@example.org.", field="email"
        ) from None


def _check_new_password(password: str, *, member: Member, field: str = "new_password") -> None:
    """Django's ``AUTH_PASSWORD_VALIDATORS``, every one of their messages together."""
    try:
        password_validation.validate_password(password, user=member)
    except ValidationError as error:
        raise InvalidInput(" ".join(error.messages), field=field) from None


def _check_typed_again(password: str, again: str | None, *, field: str) -> None:
    """A page asks for a new password twice (``again``, named ``field``); the API and the
    command line once (``None``). Judged here, not by the form, so that a mistyped second
    is named in the same submit as the rules the first breaks."""
    if again is not None and again != password:
        raise InvalidInput("The two passwords differ.", field=field)


def interests_normalise(raw: str) -> str:
    """Interests as stored: lower case, one space between words, each once, ", " between.
    Their length limit counts this (the API measures it so too: members/schemas.py)."""
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
    password_again: str | None = None,
    email: str = "",
    time_zone: str = UTC,
    ip: str = "",
    email_link_domain: str = "",
    use_https: bool = True,
    **profile: str,
) -> Member:
    """Create an account. ``ip``, the client's address, counts toward the sign-up
    throttle (rapport/safety/throttle.py); without one nothing is counted.
    ``time_zone`` is an IANA name (rapport/members/time_zones.py). ``password_again``
    is the password typed a second time, where it was (the sign-up page; the API and
    the command line take it once).

    Every rule the values break is raised at once (``Problems``), a taken username
    among them, so the page names them all after one submit. A taken username is
    named last: the API answers with the first problem only, the same one as when the
    username was looked up only once all else was valid, and alone it stays
    ``Conflict`` (``username_taken``). It says no more than before: a sign-up with
    every other value right already told whether a username is taken.

    With ``email_link_domain`` (the request's host, and ``use_https`` its scheme: the
    sign-up page and the API), ``email`` waits for confirmation as a new address does
    (``member_email_change``): the account starts without one, and the address gets
    a link to confirm it and nothing else until it is opened, so that signing up with
    someone else's address sends them no digest, notice or reset link for an account
    that is not theirs. The link counts toward the confirmation throttle, and past it
    no account is made (``BudgetExceeded``). Without a domain (the command line, the
    demo, an administrator's script) the address is the account's at once."""
    signup_throttle_check(ip=ip)
    username = username.strip()
    name = " ".join(name.split())
    problems = Problems()
    username_taken = False
    with problems.check():
        _check_username(username)
        username_taken = member_by_username(username) is not None
    with problems.check():
        if not name:
            raise InvalidInput("Tell people your name.", field="name")
    email = email_normalise(email)
    with problems.check():
        _check_email(email)
    with problems.check():
        time_zone = time_zone_checked(time_zone)
    unknown = set(profile) - set(PROFILE_FIELDS)
    if unknown:
        raise InvalidInput(
            f"Unknown profile field {sorted(unknown)[0]!r}.", field=sorted(unknown)[0]
        )
    values = _profile_texts_kept({"name": name, **profile}, problems)
    candidate = Member(username=username, email=email, time_zone=time_zone, **values)
    with problems.check():
        try:
            password_validation.validate_password(password, user=candidate)
        except ValidationError as error:
            raise InvalidInput(" ".join(error.messages), field="password") from None
    with problems.check():
        _check_typed_again(password, password_again, field="password_again")
    if username_taken:
        if not problems.found:
            raise Conflict(USERNAME_TAKEN, code="username_taken", field="username")
        with problems.check():
            raise InvalidInput(USERNAME_TAKEN, code="username_taken", field="username")
    problems.raise_any()
    candidate.set_password(password)
    to_confirm = candidate.email if email_link_domain else ""
    if to_confirm:
        candidate.email = ""
    try:
        with transaction.atomic():
            # Counted in the same step as the check (the check above only refuses
            # early): accounts made at once from one address cannot pass the limit.
            account_creation_reserve(ip=ip)
            candidate.save()
            if to_confirm:
                _email_confirmation_send(
                    member=candidate,
                    email=to_confirm,
                    domain=email_link_domain,
                    use_https=use_https,
                )
    except IntegrityError:
        raise Conflict(USERNAME_TAKEN, code="username_taken", field="username") from None
    return candidate


def _check_username(username: str) -> None:
    """A username as typed, trimmed: not empty, of the allowed characters, not too long."""
    if not username:
        raise InvalidInput("Choose a username.", field="username")
    try:
        Member.username_validator(username)
    except ValidationError:
        raise InvalidInput(
            "A username may hold letters, digits and @ . + - _ only.", field="username"
        ) from None
    limit = limit_of(Member, "username")
    if len(username) > limit:
        raise InvalidInput(f"A username is at most {limit} characters.", field="username")


def member_update_profile(
    *, member: Member, time_zone: str | None = None, **changes: str
) -> Member:
    """Change profile fields, and the member's own time zone (``None`` leaves it)."""
    unknown = set(changes) - set(PROFILE_FIELDS)
    if unknown:
        field_name = sorted(unknown)[0]
        raise InvalidInput(f"Unknown profile field {field_name!r}.", field=field_name)
    problems = Problems()
    values: dict[str, str] = _profile_texts_kept(changes, problems)
    if "name" in values:
        with problems.check():
            if not values["name"]:
                raise InvalidInput("Your name cannot be empty.", field="name")
    if time_zone is not None:
        with problems.check():
            values["time_zone"] = time_zone_checked(time_zone)
    problems.raise_any()
    for field_name, value in values.items():
        setattr(member, field_name, value)
    member.save(update_fields=list(values) or None)
    return member


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def api_token_create(*, member: Member, label: str, form_nonce: str = "") -> tuple[ApiToken, str]:
    """Return the stored token and the raw secret, which is never stored or shown again.

    ``form_nonce`` is the random id of the tokens page's form that asks (empty from the
    API): one form makes one token, and sending it again (a reload of the page that
    showed the secret, a double click) raises ``Conflict`` (``token_form_used``) naming
    the token it made, whose secret cannot be shown again."""
    label = label.strip() or "API token"
    limit = limit_of(ApiToken, "label")
    if len(label) > limit:
        raise InvalidInput(f"A token label is at most {limit} characters.", field="label")
    nonce_limit = limit_of(ApiToken, "form_nonce")
    if len(form_nonce) > nonce_limit:
        raise InvalidInput(
            f"The form's id is at most {nonce_limit} characters; this one is "
            f"{len(form_nonce)}. Open the tokens page again.",
            field="form_nonce",
        )
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    try:
        with transaction.atomic():
            token = ApiToken.objects.create(
                member=member,
                label=label,
                prefix=raw[: len(TOKEN_PREFIX) + 6],
                digest=_digest(raw),
                form_nonce=form_nonce,
            )
    except IntegrityError:
        made = ApiToken.objects.filter(member=member, form_nonce=form_nonce).first()
        if made is None:  # not this form's token after all: the digest, which cannot clash
            raise
        raise Conflict(
            f"This form made a token already: “{made.label}” ({made.prefix}…). Its "
            "secret was shown once, when it was made; if you did not copy it, revoke it "
            "and create another.",
            code="token_form_used",
        ) from None
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


def member_password_confirm(
    *, member: Member, password: str, ip: str = "", field: str = "password"
) -> None:
    """Check the member's own password before something that cannot be undone, or that
    a stolen session must not be enough for (a new password, a new address).

    Wrong guesses count toward the same throttle as logging in, so a stolen session
    cannot be used to guess the password here instead. ``field`` names the form's field.
    A typed password is counted before it is checked (``login_attempt_reserve``), and
    given back when it is right: guesses sent at once cannot pass the limit.
    """
    attempt = login_attempt_reserve(username=member.username, ip=ip)
    if not password or not member.check_password(password):
        raise InvalidInput("That is not your password.", code="wrong_password", field=field)
    login_attempt_release(attempt)


def _notice_on_commit(*, member: Member, change: str, to: str) -> None:
    if to:
        member_id = member.pk
        transaction.on_commit(lambda: send_account_change_notice.enqueue(member_id, change, to))


def _password_set(*, member: Member, password: str, keep_session_key: str | None) -> None:
    """Store the new password and sign out every session of the member but one.

    Django would refuse those sessions anyway at their next request (a session holds a
    hash of the password it signed in with); deleting their rows ends them now, and
    leaves nothing for a stolen cookie to come back to.
    """
    member.set_password(password)
    member.save(update_fields=["password"])
    sessions = MemberSession.objects.filter(member_id=member.pk)
    if keep_session_key:
        sessions = sessions.exclude(session_key=keep_session_key)
    sessions.delete()


def member_password_change(
    *,
    member: Member,
    current_password: str,
    new_password: str,
    new_password_again: str | None = None,
    ip: str = "",
    keep_session_key: str | None = None,
) -> Member:
    """Change the member's password, knowing the current one. ``new_password_again``
    is the new one typed a second time, where it was (the Account page; the API takes
    it once).

    Every problem is raised at once, in the page's order: a wrong ``current_password``
    (counted toward the login throttle, so this is no way round it; past it,
    ``BudgetExceeded`` alone), whatever Django's password validators say of
    ``new_password``, or that it is the current one (said only once the current one is
    known to be right: nothing is told about a wrong guess), and a second typing that
    differs. The API answers the first, as it always did. Every session of the member
    ends except ``keep_session_key`` (the page's own session; none from an API token),
    and the member's address, if any, is told. API tokens are left alone: revoking them
    is a choice the member makes on the tokens page.

    Not one transaction with the check: a wrong password's failure must be recorded
    even though nothing changes. The change itself is atomic.
    """
    problems = Problems()
    current_right = False
    with problems.check():
        member_password_confirm(
            member=member, password=current_password, ip=ip, field="current_password"
        )
        current_right = True
    with problems.check():
        _check_new_password(new_password, member=member)
        if current_right and new_password == current_password:
            raise InvalidInput(
                "That is your current password; choose a new one.", field="new_password"
            )
    with problems.check():
        _check_typed_again(new_password, new_password_again, field="new_password_again")
    problems.raise_any()
    with transaction.atomic():
        _password_set(member=member, password=new_password, keep_session_key=keep_session_key)
        _notice_on_commit(member=member, change=AccountChange.PASSWORD, to=member.email)
    login_failures_forget(username=member.username)
    return member


def member_email_change(
    *,
    member: Member,
    email: str,
    current_password: str,
    ip: str = "",
    domain: str = "",
    use_https: bool = True,
) -> PendingEmail | None:
    """Ask for a new email address, or remove the address (``""``), knowing the password.

    The address receives the weekly digest, reminders and reset links, so a stolen
    session must not be enough to change it: the password is asked for, and wrong
    ones count toward the login throttle. A new address is not used until it is
    confirmed: it waits in a ``PendingEmail`` row (returned), a link to confirm it is
    mailed to it (``domain`` and ``use_https`` are the request's, as for reset links),
    and the account keeps its address, and its mail, until the link is opened
    (``member_email_confirm``). Asking for the waiting address again sends the link
    again; every link mailed counts toward ``email_confirmation_send_reserve``.

    Removing the address has nothing to confirm and takes effect at once, as does
    asking for the address the account already has (in any capitals); either ends a change waiting for
    confirmation, and None is returned. The address the account leaves is told.
    Addresses are not unique (sign-up never made them so), and are kept as Django
    keeps them (``email_normalise``).
    """
    email = email_normalise(email)
    problems = Problems()
    with problems.check():
        _check_email(email)
    with problems.check():
        member_password_confirm(
            member=member, password=current_password, ip=ip, field="current_password"
        )
    problems.raise_any()
    previous = member.email
    # The same address in other capitals ("BEN@example.org") reaches the same mailbox
    # at every provider there is: nothing to prove, so it is kept at once, as typed.
    same_mailbox = bool(email) and email.casefold() == previous.casefold()
    if email and not same_mailbox:
        return _email_confirmation_send(
            member=member, email=email, domain=domain, use_https=use_https
        )
    with transaction.atomic():
        PendingEmail.objects.filter(member_id=member.pk).delete()
        if email != previous:
            member.email = email
            member.save(update_fields=["email"])
            if not same_mailbox:
                _notice_on_commit(member=member, change=AccountChange.EMAIL, to=previous)
    return None


def _email_confirmation_send(
    *, member: Member, email: str, domain: str, use_https: bool
) -> PendingEmail:
    """Record ``email`` as waiting, as of now, and mail it a link (the worker makes it):
    a link mailed before for this member is replaced, as its time is no longer the
    row's."""
    now = timezone.now()
    member_id = member.pk
    with transaction.atomic():
        email_confirmation_send_reserve(member_id=member_id, email=email, now=now)
        pending, _created = PendingEmail.objects.update_or_create(
            member_id=member_id, defaults={"email": email, "asked_at": now}
        )
        # This change's address and time, not the member's id alone: a change asked for
        # before the worker gets to this one must not have its link mailed twice, and
        # this address none.
        asked_at = pending.asked_at.isoformat()
        transaction.on_commit(
            lambda: send_email_confirmation.enqueue(member_id, domain, use_https, email, asked_at)
        )
    return pending


def member_email_confirmation_resend(
    *, member: Member, domain: str, use_https: bool
) -> PendingEmail:
    """Mail the address waiting for confirmation a new link (the last one dies); the
    link's time starts again. No password: it goes only where the member asked, with
    their password, for it to go. ``NotFound`` when nothing waits."""
    pending = PendingEmail.objects.filter(member_id=member.pk).first()
    if pending is None:
        raise NotFound("No new email address is waiting for confirmation.", field="email")
    return _email_confirmation_send(
        member=member, email=pending.email, domain=domain, use_https=use_https
    )


def member_email_change_cancel(*, member: Member) -> None:
    """Forget the address waiting for confirmation: its link dies with the row. The
    account's address never changed, so nobody is told."""
    PendingEmail.objects.filter(member_id=member.pk).delete()


def member_email_confirm(*, member: Member, token: str) -> Member:
    """Open a confirmation link: the waiting address becomes the member's, the address
    the account leaves is told, and the link is spent.

    ``member`` is the member signed in where the link is opened: the link proves the
    mailbox, the sign-in proves the account. Otherwise a stranger who got a mistyped
    address's link could confirm it, then have reset links sent there. ``NotFound``
    (``email_link_replaced``) for a link older than the change waiting now, whose own
    link is the one to open; (``email_link_dead``) for every other link that is not the
    latest one for a change still waiting, or is past its time
    (``rapport.members.email_confirmation``), the same for every reason. Two openings
    at once change the address once: the row is deleted as it is claimed, and only the
    deletion that found it goes on.
    """
    dead = NotFound(
        "This link no longer works: it was used, replaced by a newer one or cancelled, "
        "its time ran out, or the account's password changed since.",
        code="email_link_dead",
    )
    with transaction.atomic():
        pending = PendingEmail.objects.select_for_update().filter(member_id=member.pk).first()
        state = email_confirmation_link_state(member=member, pending=pending, token=token)
        if state == LinkState.REPLACED:
            raise NotFound(
                "This link was replaced by a newer one: another address, or this one "
                "again, was asked for after it was sent. Open the link in the latest email.",
                code="email_link_replaced",
            )
        if pending is None or state != LinkState.VALID:
            raise dead
        claimed, _ = PendingEmail.objects.filter(
            pk=pending.pk, email=pending.email, asked_at=pending.asked_at
        ).delete()
        if not claimed:
            raise dead
        previous = member.email
        member.email = pending.email
        member.save(update_fields=["email"])
        _notice_on_commit(member=member, change=AccountChange.EMAIL, to=previous)
    return member


def password_reset_request(*, email: str, ip: str, domain: str, use_https: bool) -> None:
    """Forgot your password? Mail a one-time link to each account with ``email``.

    What the caller sees is the same whether or not an account has the address (no
    way to learn who is a member): the request is counted toward the reset throttle
    either way (``BudgetExceeded`` past it, naming the limit), and one task is
    enqueued either way, with the ids of the accounts to write to, possibly none.
    Which accounts follows Django's ``PasswordResetForm``: active, with a usable
    password, the address matched without regard to case. ``domain`` and
    ``use_https`` come from the request, so the link leads back where it was asked.
    """
    email = email.strip()
    with transaction.atomic():
        password_reset_request_reserve(email=email, ip=ip)
        member_ids = [member.pk for member in PasswordResetForm().get_users(email)] if email else []
        transaction.on_commit(
            lambda: send_password_reset_links.enqueue(member_ids, domain, use_https)
        )


def member_password_reset(
    *, member: Member, new_password: str, new_password_again: str | None = None
) -> Member:
    """Set a new password through a reset link (the caller checked the link).
    ``new_password_again`` is the new one typed a second time, where it was (the reset
    page); the rules it breaks and a second typing that differs are raised at once.

    Every session of the member ends, here too; login failures for the username are
    forgotten (whoever holds the mailbox is the member, as far as Rapport can tell);
    the link dies with the old password; the address is told.
    """
    problems = Problems()
    with problems.check():
        _check_new_password(new_password, member=member)
    with problems.check():
        _check_typed_again(new_password, new_password_again, field="new_password_again")
    problems.raise_any()
    with transaction.atomic():
        _password_set(member=member, password=new_password, keep_session_key=None)
        _notice_on_commit(member=member, change=AccountChange.PASSWORD_RESET, to=member.email)
    login_failures_forget(username=member.username)
    return member


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


# --- Two-step sign-in -------------------------------------------------------------


def member_two_step_begin(
    *, member: Member, secret: str | None = None, now: dt.datetime | None = None
) -> TwoStep:
    """Start setting up two-step sign-in: a new key (``secret``, or a random one),
    shown on the Account page until a code made from it is typed back
    (``member_two_step_confirm``). Starting again replaces a key not yet confirmed.

    Nothing changes for signing in until then, so no password is asked here: a
    borrowed session could see a key, but not turn it on. ``Conflict``
    (``two_step_on``) when two-step sign-in is already on.
    """
    now = now or timezone.now()
    with transaction.atomic():
        current = TwoStep.objects.select_for_update().filter(member_id=member.pk).first()
        if current is not None and current.is_on:
            raise Conflict(
                "Two-step sign-in is already on. To move it to another app, turn it off "
                "and set it up again.",
                code="two_step_on",
            )
        two_step, _created = TwoStep.objects.update_or_create(
            member_id=member.pk,
            defaults={
                "secret": secret or secret_new(),
                "created_at": now,
                "confirmed_at": None,
                "last_used_step": 0,
            },
        )
    return two_step


def member_two_step_setup_cancel(*, member: Member) -> None:
    """Forget a key being set up; two-step sign-in that is on stays on."""
    TwoStep.objects.filter(member_id=member.pk, confirmed_at__isnull=True).delete()


def _two_step_code_shape(code: str, *, recovery: bool) -> None:
    """Refuse an empty or misshapen code before anything is counted or spent."""
    typed = code_typed(code)
    where = " or one of your recovery codes" if recovery else ""
    if not typed:
        raise InvalidInput(
            f"Type the 6-digit code your authenticator app shows for Rapport{where}.",
            field="code",
        )
    if not (is_app_code(typed) or (recovery and is_recovery_code(typed))):
        shapes = "6 digits, or a recovery code of 12" if recovery else "6 digits"
        raise InvalidInput(
            f"A code is {shapes}; this is {len(typed)} characters long.", field="code"
        )


def _two_step_code_spend(
    *, member_id: int, two_step: TwoStep, code: str, ip: str, now: dt.datetime, recovery: bool
) -> str:
    """Accept ``code`` for ``two_step`` and spend it, or raise ``InvalidInput`` on
    ``code``; returns ``"app"`` or ``"recovery"``, the kind of code it was.

    The code counts toward the two-step throttle before it is checked
    (``BudgetExceeded`` past the limit, nothing checked) and a right one forgets the
    account's wrong codes. An app's code is spent with its time step, a recovery code by
    being marked used, each by an UPDATE that finds it unspent: two requests with one
    code cannot both get in. Not in a transaction with what the code allows, so that a
    wrong code stays counted when that change is not made.
    """
    typed = code_typed(code)
    two_step_attempt_reserve(member_id=member_id, ip=ip, now=now)
    wrong = InvalidInput(
        "That code is not right: type the code your authenticator app shows now"
        + (", or one of your recovery codes." if recovery else "."),
        code="wrong_code",
        field="code",
    )
    if is_app_code(typed):
        step = step_of_code(two_step.secret, typed, now=now)
        if step is None:
            raise wrong
        spent = TwoStep.objects.filter(pk=two_step.pk, last_used_step__lt=step).update(
            last_used_step=step
        )
        if not spent:
            raise InvalidInput(
                "That code was used already: wait for the next one your app shows.",
                code="code_used",
                field="code",
            )
        two_step.last_used_step = step
        kind = "app"
    elif recovery and is_recovery_code(typed):
        spent = RecoveryCode.objects.filter(
            two_step_id=two_step.pk, digest__in=recovery_code_digests(typed), used_at__isnull=True
        ).update(used_at=now)
        if not spent:
            raise InvalidInput(
                "That is not one of your recovery codes, or it was used already: each works once.",
                code="wrong_code",
                field="code",
            )
        kind = "recovery"
    else:
        raise wrong
    two_step_failures_forget(member_id=member_id)
    return kind


def _password_and_code_check(
    *,
    member: Member,
    two_step: TwoStep,
    current_password: str,
    code: str,
    ip: str,
    now: dt.datetime,
    recovery: bool,
) -> str:
    """The password and a code, for a change to two-step sign-in itself: a borrowed
    session knows neither. An empty or misshapen code and a wrong password are named
    together; the code is checked (and spent) only once the password is right, so a
    wrong password costs no code. Returns the kind of code, as ``_two_step_code_spend``.
    """
    problems = Problems()
    with problems.check():
        _two_step_code_shape(code, recovery=recovery)
    with problems.check():
        member_password_confirm(
            member=member, password=current_password, ip=ip, field="current_password"
        )
    problems.raise_any()
    return _two_step_code_spend(
        member_id=member.pk, two_step=two_step, code=code, ip=ip, now=now, recovery=recovery
    )


def _two_step_on(member: Member) -> TwoStep:
    two_step = TwoStep.objects.filter(member_id=member.pk, confirmed_at__isnull=False).first()
    if two_step is None:
        raise Conflict("Two-step sign-in is off for your account.", code="two_step_off")
    return two_step


def _recovery_codes_replace(two_step: TwoStep) -> list[str]:
    """New recovery codes for ``two_step``, the old ones deleted; only their digests are
    kept, so the codes returned are shown once and never again."""
    RecoveryCode.objects.filter(two_step_id=two_step.pk).delete()
    codes = recovery_codes_new()
    RecoveryCode.objects.bulk_create(
        RecoveryCode(two_step_id=two_step.pk, digest=recovery_code_digest(code)) for code in codes
    )
    return codes


def member_two_step_confirm(
    *,
    member: Member,
    code: str,
    current_password: str,
    ip: str = "",
    now: dt.datetime | None = None,
    sign_out_others: bool = False,
    keep_session_key: str | None = None,
    mail_notice: bool = True,
) -> list[str]:
    """Turn two-step sign-in on: a code made from the key being set up proves the app
    has it, and the password proves a borrowed session is not enough. Returns the ten
    recovery codes, to be shown this once; the member's address is told.

    ``mail_notice=False`` is for the demo's seed alone, which replays a past nobody
    lived through (rapport/members/demo.py): its notice would be mail about nothing
    anyone did. Every page and API call leaves it on.

    With ``sign_out_others`` every other session of the member ends in the same
    transaction, all but ``keep_session_key`` (the page's own): a device signed in with
    the password alone must sign in again, with a code.

    ``Conflict`` when nothing is being set up (``two_step_not_started``) or it is on
    already (``two_step_on``), also when that changed while the code was checked.
    """
    now = now or timezone.now()
    two_step = TwoStep.objects.filter(member_id=member.pk).first()
    if two_step is None:
        raise Conflict(
            "Start by setting up two-step sign-in: the key to add to your app is shown then.",
            code="two_step_not_started",
        )
    if two_step.is_on:
        raise Conflict("Two-step sign-in is already on.", code="two_step_on")
    _password_and_code_check(
        member=member,
        two_step=two_step,
        current_password=current_password,
        code=code,
        ip=ip,
        now=now,
        recovery=False,
    )
    with transaction.atomic():
        # Only the key whose code was typed, and only once: a second confirmation at
        # the same moment, or a new key started meanwhile, finds nothing to turn on.
        turned_on = TwoStep.objects.filter(
            pk=two_step.pk, secret=two_step.secret, confirmed_at__isnull=True
        ).update(confirmed_at=now)
        if not turned_on:
            raise Conflict(
                "Two-step sign-in changed meanwhile (on another device?): look at the "
                "Account page again.",
                code="two_step_changed",
            )
        codes = _recovery_codes_replace(two_step)
        if sign_out_others:
            member_sessions_end_others(member=member, keep_session_key=keep_session_key, now=now)
        if mail_notice:
            _notice_on_commit(member=member, change=AccountChange.TWO_STEP_ON, to=member.email)
    return codes


def member_recovery_codes_renew(
    *,
    member: Member,
    code: str,
    current_password: str,
    ip: str = "",
    now: dt.datetime | None = None,
) -> list[str]:
    """New recovery codes (the old ones die), knowing the password and a code from the
    app; returned to be shown this once, and the member's address is told."""
    now = now or timezone.now()
    two_step = _two_step_on(member)
    _password_and_code_check(
        member=member,
        two_step=two_step,
        current_password=current_password,
        code=code,
        ip=ip,
        now=now,
        recovery=False,
    )
    with transaction.atomic():
        locked = TwoStep.objects.select_for_update().filter(pk=two_step.pk).first()
        if locked is None or not locked.is_on:
            raise Conflict("Two-step sign-in is off for your account.", code="two_step_off")
        codes = _recovery_codes_replace(locked)
        _notice_on_commit(member=member, change=AccountChange.RECOVERY_CODES, to=member.email)
    return codes


def member_two_step_disable(
    *,
    member: Member,
    code: str,
    current_password: str,
    ip: str = "",
    now: dt.datetime | None = None,
) -> None:
    """Turn two-step sign-in off, knowing the password and a code from the app or a
    recovery code (the phone may be gone). The key and the recovery codes are deleted;
    the member's address is told."""
    now = now or timezone.now()
    two_step = _two_step_on(member)
    _password_and_code_check(
        member=member,
        two_step=two_step,
        current_password=current_password,
        code=code,
        ip=ip,
        now=now,
        recovery=True,
    )
    with transaction.atomic():
        deleted, _ = TwoStep.objects.filter(pk=two_step.pk).delete()
        if deleted:
            _notice_on_commit(member=member, change=AccountChange.TWO_STEP_OFF, to=member.email)


def member_two_step_disable_by_admin(*, member: Member) -> bool:
    """An administrator turns off two-step sign-in for a member who lost both the app
    and the recovery codes (having made sure, out of band, that it is them). The
    member's address is told, so that a mistake does not go unnoticed; False when it
    was not on. The admin site records who did it (``members.admin``)."""
    with transaction.atomic():
        deleted, _ = TwoStep.objects.filter(member_id=member.pk).delete()
        if deleted:
            _notice_on_commit(
                member=member, change=AccountChange.TWO_STEP_OFF_BY_ADMIN, to=member.email
            )
    return bool(deleted)


def member_two_step_sign_in(
    *, member: Member, code: str, ip: str = "", now: dt.datetime | None = None
) -> str | None:
    """The second step of signing in, after the right password: accept a code from the
    app or a recovery code and spend it, or raise ``InvalidInput`` on ``code`` (wrong
    codes throttled per account and per address: ``BudgetExceeded``). Returns the
    kind of code (``"app"``, ``"recovery"``), or None when two-step sign-in was turned
    off meanwhile (by an administrator), when the password is all it takes."""
    now = now or timezone.now()
    two_step = TwoStep.objects.filter(member_id=member.pk, confirmed_at__isnull=False).first()
    if two_step is None:
        return None
    _two_step_code_shape(code, recovery=True)
    return _two_step_code_spend(
        member_id=member.pk, two_step=two_step, code=code, ip=ip, now=now, recovery=True
    )


# --- Where you're signed in -------------------------------------------------------


def member_session_end(*, member: Member, session_id: str, now: dt.datetime | None = None) -> None:
    """Sign out one of the member's sessions, named by its public id
    (``sessions.session_public_id``): its row goes, so its next request finds no session
    and a request it is making now cannot save it back. ``NotFound`` for an id that is
    not one of the member's sessions in force, someone else's as much as an unknown one.

    The current session may be ended too: that is signing out. No password is asked
    (docs/security.md, "Where you're signed in"): ending a session takes nothing from
    the member that their password does not give back.
    """
    now = now or timezone.now()
    keys = MemberSession.objects.filter(member_id=member.pk, expire_date__gt=now).values_list(
        "session_key", flat=True
    )
    found = [key for key in keys if session_public_id(key) == session_id]
    if not found:
        raise NotFound("No such session: it has ended already, or it is not yours.")
    MemberSession.objects.filter(member_id=member.pk, session_key__in=found).delete()


def member_sessions_end_others(
    *, member: Member, keep_session_key: str | None, now: dt.datetime | None = None
) -> int:
    """Sign out everywhere else: every session of the member in force except
    ``keep_session_key`` (the asking browser's; with None, from an API token, every
    web session). API tokens are not sessions and keep working. Returns how many
    sessions ended. One DELETE, so a session signed in meanwhile either ends or was
    not there yet."""
    now = now or timezone.now()
    sessions = MemberSession.objects.filter(member_id=member.pk, expire_date__gt=now)
    if keep_session_key:
        sessions = sessions.exclude(session_key=keep_session_key)
    ended, _ = sessions.delete()
    return ended
