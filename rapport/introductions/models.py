"""Introductions: a member asks two of their connections, each privately, to meet.

The rules are database constraints as well as service checks: three different
people, the pair stored low-high so "one introduction waiting per pair" is a partial
unique index, and the state agrees with the two answers (accepted only when both said
yes, declined only when one said no).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length
from django.db.models.lookups import GreaterThanOrEqual, LessThanOrEqual

from rapport.introductions.states import ANSWER_GRAPH, INTRODUCTION_GRAPH, WHY_MAX, WHY_MIN
from rapport.limits import counted_length_in_sql


def _length_between(field: str) -> Q:
    # A sentence keeps its paragraphs (``services.introduction_make``): a blank line
    # between two counts as one character, as the service counts it.
    return GreaterThanOrEqual(Length(field), WHY_MIN) & LessThanOrEqual(
        counted_length_in_sql(field), WHY_MAX
    )


class Introduction(models.Model):
    introducer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="introductions_made",
        db_index=False,
    )
    first = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    second = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    member_low = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    member_high = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    # Shown to ``first`` before they answer: why they should meet the other person,
    # written so that it describes them without naming them.
    why_first = models.TextField()
    why_second = models.TextField()
    first_answer = models.CharField(
        max_length=16, choices=ANSWER_GRAPH.choices, default=ANSWER_GRAPH.initial
    )
    second_answer = models.CharField(
        max_length=16, choices=ANSWER_GRAPH.choices, default=ANSWER_GRAPH.initial
    )
    state = models.CharField(
        max_length=16, choices=INTRODUCTION_GRAPH.choices, default=INTRODUCTION_GRAPH.initial
    )
    # A block stands between the two: the introduction is never shown to either, and
    # the introducer sees it wait and expire like one nobody answered.
    withheld = models.BooleanField(default=False)
    conversation = models.ForeignKey(
        "conversations.Conversation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    decided_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(first=F("second"))
                & ~Q(introducer=F("first"))
                & ~Q(introducer=F("second")),
                name="introduction_three_people",
            ),
            models.CheckConstraint(
                condition=Q(member_low__lt=F("member_high"))
                & (
                    Q(member_low=F("first"), member_high=F("second"))
                    | Q(member_low=F("second"), member_high=F("first"))
                ),
                name="introduction_pair_ordered",
            ),
            models.CheckConstraint(
                condition=_length_between("why_first") & _length_between("why_second"),
                name="introduction_why_length",
            ),
            models.CheckConstraint(
                condition=Q(state__in=INTRODUCTION_GRAPH.states)
                & Q(first_answer__in=ANSWER_GRAPH.states)
                & Q(second_answer__in=ANSWER_GRAPH.states),
                name="introduction_states_known",
            ),
            # Accepted exactly when both said yes.
            models.CheckConstraint(
                condition=(
                    Q(state="accepted", first_answer="accepted", second_answer="accepted")
                    | (~Q(state="accepted") & ~Q(first_answer="accepted", second_answer="accepted"))
                ),
                name="introduction_accepted_by_both",
            ),
            # Declined only when one said no; nothing else holds a "no".
            models.CheckConstraint(
                condition=Q(state="declined", first_answer="declined")
                | Q(state="declined", second_answer="declined")
                | (
                    ~Q(state="declined")
                    & ~Q(first_answer="declined")
                    & ~Q(second_answer="declined")
                ),
                name="introduction_declined_by_one",
            ),
            models.CheckConstraint(
                condition=Q(withheld=False)
                | Q(
                    state__in=["pending", "expired", "withdrawn"],
                    first_answer="waiting",
                    second_answer="waiting",
                ),
                name="introduction_withheld_unanswered",
            ),
            models.CheckConstraint(
                condition=Q(state="pending", decided_at__isnull=True)
                | (~Q(state="pending") & Q(decided_at__isnull=False)),
                name="introduction_decided_at",
            ),
            models.UniqueConstraint(
                fields=["member_low", "member_high"],
                condition=Q(state="pending"),
                name="one_pending_introduction_per_pair",
            ),
        ]
        indexes = [
            models.Index(fields=["first", "created_at"]),
            models.Index(fields=["second", "created_at"]),
            models.Index(fields=["introducer", "created_at"]),
            models.Index(fields=["state", "expires_at"]),
        ]

    def __str__(self) -> str:
        return (
            f"introduction {self.pk}: {self.introducer_id} introduces "
            f"{self.first_id} and {self.second_id} ({self.state})"
        )

    def side_of(self, member_id: int) -> str | None:
        """ "first" or "second" for one of the two introduced, else None."""
        if member_id == self.first_id:
            return "first"
        if member_id == self.second_id:
            return "second"
        return None

    def answer_of(self, side: str) -> str:
        return self.first_answer if side == "first" else self.second_answer

    def why_for(self, side: str) -> str:
        return self.why_first if side == "first" else self.why_second

    def other_id(self, side: str) -> int:
        return self.second_id if side == "first" else self.first_id
