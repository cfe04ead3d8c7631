"""Reads about conversations, for one of the two participants only."""

from __future__ import annotations

from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from rapport.conversations.models import Conversation, Message, ReadMark
from rapport.errors import NotFound
from rapport.members.models import Member


def conversations_of(*, member: Member) -> QuerySet[Conversation]:
    """The member's conversations, newest first, each with its unread count for them."""
    last_read = ReadMark.objects.filter(conversation=OuterRef("pk"), member=member).values(
        "last_read_message_id"
    )[:1]
    return (
        Conversation.objects.filter(Q(member_low=member) | Q(member_high=member))
        .select_related("member_low", "member_high")
        .annotate(
            last_read=Coalesce(Subquery(last_read, output_field=IntegerField()), Value(0)),
        )
        .annotate(
            unread=Count(
                "messages",
                filter=Q(messages__id__gt=F("last_read")) & ~Q(messages__sender=member),
            )
        )
        .order_by(F("last_message_at").desc(nulls_last=True), "-id")
    )


def unread_total(*, member: Member) -> int:
    return sum(c.unread for c in conversations_of(member=member))


def conversation_get(*, member: Member, conversation_id: int) -> Conversation:
    conversation = (
        Conversation.objects.filter(pk=conversation_id)
        .filter(Q(member_low=member) | Q(member_high=member))
        .select_related("member_low", "member_high")
        .first()
    )
    if conversation is None:
        raise NotFound("No such conversation.")
    return conversation


def conversation_with(*, member: Member, other_id: int) -> Conversation | None:
    low, high = sorted((member.pk, other_id))
    return Conversation.objects.filter(member_low_id=low, member_high_id=high).first()


def messages_of(
    *, conversation: Conversation, limit: int = 200, before: int | None = None
) -> list[Message]:
    """The latest ``limit`` messages (older than message id ``before``), oldest first."""
    messages = Message.objects.filter(conversation=conversation)
    if before is not None:
        messages = messages.filter(id__lt=before)
    newest = list(messages.select_related("sender").order_by("-id")[:limit])
    newest.reverse()
    return newest


def last_read_id(*, member: Member, conversation: Conversation) -> int:
    return (
        ReadMark.objects.filter(conversation=conversation, member=member)
        .values_list("last_read_message_id", flat=True)
        .first()
        or 0
    )
