"""The keeper's settings: the private calendar link and the weekly digest.

The calendar link's secret is shown once, on the page that creates it; only its
digest is stored, so a lost link is replaced, never recovered.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from rapport.keeper.calendar_feed import calendar_feed_create, calendar_feed_revoke
from rapport.keeper.digest import keeper_digest_set_enabled
from rapport.keeper.models import CalendarFeed, DigestPreference
from rapport.members.selectors import email_pending_of
from rapport.typed_requests import MemberRequest


def _page(request: MemberRequest, *, new_feed_url: str | None = None) -> HttpResponse:
    member = request.user
    return render(
        request,
        "keeper/settings.html",
        {
            "nav_current": "keeper",
            "feed": CalendarFeed.objects.filter(owner=member).first(),
            "new_feed_url": new_feed_url,
            # No row yet means the default, on; reading the page writes nothing.
            "digest_enabled": DigestPreference.objects.filter(owner=member)
            .values_list("enabled", flat=True)
            .first()
            is not False,
            "has_email": bool(member.email),
            # Sign-up's address waits for its link: say so, rather than "add one".
            "pending_email": None if member.email else email_pending_of(member=member),
        },
    )


@login_required
def keeper_settings(request: MemberRequest) -> HttpResponse:
    return _page(request)


@login_required
@require_POST
def calendar_link_create(request: MemberRequest) -> HttpResponse:
    token = calendar_feed_create(owner=request.user)
    url = request.build_absolute_uri(reverse("keeper_calendar_feed", kwargs={"token": token}))
    return _page(request, new_feed_url=url)


@login_required
@require_POST
def calendar_link_revoke(request: MemberRequest) -> HttpResponse:
    calendar_feed_revoke(owner=request.user)
    messages.success(request, "Calendar link revoked: calendars subscribed to it stop updating.")
    return redirect("keeper_settings")


@login_required
@require_POST
def digest_switch(request: MemberRequest) -> HttpResponse:
    enabled = request.POST.get("enabled") == "on"
    keeper_digest_set_enabled(owner=request.user, enabled=enabled)
    messages.success(
        request, "Weekly digest on." if enabled else "Weekly digest off: no more emails."
    )
    return redirect("keeper_settings")
