"""Asks and offers, the private answers to them, and who helped.

An ask is seen only by the poster's connections; an answer only by the poster and
its author. The invariants are database constraints as well as service checks.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length
from django.db.models.lookups import GreaterThan, GreaterThanOrEqual, LessThanOrEqual

from rapport.asks.states import ANSWER_MAX, ASK_GRAPH, DETAIL_MAX, TITLE_MAX, TITLE_MIN, AskKind
from rapport.keeper.vocabulary import Kind
from rapport.limits import counted_length_in_sql


class Ask(models.Model):
    poster = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="asks", db_index=False
    )
    kind = models.CharField(max_length=8, choices=AskKind.choices)
    title = models.CharField(max_length=TITLE_MAX)
    # Kept with its paragraphs (``services.ask_post``), a blank line between two
    # counting as one character, as the constraint below counts it.
    detail = models.TextField(max_length=DETAIL_MAX, blank=True)
    state = models.CharField(max_length=16, choices=ASK_GRAPH.choices, default=ASK_GRAPH.initial)
    # What changed hands, recorded on closing: advice, help, an introduction, a referral.
    favour = models.CharField(
        max_length=16, blank=True, choices=[(code, Kind.labels[code]) for code in Kind.favours]
    )
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=AskKind.codes), name="ask_kind_known"),
            models.CheckConstraint(condition=Q(state__in=ASK_GRAPH.states), name="ask_state_known"),
            models.CheckConstraint(
                condition=GreaterThanOrEqual(Length("title"), TITLE_MIN)  # type: ignore[arg-type]  # django-stubs: Q's & takes only a Q
                & LessThanOrEqual(Length("title"), TITLE_MAX)
                & LessThanOrEqual(counted_length_in_sql("detail"), DETAIL_MAX),
                name="ask_text_length",
            ),
            models.CheckConstraint(
                condition=Q(favour="") | Q(favour__in=Kind.favours), name="ask_favour_known"
            ),
            # Closed exactly when it has a closing time; only a closed ask has a favour.
            models.CheckConstraint(
                condition=Q(state="closed", closed_at__isnull=False)
                | (~Q(state="closed") & Q(closed_at__isnull=True, favour="")),
                name="ask_closed_at",
            ),
            models.CheckConstraint(
                condition=Q(expires_at__gt=F("created_at")), name="ask_expires_after_created"
            ),
        ]
        indexes = [
            models.Index(fields=["poster", "state", "expires_at"]),
            models.Index(fields=["state", "expires_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.pk} by {self.poster_id}: {self.title}"


class AskAnswer(models.Model):
    """A private reply: the poster and its author see it, nobody else."""

    ask = models.ForeignKey(Ask, on_delete=models.CASCADE, related_name="answers", db_index=False)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # Kept with its paragraphs, counted as ``detail`` is.
    body = models.TextField(max_length=ANSWER_MAX)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["ask", "author"])]
        constraints = [
            models.CheckConstraint(
                condition=GreaterThan(Length("body"), 0)
                & LessThanOrEqual(counted_length_in_sql("body"), ANSWER_MAX),
                name="ask_answer_length",
            ),
        ]

    def __str__(self) -> str:
        return f"answer {self.pk} to {self.ask_id} by {self.author_id}"


class AskHelper(models.Model):
    """Who the favour went between, recorded when the poster closes it.

    For an ask: someone who helped the poster. For an offer: someone the poster helped.
    """

    ask = models.ForeignKey(Ask, on_delete=models.CASCADE, related_name="helpers", db_index=False)
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ask", "member"], name="one_helper_row_per_member"),
        ]

    def __str__(self) -> str:
        return f"helper {self.member_id} on {self.ask_id}"
