"""The coffee rounds' pages, under /coffee/: opt in, your pairings, "we met".

Every page is the signed-in member's own; a pairing of two other members is 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_POST, require_safe

from rapport.coffee.calendar import pairing_ics
from rapport.coffee.forms import OpenerForm, OptInForm
from rapport.coffee.models import Frequency
from rapport.coffee.selectors import (
    left_out_on,
    member_next_round_on,
    opt_in_of,
    pairing_get,
    pairings_of,
    who_wrote,
)
from rapport.coffee.services import coffee_opt_in, coffee_opt_out, coffee_pairing_met
from rapport.errors import RapportError
from rapport.network.selectors import are_connected
from rapport.typed_requests import MemberRequest
from rapport.web.form_errors import show_error

NAV = "coffee"


@login_required
def coffee(request: MemberRequest) -> HttpResponse:
    member = request.user
    opt_in = opt_in_of(member=member)
    initial = {"frequency": opt_in.frequency, "topics": opt_in.topics} if opt_in else None
    form = OptInForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                opt_in = coffee_opt_in(member=member, **form.cleaned_data)
            except RapportError as error:
                show_error(form, error)
                status = error.status
            else:
                messages.success(
                    request,
                    f"You are in the coffee rounds: {Frequency(opt_in.frequency).label.lower()}.",
                )
                return redirect("coffee")
        else:
            status = 422
    return render(
        request,
        "coffee/coffee.html",
        {
            "opt_in": opt_in,
            "form": form,
            "next_round_on": member_next_round_on(opt_in=opt_in, today=timezone.localdate()),
            "left_out_on": left_out_on(member=member),
            "pairings": pairings_of(member=member),
            "nav_current": NAV,
        },
        status=status,
    )


@login_required
@require_POST
def coffee_opt_out_view(request: MemberRequest) -> HttpResponse:
    coffee_opt_out(member=request.user)
    messages.success(request, "You left the coffee rounds. Your past pairings stay here.")
    return redirect("coffee")


@login_required
def coffee_pairing(request: MemberRequest, pairing_id: int) -> HttpResponse:
    member = request.user
    view = pairing_get(member=member, pairing_id=pairing_id)
    # The opener is a first message. Once either has written, a reply must answer what
    # was said (the other may have changed their opener): that is the conversation's
    # page to offer, and the opener again would only ask them back their own question.
    wrote = who_wrote(view=view)
    return render(
        request,
        "coffee/pairing.html",
        {
            "view": view,
            "wrote": wrote,
            "opener_form": None if wrote else OpenerForm(initial={"body": view.opener}),
            "connected": are_connected(a=member.pk, b=view.other.pk),
            "nav_current": NAV,
        },
    )


@login_required
@require_POST
def coffee_pairing_met_view(request: MemberRequest, pairing_id: int) -> HttpResponse:
    view = pairing_get(member=request.user, pairing_id=pairing_id)
    try:
        coffee_pairing_met(member=request.user, pairing_id=view.pairing.pk)
    except RapportError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            f"Logged in your keeper. You can now ask {view.other.name} to connect, "
            "and Rapport will say the coffee round paired you.",
        )
    return redirect("coffee_pairing", view.pairing.pk)


@login_required
@require_safe
def coffee_pairing_ics(request: MemberRequest, pairing_id: int) -> HttpResponse:
    view = pairing_get(member=request.user, pairing_id=pairing_id)
    response = HttpResponse(pairing_ics(view), content_type="text/calendar; charset=utf-8")
    patch_cache_control(response, private=True)
    response["Content-Disposition"] = f'attachment; filename="coffee-{view.pairing.pk}.ics"'
    return response
