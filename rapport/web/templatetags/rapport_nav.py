"""The navigation: which menu holds the current page, and its one number, the
signed-in member's own unread messages."""

from __future__ import annotations

from django import template
from django.core.cache import caches

from rapport.conversations.selectors import unread_total
from rapport.web.home_pages import CACHE, MAX_AGE_SECONDS, home_version

register = template.Library()


@register.simple_tag(takes_context=True)
def own_unread_total(context: template.Context) -> int:
    """Unread messages for the member viewing the page, never anyone else's.

    None of a query when the view has already counted them and passed the total as
    ``own_unread`` (the home and conversation pages do), or when this worker counted
    them since the member's home version last moved: every write that can change the
    count (a message, a read mark, a conversation) moves it, in the database's own
    triggers (``rapport/web/home_pages.py``), and the version comes with the session's
    query. Otherwise one query. Pages that mark a conversation read do so before
    rendering, so the number is already up to date.
    """
    counted = context.get("own_unread")
    if counted is not None:
        return counted
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    # Read before the count, as the home page's version is: a count is never older
    # than the version it is kept under.
    key = f"unread:{user.pk}:{user.date_joined.timestamp()}:{home_version(user)}"
    kept = caches[CACHE].get(key)
    if kept is None:
        kept = unread_total(member=user)
        caches[CACHE].set(key, kept, MAX_AGE_SECONDS)
    return kept


# Each menu of the navigation and the pages (their ``nav_current``) it holds.
SECTIONS = {
    "people": frozenset({"search", "requests", "connections", "introductions"}),
    "together": frozenset({"asks", "gatherings", "coffee"}),
    "keeper": frozenset({"keeper", "insights", "imports", "audit"}),
    "you": frozenset({"profile", "account", "notifications", "safety", "tokens"}),
}


@register.filter
def nav_section(nav_current: str | None) -> str:
    """The menu that holds the current page, so it can be marked open to the eye."""
    for section, pages in SECTIONS.items():
        if nav_current in pages:
            return section
    return ""
