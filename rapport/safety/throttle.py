"""Throttles: too many wrong passwords, per username and per address, wait; and so do
too many new accounts from one address, and too many "forgot your password?" requests.

Guessing a password needs many tries; a person who mistypes needs a few. After
``PER_USERNAME`` failures for one username, or ``PER_IP`` from one address, within
``WINDOW``, every further attempt (the login page, ``POST /api/token``, the current
password that confirms a change of password or email or an account deletion) is
refused with 429 and ``Retry-After`` until the oldest failure leaves the window,
whether or not the password would be right.

Each member's request budgets (5 waiting, 10 a week) mean little if one address can
make accounts without end, so at most ``SIGNUPS_PER_IP`` accounts are created from an
address within ``SIGNUP_WINDOW``; a sign-up without an address (the command line, the
demo) is not counted.

A password reset request sends an email, so at most ``PASSWORD_RESETS_PER_EMAIL``
within ``PASSWORD_RESET_WINDOW`` for one email address (nobody's inbox is filled with
reset links by a stranger) and ``PASSWORD_RESETS_PER_IP`` from one address (nobody
probes address after address). Both count every request, whether or not an account
has the address, so the refusal says nothing about which addresses are members'.

A link to confirm a new email address is mailed to an address the account does not
have yet, so at most ``EMAIL_CONFIRMATIONS_PER_MEMBER`` within
``EMAIL_CONFIRMATION_WINDOW`` for one member (typos and a "send it again" or two, not
more), and ``EMAIL_CONFIRMATIONS_PER_EMAIL`` to one address, from whichever accounts
(nobody's inbox is filled with links by a stranger with several accounts).

Failures, sign-ups, reset requests and confirmation links are rows in the database, so every web process
sees the same count. The address is ``REMOTE_ADDR``, or behind a reverse proxy the
address the proxy appended to X-Forwarded-For when ``RAPPORT_TRUST_X_FORWARDED_FOR`` is
set (docs/security.md); without it, every client behind the proxy shares one count.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac

from rapport.errors import BudgetExceeded
from rapport.safety.models import (
    AccountCreation,
    EmailConfirmationSend,
    LoginFailure,
    PasswordResetRequest,
)

WINDOW = dt.timedelta(minutes=15)
PER_USERNAME = 10
# Higher: an office or a university may share one address.
PER_IP = 30
SIGNUP_WINDOW = dt.timedelta(hours=1)
# Room for a meetup signing up on one Wi-Fi, not for a script.
SIGNUPS_PER_IP = 20
PASSWORD_RESET_WINDOW = dt.timedelta(hours=1)
# A mail that went astray is asked for again once or twice, not more.
PASSWORD_RESETS_PER_EMAIL = 3
# As for sign-ups: room for an office behind one address, not for a script.
PASSWORD_RESETS_PER_IP = 20
EMAIL_CONFIRMATION_WINDOW = dt.timedelta(hours=1)
# A typo corrected twice, and a link asked for again once or twice.
EMAIL_CONFIRMATIONS_PER_MEMBER = 5
# As for reset links: a mail that went astray is asked for again once or twice.
EMAIL_CONFIRMATIONS_PER_EMAIL = 3


def client_ip(request: HttpRequest | None) -> str:
    """The client's address: REMOTE_ADDR, or the one our own proxy appended last.

    Only the last X-Forwarded-For entry is the proxy's word; earlier ones are
    whatever the client sent, so they are never trusted.
    """
    if request is None:
        return ""
    if settings.RAPPORT_TRUST_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        last = forwarded.split(",")[-1].strip()
        if last:
            return last[:45]
    return str(request.META.get("REMOTE_ADDR") or "")[:45]


def _normal(username: str) -> str:
    return username.strip().lower()[:150]


def _refuse_past_limit(
    rows: QuerySet[Any],
    *,
    limit: int,
    window: dt.timedelta,
    now: dt.datetime,
    what: str,
    within: str,
    code: str,
) -> None:
    """Raise ``BudgetExceeded`` when ``rows`` (events within ``window``) reach ``limit``,
    saying when the next attempt is allowed: once the limit-th newest event leaves the
    window."""
    happened = rows.count()
    if happened < limit:
        return
    retry_at = rows.order_by("-at").values_list("at", flat=True)[limit - 1] + window
    minutes = max(1, round((retry_at - now).total_seconds() / 60))
    raise BudgetExceeded(
        f"Too many {what}: {happened} in {within}; the limit is {limit}. "
        f"Try again in about {minutes} minute{'s' if minutes != 1 else ''}.",
        retry_at=retry_at,
        code=code,
    )


def _refuse_past_limits(
    scopes: Iterable[tuple[str, QuerySet[Any], int]],
    *,
    what: str,
    window: dt.timedelta,
    now: dt.datetime,
    code: str,
) -> None:
    """``_refuse_past_limit`` for each ``(scope, rows, limit)``: the same events counted
    per username, per address, per account..., the first one past its limit named."""
    minutes = int(window.total_seconds() // 60)
    within = "the last hour" if minutes == 60 else f"the last {minutes} minutes"
    for scope, rows, limit in scopes:
        _refuse_past_limit(
            rows,
            limit=limit,
            window=window,
            now=now,
            what=f"{what} {scope}",
            within=within,
            code=code,
        )


def login_throttle_check(*, username: str, ip: str, now: dt.datetime | None = None) -> None:
    """Raise ``BudgetExceeded`` (429) while this username or address has failed too often."""
    now = now or timezone.now()
    since = now - WINDOW
    recent = LoginFailure.objects.filter(at__gt=since)
    _refuse_past_limits(
        (
            ("for this username", recent.filter(username=_normal(username)), PER_USERNAME),
            ("for this address", recent.filter(ip=ip) if ip else recent.none(), PER_IP),
        ),
        what="wrong passwords",
        window=WINDOW,
        now=now,
        code="login_throttled",
    )


def login_failure_record(*, username: str, ip: str, now: dt.datetime | None = None) -> None:
    now = now or timezone.now()
    LoginFailure.record(window=WINDOW, now=now, username=_normal(username), ip=ip)


def login_failures_forget(*, username: str) -> None:
    """A right password, or an erased account: that username's failures no longer count."""
    LoginFailure.objects.filter(username=_normal(username)).delete()


