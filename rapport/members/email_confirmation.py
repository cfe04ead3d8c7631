"""The link that confirms a new email address: ``/settings/account/email/<uidb64>/<token>/``.

The token is an HMAC, with the site's secret key, of what the link is about: the
member's id and password hash, the address they have and the one they asked for
(``PendingEmail``), and when the link was sent. Nothing about it is stored, so the
database and the task queue never hold a working link, and it dies by itself when
any of that changes:

- once used: the address moves and the pending row goes;
- when another address is asked for, or this one again ("send it again"): another
  address or another time;
- when the password changes (or is reset): another hash;
- after ``EMAIL_CONFIRMATION_TIMEOUT``, counted from ``PendingEmail.asked_at``.

Why not Django's ``PasswordResetTokenGenerator`` with a key salt of our own: it
refuses every token older than ``PASSWORD_RESET_TIMEOUT`` (an hour, for reset links),
and its own timestamp would only repeat the pending row's. Why not
``django.core.signing`` with ``max_age``: it would sign the same state and time, in a
longer link, and still need the row to know that the link is the latest one.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from rapport.members.models import Member, PendingEmail

KEY_SALT = "rapport.members.email_confirmation"


def _state(member: Member, pending: PendingEmail) -> str:
    asked_at = pending.asked_at.astimezone(dt.UTC).isoformat()
    return f"{member.pk}|{member.password}|{member.email}|{pending.email}|{asked_at}"


def _token(member: Member, pending: PendingEmail, secret: str | bytes) -> str:
    return salted_hmac(
        KEY_SALT, _state(member, pending), secret=secret, algorithm="sha256"
    ).hexdigest()


def email_confirmation_token(*, member: Member, pending: PendingEmail) -> str:
    """The token of the link to send now to ``pending.email``."""
    return _token(member, pending, settings.SECRET_KEY)


def email_confirmation_token_valid(
    *, member: Member, pending: PendingEmail, token: str, now: dt.datetime | None = None
) -> bool:
    """Whether ``token`` is the latest link's and still within its time. A token made
    with a retired secret key (``SECRET_KEY_FALLBACKS``) still counts, as Django's
    reset tokens do."""
    if pending.member_id != member.pk or (now or timezone.now()) >= pending.expires_at():
        return False
    return any(
        constant_time_compare(_token(member, pending, secret), token)
        for secret in (settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS)
    )
