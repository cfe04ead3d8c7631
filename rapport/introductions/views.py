"""Introduction pages: the list (to answer, made by you), the form, and the answers.

Accept, decline and withdraw are POST-only. With htmx they answer with the
introduction's row, so the list updates in place; without JavaScript they redirect
back with a message. Either way the service decides and its error is what the
member reads.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from rapport.errors import RapportError
from rapport.introductions.forms import IntroductionForm, WhyCheckForm
from rapport.introductions.selectors import (
    IntroductionView,
    introduction_get,
    introductions_made,
    introductions_received,
)
from rapport.introductions.services import (
    introduction_accept,
    introduction_decline,
    introduction_make,
    introduction_withdraw,
    leaflet_reasons,
    names_in,
    why_problems,
)
from rapport.introductions.states import WHY_MAX, WHY_MIN
from rapport.members.models import Member
from rapport.network.selectors import connections_of
from rapport.prose import counted_length, paragraphs
from rapport.typed_requests import MemberRequest
from rapport.web.form_errors import show_error, with_retry_after
from rapport.web.redirects import redirect_back

NAV = "introductions"


def _why_check(
    text: str, *, other: Member | None, reader: Member | None, sender: Member
) -> dict[str, object]:
    """The rules for one sentence, with the leaflet coaching once it is long enough."""
    length = counted_length(text)  # as the service counts it
    leaflet = (
        leaflet_reasons(sender=sender, text=paragraphs(text), reader=reader)
        if length >= WHY_MIN
        else []
    )
    return {
        "leaflet": leaflet,
        "length": length,
        "why_min": WHY_MIN,
        "why_max": WHY_MAX,
        "long_enough": length >= WHY_MIN,
        "short_enough": length <= WHY_MAX,
        "other": other,
        "names_other": bool(other and names_in(text, name=other.name)),
        "problems": why_problems(text, other_name=other.name if other else ""),
    }


@login_required
def introductions(request: MemberRequest) -> HttpResponse:
    member = request.user
    received = introductions_received(member=member)
    return render(
        request,
        "introductions/introductions.html",
        {
            "to_answer": [view for view in received if view.can_answer],
            "received": [view for view in received if not view.can_answer],
            "made": introductions_made(member=member),
            "nav_current": NAV,
        },
    )


@login_required
def introduction_new(request: MemberRequest) -> HttpResponse:
    member = request.user
    connections = [view.member for view in connections_of(member=member)]
    by_id = {person.pk: person for person in connections}
    initial = {
        key: request.GET[key]
        for key in ("first_id", "second_id", "why_first", "why_second")
        if request.GET.get(key)
    }
    form = IntroductionForm(request.POST or None, initial=initial, connections=connections)
    status = 200
    refused: RapportError | None = None
    if request.method == "POST":
        if form.is_valid():
            try:
                made = introduction_make(introducer=member, **form.cleaned_data)
            except RapportError as error:
                show_error(form, error)
                status, refused = error.status, error
            else:
                messages.success(
                    request,
                    f"{made.first.name} and {made.second.name} are each asked, privately. "
                    "Neither learns who the other is unless both say yes.",
                )
                return redirect_back(request, "introductions")
        else:
            status = 422

    def chosen(name: str) -> Member | None:
        value = form[name].value()
        return by_id.get(int(value)) if str(value or "").isdigit() else None

    first, second = chosen("first_id"), chosen("second_id")
    page = render(
        request,
        "introductions/introduction_new.html",
        {
            "form": form,
            "has_enough": len(connections) >= 2,
            "check_first": _why_check(
                form["why_first"].value() or "", other=second, reader=first, sender=member
            ),
            "check_second": _why_check(
                form["why_second"].value() or "", other=first, reader=second, sender=member
            ),
            "nav_current": NAV,
        },
        status=status,
    )
    return with_retry_after(page, refused)


@login_required
@require_POST
def introduction_note_check(request: MemberRequest) -> HttpResponse:
    """The rules for one sentence, beside it as it is typed."""
    connections = [view.member for view in connections_of(member=request.user)]
    form = WhyCheckForm(request.POST, connections=connections)
    data = form.cleaned_data if form.is_valid() else {}
    by_id = {person.pk: person for person in connections}
    for_first = data.get("check") == "why_first" or (
        not data.get("check") and "why_second" not in request.POST
    )
    text = data.get("why_first" if for_first else "why_second") or ""
    reader = by_id.get(data.get("first_id" if for_first else "second_id") or 0)
    other = by_id.get(data.get("second_id" if for_first else "first_id") or 0)
    check = _why_check(text, other=other, reader=reader, sender=request.user)
    return render(request, "introductions/_why_check.html", {"check": check})


def _row(
    request: MemberRequest, view: IntroductionView, *, status: int = 200, **extra: object
) -> HttpResponse:
    template = (
        "introductions/_made_row.html"
        if view.role == "introducer"
        else "introductions/_received_row.html"
    )
    return render(request, template, {"view": view, **extra}, status=status)


def _answer_result(
    request: MemberRequest, introduction_id: int, *, status: int = 200, **extra: object
) -> HttpResponse:
    """Both lists of introductions put to this member, for an answer given with htmx: the
    page is not reloaded, so the answer has to move the introduction out from under
    "Waiting for your answer" itself (the answered list comes out of band)."""
    received = introductions_received(member=request.user)
    return render(
        request,
        "introductions/_answer_result.html",
        {
            "to_answer": [view for view in received if view.can_answer],
            "received": [view for view in received if not view.can_answer],
            "answered_pk": introduction_id,
            **extra,
        },
        status=status,
    )


def _act(
    request: MemberRequest,
    introduction_id: int,
    action: Callable[..., object],
    done: str | Callable[[IntroductionView], str],
) -> HttpResponse:
    member = request.user
    try:
        action(member=member, introduction_id=introduction_id)
    except RapportError as error:
        if error.status == 404:
            raise
        if request.htmx:
            view = introduction_get(member=member, introduction_id=introduction_id)
            if view.role == "introduced":
                return _answer_result(
                    request, introduction_id, error=error.message, status=error.status
                )
            return _row(request, view, error=error.message, status=error.status)
        messages.error(request, error.message)
        return redirect_back(request, "introductions")
    view = introduction_get(member=member, introduction_id=introduction_id)
    if callable(done):
        done = done(view)
    if request.htmx:
        if view.role == "introduced":
            return _answer_result(request, introduction_id, done=done)
        return _row(request, view, done=done)
    messages.success(request, done)
    return redirect_back(request, "introductions")


@login_required
@require_POST
def introduction_accept_view(request: MemberRequest, introduction_id: int) -> HttpResponse:
    return _act(
        request,
        introduction_id,
        introduction_accept,
        lambda view: (
            f"You both said yes: meet {view.other.name}. Your conversation is open, starting "
            f"with {view.introduction.introducer.name}'s note."
            if view.other
            else "You said yes. If the other person says yes too, you both learn who the "
            "other is and a conversation opens."
        ),
    )


@login_required
@require_POST
def introduction_decline_view(request: MemberRequest, introduction_id: int) -> HttpResponse:
    return _act(
        request,
        introduction_id,
        introduction_decline,
        "You said no. The other person is not told; the introducer sees that it did not go "
        "ahead, not who said no.",
    )


@login_required
@require_POST
def introduction_withdraw_view(request: MemberRequest, introduction_id: int) -> HttpResponse:
    return _act(request, introduction_id, introduction_withdraw, "Your introduction is withdrawn.")
