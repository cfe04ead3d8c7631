"""The insights page: the signed-in member's own network, read by the engine.

There is no page for anyone else's insights: the URL takes no member id, so one
member cannot even ask for another's.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from rapport.ego.report import member_insights
from rapport.typed_requests import MemberRequest

NAV = "insights"


@login_required
def insights(request: MemberRequest) -> HttpResponse:
    report = member_insights(member=request.user, now=timezone.now())
    chosen = {load.circle: load for load in report.circles_chosen}
    side_by_side = [
        {"found": found, "chosen": chosen.get(found.reads_as)} for found in report.circles_found
    ]
    return render(
        request,
        "ego/insights.html",
        {"report": report, "side_by_side": side_by_side, "nav_current": NAV},
    )
