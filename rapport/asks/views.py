"""Asks and offers pages: the board, a new ask, one ask with its answers, closing.

The board shows the open asks and offers of your connections, and your own. An ask
anyone else opens is 404; an answer is seen by the poster and its author only.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from rapport.asks.forms import AnswerForm, AskForm, CloseForm
from rapport.asks.models import Ask
from rapport.asks.selectors import (
    answers_for,
    ask_get,
    asks_board,
    asks_of,
    helper_candidates,
    helpers_of,
    visible_state,
)
from rapport.asks.services import ask_answer, ask_close, ask_post, ask_withdraw
from rapport.asks.states import ASK_GRAPH, AskKind
from rapport.errors import NotFound, RapportError
from rapport.typed_requests import MemberRequest
from rapport.web.form_errors import show_error, with_retry_after
from rapport.web.redirects import redirect_back

NAV = "asks"


@login_required
def asks(request: MemberRequest) -> HttpResponse:
    member = request.user
    kind = request.GET.get("kind")
    kind = kind if kind in AskKind.codes else None
    now = timezone.now()
    return render(
        request,
        "asks/asks.html",
        {
            "board": asks_board(viewer=member, kind=kind, now=now),
            "mine": [
                (ask, state, ASK_GRAPH.labels[state])
                for ask in asks_of(poster=member)
                for state in [visible_state(ask, now=now)]
            ],
            "kind": kind,
            "nav_current": NAV,
        },
    )


@login_required
def ask_new(request: MemberRequest) -> HttpResponse:
    form = AskForm(request.POST or None)
    status = 200
    refused: RapportError | None = None
    if request.method == "POST":
        if form.is_valid():
            try:
                posted = ask_post(poster=request.user, **form.cleaned_data)
            except RapportError as error:
                show_error(form, error)
                status, refused = error.status, error
            else:
                messages.success(
                    request, "Posted. Your connections see it on their board; nobody else does."
                )
                return redirect("ask", ask_id=posted.pk)
        else:
            status = 422
    page = render(request, "asks/ask_new.html", {"form": form, "nav_current": NAV}, status=status)
    return with_retry_after(page, refused)


def _introduce_url(ask: Ask) -> str:
    """The introduction form, with the poster chosen and the ask quoted for them."""
    what = "ask" if ask.kind == AskKind.ASK else "offer"
    return (
        reverse("introduction_new")
        + "?"
        + urlencode({"first_id": ask.poster_id, "why_first": f"About your {what} “{ask.title}”: "})
    )


def _ask_page(
    request: MemberRequest, ask: Ask, *, answer_form: AnswerForm | None = None, status: int = 200
) -> HttpResponse:
    member = request.user
    mine = ask.poster_id == member.pk
    state = visible_state(ask)
    return render(
        request,
        "asks/ask.html",
        {
            "ask": ask,
            "mine": mine,
            "state": state,
            "state_label": ASK_GRAPH.labels[state],
            "answers": answers_for(viewer=member, ask=ask),
            "helpers": helpers_of(viewer=member, ask=ask),
            "answer_form": answer_form or AnswerForm(),
            "can_answer": not mine and state == "open",
            "introduce_url": _introduce_url(ask),
            "nav_current": NAV,
        },
        status=status,
    )


@login_required
def ask_detail(request: MemberRequest, ask_id: int) -> HttpResponse:
    return _ask_page(request, ask_get(viewer=request.user, ask_id=ask_id))


@login_required
@require_POST
def ask_answer_view(request: MemberRequest, ask_id: int) -> HttpResponse:
    ask = ask_get(viewer=request.user, ask_id=ask_id)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        return _ask_page(request, ask, answer_form=form, status=422)
    try:
        ask_answer(author=request.user, ask_id=ask.pk, body=form.cleaned_data["body"])
    except NotFound:
        raise
    except RapportError as error:
        show_error(form, error)
        page = _ask_page(request, ask, answer_form=form, status=error.status)
        return with_retry_after(page, error)
    messages.success(request, f"Your answer is with {ask.poster.name}; only the two of you see it.")
    return redirect(reverse("ask", args=[ask.pk]) + "#answers")


@login_required
def ask_close_view(request: MemberRequest, ask_id: int) -> HttpResponse:
    member = request.user
    ask = ask_get(viewer=member, ask_id=ask_id)
    if ask.poster_id != member.pk:
        raise NotFound("No such ask.")
    if ask.state not in ("open", "expired"):
        # Closed or withdrawn: nothing is left to say, so no form to fill in vainly.
        ended = (
            "was withdrawn, so it can no longer be closed"
            if ask.state == "withdrawn"
            else "is already closed"
        )
        return render(
            request,
            "asks/ask_close.html",
            {"ask": ask, "ended": ended, "nav_current": NAV},
            status=409 if request.method == "POST" else 200,
        )
    form = CloseForm(
        request.POST or None,
        candidates=helper_candidates(poster=member, ask=ask),
        offer=ask.kind == AskKind.OFFER,
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                ask_close(poster=member, ask_id=ask.pk, **form.cleaned_data)
            except RapportError as error:
                show_error(form, error)
                status = error.status
            else:
                helped = form.cleaned_data["helper_ids"]
                messages.success(
                    request,
                    "Closed. The favour is in your keeper and in theirs."
                    if helped
                    else "Closed, with nobody credited.",
                )
                return redirect("ask", ask_id=ask.pk)
        else:
            status = 422
    return render(
        request,
        "asks/ask_close.html",
        {"ask": ask, "form": form, "nav_current": NAV},
        status=status,
    )


@login_required
@require_POST
def ask_withdraw_view(request: MemberRequest, ask_id: int) -> HttpResponse:
    try:
        withdrawn = ask_withdraw(poster=request.user, ask_id=ask_id)
    except NotFound:
        raise
    except RapportError as error:
        messages.error(request, error.message)
        return redirect_back(request, "asks")
    messages.success(request, f"“{withdrawn.title}” is off the board.")
    return redirect_back(request, "asks")
