"""The home page: what Rapport is for a visitor, and a member's own overview.

The most visited page, so it reads only what it shows, in one round trip of plain SQL
(``web.selectors.home_overview``): the waiting requests' sender names and contexts
rather than whole rows, and the unread counts once for both the conversation list and
the navigation's badge (``own_unread`` in the context).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from rapport.conversations.selectors import RecentConversation
from rapport.web.selectors import home_overview
from rapport.web.templatetags.rapport_times import day_month_year_time, iso_time

HOME_CONVERSATIONS = 8
HOME_REQUESTS = 10


def _when(value: dt.datetime | None, zone: dt.tzinfo) -> tuple[str, str]:
    """The ``date:'c'`` and ``date:'j M Y, H:i'`` of a time, made once in Python: the
    template filter was a sixth of the page's rendering for eight rows. ``zone`` is the
    current time zone, looked up once for all rows (each lookup is a context-local read)."""
    if value is None:
        return "", ""
    local = value.astimezone(zone)
    return iso_time(local), day_month_year_time(local)


def _recent_rows(conversations: list[RecentConversation]) -> list[dict[str, object]]:
    zone = timezone.get_current_timezone()
    rows = []
    for conversation in conversations:
        iso, label = _when(conversation.last_message_at, zone)
        rows.append(
            {
                "pk": conversation.pk,
                "other_name": conversation.other_name,
                "unread": conversation.unread,
                "when_iso": iso,
                "when_label": label,
            }
        )
    return rows


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "web/landing.html")
    overview = home_overview(
        member_id=request.user.pk, waiting=HOME_REQUESTS + 1, recent=HOME_CONVERSATIONS
    )
    return render(
        request,
        "web/home.html",
        {
            "capacity_count": overview.connections,
            "capacity_cap": settings.RAPPORT_CONNECTION_CAP,
            "incoming": overview.waiting[:HOME_REQUESTS],
            "more_incoming": len(overview.waiting) > HOME_REQUESTS,
            "conversations": _recent_rows(overview.recent),
            "own_unread": sum(overview.unread.values()),
            "nav_current": "home",
        },
    )
