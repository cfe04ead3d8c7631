"""The navigation: which menu holds the current page, and its one number, the
signed-in member's own unread messages."""

from __future__ import annotations

from django import template

from rapport.conversations.selectors import unread_total

register = template.Library()


@register.simple_tag(takes_context=True)
def own_unread_total(context: template.Context) -> int:
    """Unread messages for the member viewing the page, never anyone else's.

    One query per page, or none when the view has already counted them and passed the
    total as ``own_unread`` (the home page does). Pages that mark a conversation read
    do so before rendering, so the number is already up to date.
    """
    counted = context.get("own_unread")
    if counted is not None:
        return counted
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    return unread_total(member=user)


# Each menu of the navigation and the pages (their ``nav_current``) it holds.
SECTIONS = {
    "people": frozenset({"search", "requests", "connections", "introductions"}),
    "together": frozenset({"asks", "gatherings", "coffee"}),
    "keeper": frozenset({"keeper", "insights", "imports", "audit"}),
    "you": frozenset({"profile", "safety", "tokens"}),
}


@register.filter
def nav_section(nav_current: str | None) -> str:
    """The menu that holds the current page, so it can be marked open to the eye."""
    for section, pages in SECTIONS.items():
        if nav_current in pages:
            return section
    return ""
