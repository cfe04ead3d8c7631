"""The navigation: which menu holds the current page, and its two numbers, the
signed-in member's own unread messages and requests waiting for their answer."""

from __future__ import annotations

from django import template

from rapport.web.nav_counts import NavCounts, nav_counts

register = template.Library()

NONE = NavCounts(unread=0, waiting=0)


@register.simple_tag(takes_context=True)
def own_nav_counts(context: template.Context) -> NavCounts:
    """The numbers of the member viewing the page, never anyone else's.

    None of a query when the view has already counted them and passed them as
    ``own_unread`` and ``own_waiting`` (the home and conversation pages do), or when
    this worker counted them since the member's home version last moved
    (``web.nav_counts``). Otherwise one query for both. Pages that mark a conversation
    read do so before rendering, so the number is already up to date.
    """
    unread, waiting = context.get("own_unread"), context.get("own_waiting")
    if unread is not None and waiting is not None:
        return NavCounts(unread=unread, waiting=waiting)
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return NONE
    counted = nav_counts(user)
    return NavCounts(
        unread=counted.unread if unread is None else unread,
        waiting=counted.waiting if waiting is None else waiting,
    )


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
