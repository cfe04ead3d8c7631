"""The home page: what Rapport is for a visitor, and a member's own overview."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from rapport.conversations.selectors import conversations_of
from rapport.network.selectors import capacity_of, requests_incoming

HOME_CONVERSATIONS = 8
HOME_REQUESTS = 10


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "web/landing.html")
    member = request.user
    count, cap = capacity_of(member=member)
    incoming = list(requests_incoming(member=member)[: HOME_REQUESTS + 1])
    return render(
        request,
        "web/home.html",
        {
            "capacity_count": count,
            "capacity_cap": cap,
            "incoming": incoming[:HOME_REQUESTS],
            "more_incoming": len(incoming) > HOME_REQUESTS,
            "conversations": list(conversations_of(member=member)[:HOME_CONVERSATIONS]),
            "nav_current": "home",
        },
    )
