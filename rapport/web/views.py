"""The home page: what Rapport is for a visitor, and a member's own overview.

The most visited page, so it is kept between the changes it shows
(``web.home_pages``), and when it must be made again it reads only what it shows, in
one round trip of plain SQL (``web.selectors.home_overview``): the waiting requests'
sender names and contexts rather than whole rows, the unread counts once for both
the conversation list and the navigation's badge (``own_unread`` in the context), and
how many requests wait, for the navigation's other badge (``own_waiting``).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.messages import get_messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone

from rapport.conversations.selectors import RecentConversation
from rapport.gatherings.place_times import time_at_the_place
from rapport.web.accepted_requests import first_ends as accepted_first_ends
from rapport.web.home_pages import (
    TOKEN_STAND_IN,
    home_keep,
    home_kept,
    home_key,
    home_served,
    home_version,
)
from rapport.web.selectors import home_overview
from rapport.web.templatetags.rapport_times import MONTHS, day_month_year_time, iso_time
from rapport.web.waiting_for_you import WaitingInvitation

HOME_CONVERSATIONS = 8
HOME_REQUESTS = 10
# Of each other kind of thing waiting for the member: a few, and a link to them all.
HOME_WAITING = 3


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
                "other_id": conversation.other_id,
                "other_name": conversation.other_name,
                "other_photo_hash": conversation.other_photo_hash,
                "unread": conversation.unread,
                "when_iso": iso,
                "when_label": label,
            }
        )
    return rows


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "web/landing.html", {"cap": settings.RAPPORT_CONNECTION_CAP})
    member = request.user
    cap = settings.RAPPORT_CONNECTION_CAP
    if get_messages(request):
        # A flash message is for this request only: the page is made for it, not kept.
        return render(request, "web/home.html", _home_context(member.pk, cap)[0])
    # The version first, the data after (see web.home_pages).
    key = home_key(member=member, version=home_version(member), cap=cap)
    page = home_kept(key)
    if page is None:
        context, expiries = _home_context(member.pk, cap)
        context.update(csrf_token=TOKEN_STAND_IN, messages=())
        page = render_to_string("web/home.html", context, request=request).encode()
        home_keep(key, page, expiries=expiries)
    return home_served(request, page)


def _home_context(member_id: int, cap: int) -> tuple[dict[str, object], list[dt.datetime]]:
    """What the home page shows, and when the first of its requests expires."""
    overview = home_overview(
        member_id=member_id,
        waiting=HOME_REQUESTS + 1,
        recent=HOME_CONVERSATIONS,
        others=HOME_WAITING + 1,
        today=timezone.localdate(),
    )
    others = overview.others
    context = {
        "capacity_count": overview.connections,
        "capacity_cap": cap,
        "incoming": overview.waiting[:HOME_REQUESTS],
        "more_incoming": len(overview.waiting) > HOME_REQUESTS,
        "conversations": _recent_rows(overview.recent),
        "own_unread": sum(overview.unread.values()),
        "own_waiting": overview.waiting_count,
        "introductions": others.introductions[:HOME_WAITING],
        "more_introductions": len(others.introductions) > HOME_WAITING,
        "invitations": _invitation_rows(others.invitations[:HOME_WAITING]),
        "more_invitations": len(others.invitations) > HOME_WAITING,
        "asks": others.asks[:HOME_WAITING],
        "more_asks": len(others.asks) > HOME_WAITING,
        "due": others.due[:HOME_WAITING],
        "more_due": len(others.due) - HOME_WAITING,
        "accepted": overview.accepted[:HOME_WAITING],
        "more_accepted": len(overview.accepted) > HOME_WAITING,
        "nav_current": "home",
    }
    # The first of all the waiting requests, listed or only counted, to expire; the
    # first of the other things listed (each kind lists its soonest first); and the
    # first notice of an accepted request to be old news (all those read, shown or not).
    ends = (overview.first_ends, others.first_ends(), accepted_first_ends(overview.accepted))
    expiries = [end for end in ends if end]
    return context, expiries


def _invitation_rows(invitations: list[WaitingInvitation]) -> list[dict[str, object]]:
    """Each invitation's start as the gatherings list tells it: at the place when the
    host gave the gathering a zone ("18:00 London time"), with the reader's own beside
    it when their clock reads otherwise; in the reader's zone alone when it has none.
    The zone named is the gathering's, chosen by its host to be shown, never the host's
    own."""
    zone = timezone.get_current_timezone()
    rows = []
    for invitation in invitations:
        at_place = time_at_the_place(invitation.time_zone, invitation.starts_at, invitation.ends_at)
        yours = ""
        if at_place is None:
            iso, label = _when(invitation.starts_at, zone)
            # Named as every gathering page names its time ("09:30 CET"): a gathering is
            # often in another zone than its guest, who should not have to wonder whose.
            zone_name = invitation.starts_at.astimezone(zone).tzname()
            label = f"{label} {zone_name}" if label and zone_name else label
        else:
            iso = iso_time(at_place.starts_at)
            label = f"{day_month_year_time(at_place.starts_at)} {at_place.zone} time"
            if at_place.yours_differs:
                local = invitation.starts_at.astimezone(zone)
                yours = f"{local:%H:%M}"
                if at_place.your_day_differs:
                    yours = f"{local.day} {MONTHS[local.month - 1]}, {yours}"
        rows.append(
            {
                "invitation": invitation,
                "starts_iso": iso,
                "starts_label": label,
                "yours_label": yours,
            }
        )
    return rows
