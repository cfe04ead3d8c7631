"""Writes for notification mail: a member's choice, and the mail itself, sent once.

``notification_send`` sends one member what waits for them, with their preference row
locked while it decides, sends, and records what the mail covered, in one
transaction, as the keeper's digest does: a second run (another worker, or RQ running
the task again after a worker was killed) waits for the lock, then finds the
mail recorded and nothing new. A send that fails raises, records nothing, and the
next run tries again. (A worker killed after the mail server took the mail and before
the commit sends it once more: the one case no database transaction can cover.)
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse

from rapport.errors import InvalidInput
from rapport.mail import site_link, templated_email
from rapport.members.models import Member
from rapport.members.time_zones import member_time_zone, zone_of
from rapport.notifications import rhythm
from rapport.notifications.models import Frequency, NotificationPreference
from rapport.notifications.selectors import Window, context_in_words, what_waits_for
from rapport.notifications.unsubscribe import unsubscribe_headers, unsubscribe_token


class NotificationOutcome:
    SENT = "sent"
    NO_EMAIL = "no_email"  # no address, or the account is deactivated
    NOT_NOW = "not_now"  # off, the member's night, outside the daily hour, or mailed lately
    NOTHING_NEW = "nothing_new"


def _locked_preference(member: Member) -> NotificationPreference:
    """The member's row, locked until the transaction ends; made first if they have
    none. Made with "insert unless there is one", so two workers making it at once
    both go on, one after the other, to the same row, with no savepoint to roll back."""
    rows = NotificationPreference.objects.select_for_update().filter(member=member)
    preference = rows.first()
    if preference is None:
        NotificationPreference.objects.bulk_create(
            [NotificationPreference(member=member)], ignore_conflicts=True
        )
        preference = rows.get()
    return preference


def frequency_checked(frequency: object) -> str:
    if frequency not in rhythm.FREQUENCIES:
        raise InvalidInput(
            f"Choose how often: {', '.join(rhythm.FREQUENCIES)}.",
            code="unknown_frequency",
            field="frequency",
        )
    return str(frequency)


@transaction.atomic
def notification_frequency_set(*, member: Member, frequency: str) -> NotificationPreference:
    """Soon, daily or off. What the last mail covered stays as it was: turning mail back
    on sends nothing older than ``rhythm.LOOKBACK``."""
    frequency = frequency_checked(frequency)
    preference = _locked_preference(member)
    if preference.frequency != frequency:
        preference.frequency = frequency
        preference.save(update_fields=["frequency"])
    return preference


def _links(member: Member) -> dict[str, str]:
    unsubscribe = site_link(
        reverse("notifications_unsubscribe", kwargs={"token": unsubscribe_token(member)})
    )
    return {
        "unsubscribe": unsubscribe,
        "settings": site_link(reverse("notification_settings")),
        "requests": site_link(reverse("requests_inbox")),
        "introductions": site_link(reverse("introductions")),
    }


def _gathering_link(gathering_id: int) -> str:
    return site_link(reverse("gathering", kwargs={"gathering_id": gathering_id}))


def _pairing_link(pairing_id: int) -> str:
    """The pairing's page: why the two, the suggested hello, and the way to the thread."""
    return site_link(reverse("coffee_pairing", kwargs={"pairing_id": pairing_id}))


def _conversation_link(conversation_id: int | None) -> str:
    if conversation_id is None:
        return site_link(reverse("conversations"))
    return site_link(reverse("conversation", kwargs={"conversation_id": conversation_id}))


@transaction.atomic
def notification_send(*, member: Member, now: dt.datetime) -> str:
    """Mail ``member`` what waits for them, if they may be mailed at ``now`` and
    something new waits; returns a ``NotificationOutcome``."""
    if not member.is_active or not member.email:
        return NotificationOutcome.NO_EMAIL
    preference = _locked_preference(member)
    if not rhythm.mail_may_go(
        frequency=preference.frequency,
        now=now,
        zone=zone_of(member),
        last_sent_at=preference.last_sent_at,
    ):
        return NotificationOutcome.NOT_NOW
    window = Window.at(now, covered_until=preference.covered_until)
    waiting = what_waits_for(member=member, window=window)
    if not waiting:
        return NotificationOutcome.NOTHING_NEW
    links = _links(member)
    context = {
        "member": member,
        "waiting": waiting,
        "conversations": [
            (conversation, _conversation_link(conversation.conversation_id))
            for conversation in waiting.conversations
        ],
        "requests": [(request, context_in_words(request)) for request in waiting.requests],
        "connections": [
            (connection, _conversation_link(connection.conversation_id))
            for connection in waiting.connections
        ],
        "introductions": waiting.introductions,
        "invitations": [
            (gathering, _gathering_link(gathering.pk)) for gathering in waiting.invitations
        ],
        "pairings": [(pairing, _pairing_link(pairing.pairing_id)) for pairing in waiting.pairings],
        "daily": preference.frequency == Frequency.DAILY,
        "wait_minutes": int(rhythm.WAIT.total_seconds() // 60),
        "links": links,
    }
    with member_time_zone(member):  # times and "answer by" days on the member's clock
        message = templated_email(
            "notifications/email/waiting",
            context,
            to=member.email,
            headers=unsubscribe_headers(links["unsubscribe"]),
        )
    message.send()
    preference.covered_until = window.up_to
    preference.last_sent_at = now
    preference.save(update_fields=["covered_until", "last_sent_at"])
    return NotificationOutcome.SENT
