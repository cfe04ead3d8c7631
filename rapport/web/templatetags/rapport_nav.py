"""The navigation's one number: the signed-in member's own unread messages."""

from __future__ import annotations

from django import template

from rapport.conversations.selectors import unread_total

register = template.Library()


@register.simple_tag(takes_context=True)
def own_unread_total(context: template.Context) -> int:
    """Unread messages for the member viewing the page, never anyone else's.

    One query per page. Pages that mark a conversation read do so before rendering,
    so the number is already up to date.
    """
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    return unread_total(member=user)
