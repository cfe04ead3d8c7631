"""Mail about a member's own account: the "forgot your password?" link, the link that
confirms a new email address, and the notice that the password, the address or
two-step sign-in changed.

Sent by the worker (``rapport.members.tasks``), never during the request: a reset
request then takes the same time whether or not an account has the address, and a
slow mail server holds no page. Each function takes a member's id and reads the
member afresh, so a member erased meanwhile gets nothing.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from rapport.mail import templated_email
from rapport.members.email_confirmation import email_confirmation_token
from rapport.members.models import Member, PendingEmail


class AccountChange:
    """What an account-change notice is about."""

    PASSWORD = "password"  # changed on the Account page or the API, knowing the old one
    PASSWORD_RESET = "password_reset"  # set through a reset link
    EMAIL = "email"  # sent to the address the account no longer has
    TWO_STEP_ON = "two_step_on"  # two-step sign-in turned on
    TWO_STEP_OFF = "two_step_off"  # turned off by the member
    TWO_STEP_OFF_BY_ADMIN = "two_step_off_by_admin"  # turned off by an administrator
    RECOVERY_CODES = "recovery_codes"  # new recovery codes made, the old ones dead


def _in_words(seconds: int) -> str:
    minutes = round(seconds / 60)
    if minutes % 60 == 0:
        hours = minutes // 60
        return f"{hours} hour{'s' if hours != 1 else ''}"
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def password_reset_valid_for() -> str:
    """``PASSWORD_RESET_TIMEOUT`` in words, for the page and the mail that promise it."""
    return _in_words(settings.PASSWORD_RESET_TIMEOUT)


def email_confirmation_valid_for() -> str:
    """``EMAIL_CONFIRMATION_TIMEOUT`` in words, for the pages and the mail."""
    return _in_words(settings.EMAIL_CONFIRMATION_TIMEOUT)


def _send(*, template: str, context: dict[str, object], to: str) -> None:
    templated_email(f"members/email/{template}", context, to=to).send()


def password_reset_mail_send(*, member_id: int, domain: str, use_https: bool) -> bool:
    """Mail the member a one-time link to set a new password; False when there is nobody
    to send it to (erased, deactivated, no address or no usable password by now).

    The link is Django's (``default_token_generator``): it names the member by their
    id in base 64 and carries a token made from their password hash, last login, email
    address and the time, so it stops working once the password changes (it works
    once), after ``PASSWORD_RESET_TIMEOUT``, and when they log in or change address.
    ``domain`` and ``use_https`` are the request's, as the member typed the site's
    address.
    """
    member = Member.objects.filter(pk=member_id, is_active=True).first()
    if member is None or not member.email or not member.has_usable_password():
        return False
    _send(
        template="password_reset",
        context={
            "member": member,
            "protocol": "https" if use_https else "http",
            "domain": domain,
            "uid": urlsafe_base64_encode(force_bytes(member.pk)),
            "token": default_token_generator.make_token(member),
            "valid_for": password_reset_valid_for(),
        },
        to=member.email,
    )
    return True


def email_confirmation_mail_send(
    *, member_id: int, email: str, asked_at: dt.datetime, domain: str, use_https: bool
) -> bool:
    """Mail ``email`` the link that confirms it as the member's new address, asked for
    at ``asked_at``; False when nothing waits for confirmation by now (the member
    erased, or the change cancelled or made).

    The link is made here, for this change (``rapport.members.email_confirmation``),
    not for whatever waits now: when another address was asked for before this mail
    went, this one still goes to the address it is about, and its link says it was
    replaced. The mail names the account by its username only: until the link is
    opened, nobody knows whose mailbox this is.
    """
    pending = PendingEmail.objects.select_related("member").filter(member_id=member_id).first()
    if pending is None or pending.asked_at < asked_at:
        return False
    member = pending.member
    _send(
        template="email_confirm",
        context={
            "member": member,
            "email": email,
            "protocol": "https" if use_https else "http",
            "domain": domain,
            "uid": urlsafe_base64_encode(force_bytes(member.pk)),
            "token": email_confirmation_token(member=member, email=email, asked_at=asked_at),
            "valid_for": email_confirmation_valid_for(),
        },
        to=email,
    )
    return True


def account_change_notice_send(*, member_id: int, change: str, to: str) -> bool:
    """Tell the member at ``to`` that their password, address or two-step sign-in
    changed, so that a change they did not make does not go unnoticed; False when they
    are gone."""
    member = Member.objects.filter(pk=member_id).first()
    if member is None or not to:
        return False
    _send(template="account_changed", context={"member": member, "change": change}, to=to)
    return True
