"""Who is on the other side of a pair, seen from the signed-in member."""

from __future__ import annotations

from django import template

from rapport.conversations.models import Conversation
from rapport.members.models import Member

register = template.Library()


@register.filter
def other_member(conversation: Conversation, member: Member) -> Member:
    """The participant who is not ``member``; selectors select_related both, so no query."""
    if conversation.member_low_id == member.pk:
        return conversation.member_high
    return conversation.member_low
