"""One-to-one conversations. There is no feed and no message to many at once."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length
from django.db.models.lookups import GreaterThan

if TYPE_CHECKING:
    from rapport.conversations.selectors import ReaderMark

MESSAGE_MAX = 5000


class Conversation(models.Model):
    """The thread between two members; at most one per pair."""

    class Origin(models.TextChoices):
        CONNECTION = "connection", "Connection request"
        INTRODUCTION = "introduction", "Introduction"
        COFFEE = "coffee", "Coffee round"

    member_low = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    member_high = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    origin = models.CharField(max_length=16, choices=Origin.choices, default=Origin.CONNECTION)
    created_at = models.DateTimeField()
    last_message_at = models.DateTimeField(null=True, blank=True)

    # Not a column: how far its reader had read it, on a conversation that
    # ``selectors.conversation_get`` read; absent on any other (read it with ``getattr``).
    read_mark: ReaderMark

    class Meta:
        ordering = ["-last_message_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["member_low", "member_high"], name="one_conversation_per_pair"
            ),
            models.CheckConstraint(
                condition=Q(member_low__lt=F("member_high")), name="conversation_pair_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"conversation {self.pk}"

    def other(self, member_id: int) -> int:
        return self.member_high_id if self.member_low_id == member_id else self.member_low_id

    def includes(self, member_id: int) -> bool:
        return member_id in (self.member_low_id, self.member_high_id)


class Message(models.Model):
    """One message in a thread. Its sender may delete it: the body is erased (set to
    empty) and ``deleted_at`` set, leaving a tombstone that keeps its place, sender and
    time, so the thread still reads in order and its day still counted in both keepers
    (``services.message_delete``)."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages", db_index=False
    )
    # Indexed with its time below, which serves the foreign key too.
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    # Kept with its paragraphs and counted as the API counts it (``services.message_send``):
    # it may be stored a character longer per blank line, which a text column holds.
    body = models.TextField(max_length=MESSAGE_MAX)
    created_at = models.DateTimeField()
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["conversation", "created_at"]),
            # The last days' messages, for the notification mails' candidates
            # (rapport/notifications/selectors.py) without reading every message.
            models.Index(fields=["created_at"], name="message_created_at"),
            # A sender's messages of the last minute and day, for the sending limits
            # (rapport/safety/sending_limits.py), without reading all they ever sent.
            models.Index(fields=["sender", "created_at"], name="message_sender_created_at"),
        ]
        constraints = [
            # A message says something until its sender deletes it; then it says
            # nothing at all: deletion erases, it does not hide.
            models.CheckConstraint(
                condition=Q(deleted_at__isnull=False) | GreaterThan(Length("body"), 0),  # type: ignore[arg-type]  # django-stubs: Q's | takes only a Q
                name="message_not_empty",
            ),
            models.CheckConstraint(
                condition=Q(deleted_at__isnull=True) | Q(body=""),
                name="deleted_message_erased",
            ),
        ]

    def __str__(self) -> str:
        return f"message {self.pk} in {self.conversation_id}"


class ReadMark(models.Model):
    """How far one member has read one conversation: the last message id they saw.

    An id rather than a time, so two messages in the same microsecond cannot hide
    one another.
    """

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="read_marks", db_index=False
    )
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    last_read_message_id = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "member"], name="one_read_mark_per_member"
            ),
        ]

    def __str__(self) -> str:
        return f"read mark {self.member_id} in {self.conversation_id}"
