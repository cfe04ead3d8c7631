"""Requests and connections between members.

The invariants live in the database as well as in the services: one pending request
per pair, one connection per unordered pair, and no request to oneself.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length
from django.db.models.lookups import GreaterThanOrEqual, LessThanOrEqual

from rapport.limits import counted_length_in_sql
from rapport.network.states import (
    DETAIL_MAX,
    NOTE_MAX,
    NOTE_MIN,
    OFFER_MAX,
    REQUEST_GRAPH,
    Context,
    DeclineReason,
)


class ConnectionRequest(models.Model):
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="requests_sent",
        db_index=False,
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="requests_received",
        db_index=False,
    )
    # The unordered pair, so "one pending request between two members, either
    # direction" is a plain partial unique constraint.
    member_low = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    member_high = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    context = models.CharField(max_length=32, choices=Context.choices)
    context_detail = models.CharField(max_length=DETAIL_MAX, blank=True)
    introducer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Said by Rapport, not by the sender: "introduced by Ana" when an accepted
    # introduction, a confirmed gathering or a coffee round vouches for the context.
    verified = models.CharField(max_length=200, blank=True)
    # The note and the offer keep their paragraphs (``services.connection_request_send``),
    # a blank line between two counting as one character: a text column holds the
    # character more each one takes.
    note = models.TextField()
    offer = models.TextField(max_length=OFFER_MAX, blank=True)
    state = models.CharField(
        max_length=16, choices=REQUEST_GRAPH.choices, default=REQUEST_GRAPH.initial
    )
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    decided_at = models.DateTimeField(null=True, blank=True)
    # "I don't know this person": said by the recipient to Rapport, never to the sender.
    # It weighs on the sender's reputation (rapport/network/reputation.py).
    decline_reason = models.CharField(
        max_length=16, choices=DeclineReason.choices, blank=True, default=DeclineReason.NONE
    )
    # Why Rapport held the request for a moderator (the sender's evidence at the time),
    # and who released or rejected it, when.
    hold_reason = models.CharField(max_length=300, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    moderated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(sender=F("recipient")), name="request_not_to_self"),
            models.CheckConstraint(
                condition=Q(member_low__lt=F("member_high")), name="request_pair_ordered"
            ),
            models.CheckConstraint(
                condition=GreaterThanOrEqual(Length("note"), NOTE_MIN)
                & LessThanOrEqual(counted_length_in_sql("note"), NOTE_MAX),
                name="request_note_length",
            ),
            models.CheckConstraint(
                condition=Q(state__in=REQUEST_GRAPH.states), name="request_state_known"
            ),
            models.CheckConstraint(
                condition=Q(context__in=[code for code, _ in Context.choices]),
                name="request_context_known",
            ),
            models.UniqueConstraint(
                fields=["member_low", "member_high"],
                condition=Q(state="pending"),
                name="one_pending_request_per_pair",
            ),
            models.CheckConstraint(
                condition=Q(decline_reason__in=[code for code, _ in DeclineReason.choices]),
                name="request_decline_reason_known",
            ),
            # Only a declined request carries a reason (kept if the sender then withdraws).
            models.CheckConstraint(
                condition=Q(decline_reason="") | Q(state__in=("declined", "withdrawn")),
                name="request_decline_reason_only_when_declined",
            ),
            models.CheckConstraint(
                condition=~Q(state="held") | ~Q(hold_reason=""),
                name="request_held_says_why",
            ),
        ]
        indexes = [
            models.Index(fields=["sender", "created_at"]),
            models.Index(fields=["recipient", "state"]),
            models.Index(fields=["state", "created_at"]),
            # Requests accepted in the last days, for the notification mails' candidates.
            models.Index(fields=["state", "decided_at"], name="request_state_decided"),
        ]

    def __str__(self) -> str:
        # Names, as the admin's pages show it; they read the two with the request.
        state = self.get_state_display()
        return f"{self.sender}'s request to {self.recipient} ({state[:1].lower()}{state[1:]})"


class Connection(models.Model):
    """Two members who both said yes. Created only by accepting a request."""

    member_low = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="connections_low",
        db_index=False,
    )
    member_high = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="connections_high"
    )
    request = models.OneToOneField(
        ConnectionRequest, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["member_low", "member_high"], name="one_connection_per_pair"
            ),
            models.CheckConstraint(
                condition=Q(member_low__lt=F("member_high")), name="connection_pair_ordered"
            ),
        ]

    def __str__(self) -> str:
        # Names, as the admin's pages show it; they read the two with the connection.
        return f"{self.member_low} and {self.member_high}"

    def other(self, member_id: int) -> int:
        return self.member_high_id if self.member_low_id == member_id else self.member_low_id


class PastConnection(models.Model):
    """A connection one member ended, kept in *their* list only.

    Private to ``owner``: the other member is not told and sees nothing here.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="past_connections"
    )
    other = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    connected_at = models.DateTimeField()
    ended_at = models.DateTimeField()

    class Meta:
        ordering = ["-ended_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(owner=F("other")), name="past_not_self"),
        ]

    def __str__(self) -> str:
        return f"past connection of {self.owner_id}: {self.other_id}"


class HeldRequest(ConnectionRequest):
    """Requests waiting for a moderator: the same rows, as the moderators' own list."""

    class Meta:
        proxy = True
        verbose_name = "held request"
        verbose_name_plural = "held requests"
