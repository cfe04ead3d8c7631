"""The link that confirms a new email address: ``/settings/account/email/<uidb64>/<token>/``.

The token is ``<stamp>-<mac>``. ``stamp`` is when the change was asked for
(``PendingEmail.asked_at``, in microseconds since the epoch, base 36); ``mac`` is an
HMAC, with the site's secret key, of what the link is about: the member's id and
password hash, the address they have, the one they asked for, and that time. Nothing
about it is stored, so the database and the task queue never hold a working link, and
it dies by itself when any of that changes:

- once used: the address moves and the pending row goes;
- when another address is asked for, or this one again ("send it again"): another
  address or another time;
- when the password changes (or is reset): another hash;
- after ``EMAIL_CONFIRMATION_TIMEOUT``, counted from ``PendingEmail.asked_at``.

Each link is made for the change it was mailed about (the address and the time the
worker is given), never for whatever waits when the worker runs: two changes asked for
before the worker got to the first still mail each address its own link, and only the
latest one works.

The stamp lets a link older than the change now waiting say that it was *replaced*,
rather than only that it no longer works: the member then knows to look for the newer
mail instead of wondering what went wrong. The stamp alone is not signed (the address
a replaced link was for is no longer known to check its mac against), so a made-up one
can claim "replaced" too; it is only ever said to the account the link names, signed in,
about a change their Account page shows them anyway, and it confirms nothing.

Why not Django's ``PasswordResetTokenGenerator`` with a key salt of our own: it
refuses every token older than ``PASSWORD_RESET_TIMEOUT`` (an hour, for reset links),
and its own timestamp would only repeat the pending row's. Why not
``django.core.signing`` with ``max_age``: it would sign the same state and time, in a
longer link, and still need the row to know that the link is the latest one.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from django.conf import settings
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.http import base36_to_int, int_to_base36

from rapport.members.models import Member, PendingEmail

KEY_SALT = "rapport.members.email_confirmation"
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
# A stamp longer than this is no time a link was ever sent (base 36: 13 digits reach
# past the year 4000 in microseconds); ``base36_to_int`` refuses longer ones too.
STAMP_MAX_LENGTH = 13


class LinkState(StrEnum):
    """What a confirmation link is, now."""

    VALID = "valid"  # the latest link of the change waiting, within its time
    REPLACED = "replaced"  # a change asked for after it waits: its own link is the one
    DEAD = "dead"  # used, cancelled, out of time, the password changed, or no link at all


def _stamp(asked_at: dt.datetime) -> int:
    return (asked_at - EPOCH) // dt.timedelta(microseconds=1)


def _mac(member: Member, email: str, stamp: int, secret: str | bytes) -> str:
    state = f"{member.pk}|{member.password}|{member.email}|{email}|{stamp}"
    return salted_hmac(KEY_SALT, state, secret=secret, algorithm="sha256").hexdigest()


def email_confirmation_token(*, member: Member, email: str, asked_at: dt.datetime) -> str:
    """The token of the link to mail to ``email``, asked for at ``asked_at``."""
    stamp = _stamp(asked_at)
    return f"{int_to_base36(stamp)}-{_mac(member, email, stamp, settings.SECRET_KEY)}"


def _stamp_of(token: str) -> int | None:
    stamp, dash, _mac_part = token.partition("-")
    if not dash or not stamp or len(stamp) > STAMP_MAX_LENGTH:
        return None
    try:
        return base36_to_int(stamp)
    except ValueError:
        return None


def email_confirmation_link_state(
    *,
    member: Member,
    pending: PendingEmail | None,
    token: str,
    now: dt.datetime | None = None,
) -> LinkState:
    """Whether ``token`` is the latest link of the change ``pending`` (the member's, as
    it is now) and still within its time, a link a newer change replaced, or neither.

    A token made with a retired secret key (``SECRET_KEY_FALLBACKS``) still counts, as
    Django's reset tokens do."""
    stamp = _stamp_of(token)
    if pending is None or pending.member_id != member.pk or stamp is None:
        return LinkState.DEAD
    waiting = _stamp(pending.asked_at)
    if stamp < waiting:
        return LinkState.REPLACED
    if stamp > waiting or (now or timezone.now()) >= pending.expires_at():
        return LinkState.DEAD
    mac = token.partition("-")[2]
    if any(
        constant_time_compare(_mac(member, pending.email, stamp, secret), mac)
        for secret in (settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS)
    ):
        return LinkState.VALID
    return LinkState.DEAD
