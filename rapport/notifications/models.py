"""Each member's notification mail: how often they want it, and what the last one covered.

A table of its own, one row per member, made the first time a member chooses a
frequency or is mailed; no row means the default, "soon", and nothing mailed yet.
Not columns on ``members_member``: adding one there rebuilds that table on SQLite and
drops the triggers that keep home pages current (members migration 0003).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from rapport.notifications import rhythm


class Frequency(models.TextChoices):
    SOON = rhythm.SOON, "Soon: within about a quarter of an hour, never at night"
    DAILY = rhythm.DAILY, "Once a day, at 08:00"
    OFF = rhythm.OFF, "Off: no notification mail"


class NotificationPreference(models.Model):
    member = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preference",
    )
    frequency = models.CharField(max_length=8, choices=Frequency.choices, default=Frequency.SOON)
    # The record of what the mails covered: everything that began to wait up to this
    # moment has been in a mail or was seen (or answered) before one went. Written in
    # the transaction that sends the mail, with this row locked.
    covered_until = models.DateTimeField(null=True, blank=True)
    last_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "notifications_preference"
        constraints = [
            models.CheckConstraint(
                condition=Q(frequency__in=rhythm.FREQUENCIES), name="notification_frequency_known"
            ),
            # Both written by the mail that covered them, or neither yet; a mail covers
            # only what had begun to wait before it went.
            models.CheckConstraint(
                condition=Q(covered_until__isnull=True, last_sent_at__isnull=True)
                | Q(
                    covered_until__isnull=False,
                    last_sent_at__isnull=False,
                    covered_until__lte=F("last_sent_at"),
                ),
                name="notification_covered_before_sent",
            ),
        ]

    def __str__(self) -> str:
        return f"notifications of {self.member_id}: {self.frequency}"
