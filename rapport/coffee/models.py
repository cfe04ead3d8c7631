"""Coffee rounds: who opted in, each round, its pairs, and who was in it.

"Nobody twice in a round" is a database constraint: every member in a round has one
``Participation`` row (unique per round and member), pointing at their pair or at
nothing when they were the odd one out.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q


class Frequency(models.TextChoices):
    WEEKLY = "weekly", "Every week"
    FORTNIGHTLY = "fortnightly", "Every other week"
    MONTHLY = "monthly", "Every four weeks"


# Days between two rounds a member takes part in.
FREQUENCY_DAYS = {Frequency.WEEKLY: 7, Frequency.FORTNIGHTLY: 14, Frequency.MONTHLY: 28}
TOPICS_MAX = 400


class CoffeeOptIn(models.Model):
    """A member who wants to be paired, how often, and what they would like to talk about."""

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coffee_opt_in"
    )
    frequency = models.CharField(max_length=16, choices=Frequency.choices)
    topics = models.CharField(max_length=TOPICS_MAX, blank=True)
    # Left out of the last round they were in: paired first next time.
    first_in_line = models.BooleanField(default=False)
    last_round_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(frequency__in=Frequency.values), name="coffee_frequency_known"
            ),
        ]

    def __str__(self) -> str:
        return f"coffee opt-in of {self.member_id} ({self.frequency})"


class CoffeeRound(models.Model):
    """One round, held on one day."""

    held_on = models.DateField(unique=True)
    ran_at = models.DateTimeField()

    class Meta:
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return f"coffee round of {self.held_on:%Y-%m-%d}"


class Pairing(models.Model):
    """Two members paired in a round, why, and what each may say first."""

    round = models.ForeignKey(
        CoffeeRound, on_delete=models.CASCADE, related_name="pairings", db_index=False
    )
    member_low = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    member_high = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    weight = models.PositiveSmallIntegerField()
    # The reasons, as the engine found them (lists of words).
    shared = models.JSONField(default=list, blank=True)
    low_gets = models.JSONField(default=list, blank=True)
    high_gets = models.JSONField(default=list, blank=True)
    bridges = models.JSONField(default=list, blank=True)
    # A suggested first message for each side to send (or change).
    opener_low = models.TextField(max_length=1000)
    opener_high = models.TextField(max_length=1000)
    # The suggested half hour, in both members' working day (schedule.pair_hold_starts_at).
    hold_starts_at = models.DateTimeField()
    conversation = models.ForeignKey(
        "conversations.Conversation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    low_met_at = models.DateTimeField(null=True, blank=True)
    high_met_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-round__held_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(member_low__lt=F("member_high")), name="pairing_pair_ordered"
            ),
            models.UniqueConstraint(
                fields=["round", "member_low", "member_high"], name="one_pairing_per_pair_per_round"
            ),
        ]
        indexes = [
            models.Index(fields=["member_low", "member_high"]),
        ]

    def __str__(self) -> str:
        return f"pairing {self.member_low_id} - {self.member_high_id} in {self.round_id}"

    def other_id(self, member_id: int) -> int:
        return self.member_high_id if self.member_low_id == member_id else self.member_low_id

    def includes(self, member_id: int) -> bool:
        return member_id in (self.member_low_id, self.member_high_id)

    @property
    def met(self) -> bool:
        return self.low_met_at is not None or self.high_met_at is not None


class Participation(models.Model):
    """A member's place in a round: their pairing, or none when they were left out."""

    round = models.ForeignKey(
        CoffeeRound, on_delete=models.CASCADE, related_name="participations", db_index=False
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="coffee_participations",
        db_index=False,
    )
    pairing = models.ForeignKey(
        Pairing, null=True, blank=True, on_delete=models.CASCADE, related_name="participations"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "member"], name="one_place_per_member_per_round"
            ),
        ]
        indexes = [models.Index(fields=["member", "round"])]

    def __str__(self) -> str:
        return f"{self.member_id} in {self.round_id}"
