"""Background work about members' accounts, run by `rapport worker` (and in the demo's
own process): the mail of ``rapport.members.account_mail``. Each task takes ids, and
what a mail is about, never a link: the worker makes links as it mails them."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_tasks import task

from rapport.members.account_mail import (
    account_change_notice_send,
    email_confirmation_mail_send,
    password_reset_mail_send,
)
from rapport.members.models import PendingEmail


@task()
def send_password_reset_links(member_ids: list[int], domain: str, use_https: bool) -> int:
    """Mail a reset link to each of these members; returns how many went out.

    Enqueued once for every reset request, with no id when no account has the address,
    so that the request does the same work either way."""
    return sum(
        password_reset_mail_send(member_id=member_id, domain=domain, use_https=use_https)
        for member_id in member_ids
    )


@task()
def send_email_confirmation(
    member_id: int, domain: str, use_https: bool, email: str = "", asked_at: str = ""
) -> bool:
    """Mail the link that confirms ``email``, the new address the member asked for at
    ``asked_at`` (ISO 8601). Without them (a task enqueued before they were passed),
    the change waiting when this runs."""
    if not email or not asked_at:
        pending = PendingEmail.objects.filter(member_id=member_id).first()
        if pending is None:
            return False
        email, when = pending.email, pending.asked_at
    else:
        when = dt.datetime.fromisoformat(asked_at)
    return email_confirmation_mail_send(
        member_id=member_id, email=email, asked_at=when, domain=domain, use_https=use_https
    )


@task()
def send_account_change_notice(member_id: int, change: str, to: str) -> bool:
    return account_change_notice_send(member_id=member_id, change=change, to=to)


@task()
def clear_expired_sessions() -> int:
    """Delete the rows of sessions past their expiry; returns how many.

    An expired session signs nobody in and is not listed on the Account page, but
    Django never deletes its row by itself (its ``clearsessions`` command is left to
    cron), so without this the table read on every signed-in request only grows. The
    same filter as Django's ``SessionStore.clear_expired``, counted."""
    from rapport.members.models import MemberSession

    return MemberSession.objects.filter(expire_date__lt=timezone.now()).delete()[0]
