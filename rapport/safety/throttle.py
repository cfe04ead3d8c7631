"""Throttles: too many wrong passwords, per username and per address, wait; and so do
too many new accounts from one address, too many "forgot your password?" requests,
too many links to confirm an address, and too many wrong two-step codes.

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

A wrong code at the second step of signing in (two-step sign-in,
``rapport.members.two_step_codes``) counts too: at most ``TWO_STEP_PER_MEMBER`` for one
account and ``TWO_STEP_PER_IP`` from one address within ``WINDOW``.

Failures, sign-ups, reset requests, confirmation links and wrong codes are rows in the
database, so every web process sees the same count. The address is ``REMOTE_ADDR``, or
behind a reverse proxy the address the proxy appended to X-Forwarded-For when
``RAPPORT_TRUST_X_FORWARDED_FOR`` is set (docs/security.md); without it, every client
behind the proxy shares one count.

Checking and counting are one step (``Throttle.reserve``): the event is counted before
the thing it guards happens (the password checked, the account made, the mail sent),
in one transaction with the check, holding a lock on every count it reads. Otherwise
twenty wrong passwords sent at once, to twenty web workers, would all read "9 so far"
before any of them wrote its failure, and all twenty would be checked. The lock is a
PostgreSQL advisory lock on a hash of the scope (``pg_advisory_xact_lock``, "username
ana"), held until the transaction ends: two requests for one username wait for each
other, requests for two usernames do not. SQLite has one writer at a time: the
transaction's first statement writes (it forgets old events), which takes the write
lock before anything is counted, whatever mode the transaction began in (the settings
begin them IMMEDIATE anyway). A right password then forgets the username's failures,
its own reservation with them (``login_failures_forget``); a right password that
confirms a change gives back its own reservation only (``login_attempt_release``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import connections, router, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac

from rapport.errors import BudgetExceeded
from rapport.safety.models import (
    AccountCreation,
    EmailConfirmationSend,
    LoginFailure,
    PasswordResetRequest,
    ThrottleEvent,
    TwoStepFailure,
)

# Every kind of event a throttle counts. Named one by one, not as ``ThrottleEvent``: each
# declares its own ``at``, which the abstract model leaves out (``ThrottleEvent``).
ThrottleKind = (
    LoginFailure | AccountCreation | PasswordResetRequest | EmailConfirmationSend | TwoStepFailure
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
# A code mistyped, or typed as it changed, a few times; three codes are right at any
# moment (drift of one step either way), so ten tries in fifteen minutes leave a
# guesser about one chance in 30,000 a day.
TWO_STEP_PER_MEMBER = 10
# As for passwords: an office may share one address.
TWO_STEP_PER_IP = 30


def client_ip(request: HttpRequest | None) -> str:
    """The client's address: REMOTE_ADDR, or the one our own proxy appended last.

    Only the last X-Forwarded-For entry is the proxy's word; earlier ones are
    whatever the client sent, so they are never trusted.
    """
    if request is None:
        return ""
    if settings.RAPPORT_TRUST_X_FORWARDED_FOR:
        forwarded: str = request.META.get("HTTP_X_FORWARDED_FOR", "")
        last = forwarded.split(",")[-1].strip()
        if last:
            return last[:45]
    return str(request.META.get("REMOTE_ADDR") or "")[:45]


def _normal(username: str) -> str:
    return username.strip().lower()[:150]


@dataclass(frozen=True)
class Scope:
    """One count a throttle keeps: its events whose columns equal ``match``, at most
    ``limit`` within the window; ``name`` says which count a refusal is about ("for
    this username")."""

    name: str
    match: dict[str, object]
    limit: int


def _within(window: dt.timedelta) -> str:
    minutes = int(window.total_seconds() // 60)
    return "the last hour" if minutes == 60 else f"the last {minutes} minutes"


def _lock_id(model: type[ThrottleEvent], scope: Scope) -> int:
    """A stable 64-bit key for an advisory lock on one scope of one kind of event: the
    same in every process (unlike ``hash``), signed as PostgreSQL's bigint is."""
    key = "|".join(
        [model._meta.label, *(f"{column}={value}" for column, value in sorted(scope.match.items()))]
    )
    digest = hashlib.blake2b(key.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def _scopes_lock(model: type[ThrottleEvent], scopes: Sequence[Scope], *, using: str) -> None:
    """Hold an advisory lock on each scope until the transaction ends (PostgreSQL).

    Taken in the order of their keys, so two requests that share two scopes cannot
    each hold one and wait for the other; one statement, whose select list PostgreSQL
    evaluates in order. SQLite needs none (see the module's docstring).
    """
    connection = connections[using]
    if connection.vendor != "postgresql" or not scopes:
        return
    ids = sorted({_lock_id(model, scope) for scope in scopes})
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(["pg_advisory_xact_lock(%s)"] * len(ids)), ids)


@dataclass(frozen=True)
class Throttle:
    """One kind of event counted (its table and window) and how a refusal words it:
    "Too many {what} {scope}: 10 in the last 15 minutes; the limit is 10."."""

    model: type[ThrottleKind]
    window: dt.timedelta
    what: str
    code: str

    def check(self, scopes: Sequence[Scope], *, now: dt.datetime | None = None) -> None:
        """Raise ``BudgetExceeded`` when any scope has reached its limit; counts nothing.

        Alone, for an early refusal only (before a form's own errors are named): a
        check and a later count can be raced, a ``reserve`` cannot."""
        now = now or timezone.now()
        recent = self.model._default_manager.filter(at__gt=now - self.window)
        for scope in scopes:
            rows = recent.filter(**scope.match)
            happened = rows.count()
            if happened < scope.limit:
                continue
            # The next attempt is allowed once the limit-th newest event leaves the window.
            oldest_counted = rows.order_by("-at").values_list("at", flat=True)[scope.limit - 1]
            retry_at = oldest_counted + self.window
            minutes = max(1, round((retry_at - now).total_seconds() / 60))
            raise BudgetExceeded(
                f"Too many {self.what} {scope.name}: {happened} in {_within(self.window)}; "
                f"the limit is {scope.limit}. "
                f"Try again in about {minutes} minute{'s' if minutes != 1 else ''}.",
                retry_at=retry_at,
                code=self.code,
            )

    def reserve(
        self, scopes: Sequence[Scope], *, now: dt.datetime | None = None, **fields: object
    ) -> int:
        """Check every scope and count one event (with ``fields``) as one step, or raise
        ``BudgetExceeded`` and count nothing; returns the event's id.

        Inside a caller's transaction, the locks are held until it ends, so the thing
        guarded (an account, a mail) is written in the same step as its count.
        """
        now = now or timezone.now()
        using = router.db_for_write(self.model)
        with transaction.atomic(using=using):
            _scopes_lock(self.model, scopes, using=using)
            # The first write: SQLite's write lock is taken here, before the count.
            self.model.forget_old(window=self.window, now=now)
            self.check(scopes, now=now)
            event: ThrottleEvent = self.model._default_manager.create(at=now, **fields)
            return int(event.pk)


LOGIN = Throttle(LoginFailure, WINDOW, "wrong passwords", "login_throttled")
SIGNUP = Throttle(AccountCreation, SIGNUP_WINDOW, "accounts created", "signup_throttled")
PASSWORD_RESET = Throttle(
    PasswordResetRequest,
    PASSWORD_RESET_WINDOW,
    "password reset requests",
    "password_reset_throttled",
)
EMAIL_CONFIRMATION = Throttle(
    EmailConfirmationSend,
    EMAIL_CONFIRMATION_WINDOW,
    "confirmation links",
    "email_confirmation_throttled",
)
TWO_STEP = Throttle(TwoStepFailure, WINDOW, "wrong codes", "two_step_throttled")


def _login_scopes(username: str, ip: str) -> list[Scope]:
    scopes = [Scope("for this username", {"username": _normal(username)}, PER_USERNAME)]
    if ip:
        scopes.append(Scope("for this address", {"ip": ip}, PER_IP))
    return scopes


def login_throttle_check(*, username: str, ip: str, now: dt.datetime | None = None) -> None:
    """Raise ``BudgetExceeded`` (429) while this username or address has failed too often.
    Counts nothing: for an attempt whose password will not be checked (none typed)."""
    LOGIN.check(_login_scopes(username, ip), now=now)


def login_attempt_reserve(*, username: str, ip: str, now: dt.datetime | None = None) -> int:
    """Count a password about to be checked as a failure, unless the username or the
    address has failed too often (``BudgetExceeded``, nothing counted); returns the
    attempt's id. A right password then forgets it (``login_failures_forget`` or
    ``login_attempt_release``); a wrong one leaves it counted."""
    return LOGIN.reserve(_login_scopes(username, ip), now=now, username=_normal(username), ip=ip)


def login_attempt_release(attempt_id: int) -> None:
    """A right password that confirmed a change: its own attempt was no failure. The
    username's earlier failures stay counted (a right password here is not a log-in)."""
    LoginFailure.objects.filter(pk=attempt_id).delete()


def login_failures_forget(*, username: str) -> None:
    """A right password, or an erased account: that username's failures no longer count."""
    LoginFailure.objects.filter(username=_normal(username)).delete()


def _signup_scopes(ip: str) -> list[Scope]:
    return [Scope("from this address", {"ip": ip}, SIGNUPS_PER_IP)] if ip else []


def signup_throttle_check(*, ip: str, now: dt.datetime | None = None) -> None:
    """Raise ``BudgetExceeded`` (429) while this address has made too many accounts:
    the early word, before the form's own errors; ``account_creation_reserve`` counts."""
    SIGNUP.check(_signup_scopes(ip), now=now)


def account_creation_reserve(*, ip: str, now: dt.datetime | None = None) -> int | None:
    """Count an account about to be made from ``ip``, in the caller's transaction, or
    raise ``BudgetExceeded``; an account without an address is not counted (None)."""
    if not ip:
        return None
    return SIGNUP.reserve(_signup_scopes(ip), now=now, ip=ip)


def _email_digest(email: str) -> str:
    """A keyed digest of the address, lower-cased as the reset lookup compares it: the
    same address always counts together, and the table never holds the address."""
    return salted_hmac(
        "rapport.safety.password_reset", email.strip().lower(), algorithm="sha256"
    ).hexdigest()


def password_reset_request_reserve(*, email: str, ip: str, now: dt.datetime | None = None) -> int:
    """Count a password reset request for this email address from this client address,
    or raise ``BudgetExceeded`` (429) when either has asked too often."""
    digest = _email_digest(email)
    scopes = [Scope("for this email address", {"email_digest": digest}, PASSWORD_RESETS_PER_EMAIL)]
    if ip:
        scopes.append(Scope("from this address", {"ip": ip}, PASSWORD_RESETS_PER_IP))
    return PASSWORD_RESET.reserve(scopes, now=now, email_digest=digest, ip=ip)


def email_confirmation_send_reserve(
    *, member_id: int, email: str, now: dt.datetime | None = None
) -> int:
    """Count a link about to be mailed to confirm ``email`` for this member, or raise
    ``BudgetExceeded`` (429) when the member, or the address, has been sent too many."""
    digest = _email_digest(email)
    scopes = [
        Scope("for your account", {"member_id": member_id}, EMAIL_CONFIRMATIONS_PER_MEMBER),
        Scope("to this address", {"email_digest": digest}, EMAIL_CONFIRMATIONS_PER_EMAIL),
    ]
    return EMAIL_CONFIRMATION.reserve(scopes, now=now, member_id=member_id, email_digest=digest)


def two_step_attempt_reserve(*, member_id: int, ip: str, now: dt.datetime | None = None) -> int:
    """Count a code about to be checked for this member as wrong, unless the account or
    the address has had too many wrong codes (``BudgetExceeded``, nothing counted); a
    right code then forgets them (``two_step_failures_forget``)."""
    scopes = [Scope("for this account", {"member_id": member_id}, TWO_STEP_PER_MEMBER)]
    if ip:
        scopes.append(Scope("from this address", {"ip": ip}, TWO_STEP_PER_IP))
    return TWO_STEP.reserve(scopes, now=now, member_id=member_id, ip=ip)


def two_step_failures_forget(*, member_id: int) -> None:
    """A right code: the account's wrong codes no longer count."""
    TwoStepFailure.objects.filter(member_id=member_id).delete()
