"""The weekly keep-in-touch digest: who to reach out to, and why, by email.

Sent by the worker (``rapport.keeper.tasks.send_keeper_digests``, checked every
hour) to each member with an email address whose digest is enabled, at most once
a week, and only when there is something in it: someone overdue or due in the
coming week, or a birthday or other yearly date of someone's in the coming week
(a birthday alone is worth a line). An email that says "nothing to do" teaches
people to ignore the next one.

Each digest carries its own unsubscribe link, in its text and in the headers a mail
client's one-click "Unsubscribe" uses (RFC 8058): anyone who no longer wants it stops
it from the mail, without signing in (``rapport.notifications.unsubscribe``, under a
salt of the digest's own, so the link turns off the digest and nothing else).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from rapport.keeper.models import DigestPreference
from rapport.keeper.selectors import keep_in_touch, upcoming_dates
from rapport.mail import site_link, templated_email
from rapport.members.models import Member
from rapport.notifications.unsubscribe import unsubscribe_headers, unsubscribe_token

DIGEST_EVERY = dt.timedelta(days=7)
# The digest looks a week ahead: the next one covers the week after.
HORIZON_DAYS = 7
# Dates from today to six days on: a week of them, and the next digest, a week later,
# starts where this one ends, so no birthday is announced twice.
DATES_DAYS = 6
# The digest's unsubscribe links are signed under this salt, never notification mail's.
UNSUBSCRIBE_SALT = "rapport.keeper.digest.unsubscribe"


class DigestOutcome:
    SENT = "sent"
    NO_EMAIL = "no_email"
    DISABLED = "disabled"
    RECENTLY_SENT = "recently_sent"
    NOTHING_DUE = "nothing_due"


def digest_preference_of(*, owner: Member, lock: bool = False) -> DigestPreference:
    """The member's preference, created enabled the first time it is needed."""
    preference, _created = DigestPreference.objects.get_or_create(owner=owner)
    if lock:
        preference = DigestPreference.objects.select_for_update().get(pk=preference.pk)
    return preference


@transaction.atomic
def keeper_digest_set_enabled(*, owner: Member, enabled: bool) -> DigestPreference:
    preference = digest_preference_of(owner=owner, lock=True)
    preference.enabled = enabled
    preference.save(update_fields=["enabled"])
    return preference


def _links(owner: Member) -> dict[str, str]:
    token = unsubscribe_token(owner, salt=UNSUBSCRIBE_SALT)
    return {
        "unsubscribe": site_link(reverse("keeper_digest_unsubscribe", kwargs={"token": token})),
        "settings": site_link(reverse("keeper_settings")),
    }


def _held_back(preference: DigestPreference, *, today: dt.date) -> str | None:
    if not preference.enabled:
        return DigestOutcome.DISABLED
    # Compared by calendar day, so the digest keeps its weekday instead of drifting an
    # hour later every week behind the hourly check.
    if preference.last_sent_at is not None and (
        today - timezone.localtime(preference.last_sent_at).date() < DIGEST_EVERY
    ):
        return DigestOutcome.RECENTLY_SENT
    return None


@transaction.atomic
def keeper_digest_send(*, owner: Member, today: dt.date) -> str:
    """Send ``owner`` their digest if one is due (someone to reach out to, or a date
    coming up this week); returns a ``DigestOutcome``.

    The preference row stays locked while the mail goes out, so two workers cannot
    both send this week's digest; a failed send raises, nothing is recorded, and the
    next hourly run tries again.
    """
    if not owner.email:
        return DigestOutcome.NO_EMAIL
    existing = DigestPreference.objects.select_for_update().filter(owner=owner).first()
    if existing is not None and (blocked := _held_back(existing, today=today)):
        return blocked
    due = keep_in_touch(owner=owner, today=today, horizon_days=HORIZON_DAYS)
    coming_up = upcoming_dates(owner=owner, today=today, days=DATES_DAYS)
    if not due.overdue and not due.due_soon and not coming_up:
        return DigestOutcome.NOTHING_DUE
    if existing is None:
        # First digest: the preference row is made now, enabled, and checked again in
        # case another worker made it (and sent) a moment ago.
        preference = digest_preference_of(owner=owner, lock=True)
        if blocked := _held_back(preference, today=today):
            return blocked
    else:
        preference = existing
    links = _links(owner)
    context = {
        "owner": owner,
        "today": today,
        "overdue": due.overdue,
        "due_soon": due.due_soon,
        "count": len(due.overdue) + len(due.due_soon),
        "coming_up": coming_up,
        "links": links,
    }
    templated_email(
        "keeper/email/digest",
        context,
        to=owner.email,
        html=True,
        headers=unsubscribe_headers(links["unsubscribe"]),
    ).send()
    preference.last_sent_at = timezone.now()
    preference.save(update_fields=["last_sent_at"])
    return DigestOutcome.SENT