def signup_throttle_check(*, ip: str, now: dt.datetime | None = None) -> None:
    """Raise ``BudgetExceeded`` (429) while this address has made too many accounts."""
    if not ip:
        return
    now = now or timezone.now()
    _refuse_past_limits(
        (
            (
                "from this address",
                AccountCreation.objects.filter(ip=ip, at__gt=now - SIGNUP_WINDOW),
                SIGNUPS_PER_IP,
            ),
        ),
        what="accounts created",
        window=SIGNUP_WINDOW,
        now=now,
        code="signup_throttled",
    )


def account_creation_record(*, ip: str, now: dt.datetime | None = None) -> None:
    if not ip:
        return
    now = now or timezone.now()
    AccountCreation.record(window=SIGNUP_WINDOW, now=now, ip=ip)


def _email_digest(email: str) -> str:
    """A keyed digest of the address, lower-cased as the reset lookup compares it: the
    same address always counts together, and the table never holds the address."""
    return salted_hmac(
        "rapport.safety.password_reset", email.strip().lower(), algorithm="sha256"
    ).hexdigest()


def password_reset_throttle_check(*, email: str, ip: str, now: dt.datetime | None = None) -> None:
    """Raise ``BudgetExceeded`` (429) while this email address or client address has
    asked for too many password resets."""
    now = now or timezone.now()
    recent = PasswordResetRequest.objects.filter(at__gt=now - PASSWORD_RESET_WINDOW)
    _refuse_past_limits(
        (
            (
                "for this email address",
                recent.filter(email_digest=_email_digest(email)),
                PASSWORD_RESETS_PER_EMAIL,
            ),
            (
                "from this address",
                recent.filter(ip=ip) if ip else recent.none(),
                PASSWORD_RESETS_PER_IP,
            ),
        ),
        what="password reset requests",
        window=PASSWORD_RESET_WINDOW,
        now=now,
        code="password_reset_throttled",
    )


def password_reset_request_record(*, email: str, ip: str, now: dt.datetime | None = None) -> None:
    now = now or timezone.now()
    PasswordResetRequest.record(
        window=PASSWORD_RESET_WINDOW, now=now, email_digest=_email_digest(email), ip=ip
    )


def email_confirmation_throttle_check(
    *, member_id: int, email: str, now: dt.datetime | None = None
) -> None:
    """Raise ``BudgetExceeded`` (429) while this member has been sent too many links to
    confirm a new address, or this address has been sent too many."""
    now = now or timezone.now()
    recent = EmailConfirmationSend.objects.filter(at__gt=now - EMAIL_CONFIRMATION_WINDOW)
    _refuse_past_limits(
        (
            (
                "for your account",
                recent.filter(member_id=member_id),
                EMAIL_CONFIRMATIONS_PER_MEMBER,
            ),
            (
                "to this address",
                recent.filter(email_digest=_email_digest(email)),
                EMAIL_CONFIRMATIONS_PER_EMAIL,
            ),
        ),
        what="confirmation links",
        window=EMAIL_CONFIRMATION_WINDOW,
        now=now,
        code="email_confirmation_throttled",
    )


def email_confirmation_send_record(
    *, member_id: int, email: str, now: dt.datetime | None = None
) -> None:
    now = now or timezone.now()
    EmailConfirmationSend.record(
        window=EMAIL_CONFIRMATION_WINDOW,
        now=now,
        member_id=member_id,
        email_digest=_email_digest(email),
    )
