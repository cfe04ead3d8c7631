"""The private calendar feed URL: no login, the secret token in the path is the key."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from rapport.keeper.calendar_feed import calendar_feed_ics, calendar_feed_owner
from rapport.members.time_zones import member_time_zone


@require_safe
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    owner = calendar_feed_owner(token)
    if owner is None:
        raise Http404("No such calendar.")
    # No session here: the owner's days are counted in their own time zone.
    with member_time_zone(owner):
        feed = calendar_feed_ics(owner=owner, today=timezone.localdate())
    response = HttpResponse(feed, content_type="text/calendar; charset=utf-8")
    # The feed is one member's private keeper: never kept by a shared cache.
    patch_cache_control(response, private=True)
    response["Content-Disposition"] = 'inline; filename="rapport-keep-in-touch.ics"'
    response["X-Robots-Tag"] = "noindex"
    return response
