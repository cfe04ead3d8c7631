"""The safety pages: block, unblock and report from a member's profile, and the
privacy page that lists your blocks and leads to your data and account removal.

Thin on purpose: each view calls a service and shows its error beside the field.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from rapport.errors import RapportError
from rapport.members.selectors import member_get
from rapport.safety.forms import ReportForm
from rapport.safety.selectors import blocks_of
from rapport.safety.services import block_create, block_delete, report_create
from rapport.typed_requests import MemberRequest
from rapport.web.form_errors import show_error, with_retry_after


def _safety_page(request: MemberRequest, *, status: int = 200) -> HttpResponse:
    return render(
        request,
        "safety/safety.html",
        {"blocks": blocks_of(member=request.user), "nav_current": "safety"},
        status=status,
    )


@login_required
def safety(request: MemberRequest) -> HttpResponse:
    """Your blocks, your data and your account, on one page."""
    return _safety_page(request)


@login_required
@require_POST
def block(request: MemberRequest, member_id: int) -> HttpResponse:
    other = member_get(member_id=member_id, viewer=request.user)
    try:
        block_create(blocker=request.user, blocked_id=other.pk)
    except RapportError as error:
        messages.error(request, error.message)
        return _safety_page(request, status=error.status)
    messages.success(
        request,
        f"You blocked {other.name}. They are not told; they can no longer find you, "
        "ask to connect or write to you.",
    )
    return redirect("safety")


@login_required
@require_POST
def unblock(request: MemberRequest, member_id: int) -> HttpResponse:
    block_delete(blocker=request.user, blocked_id=member_id)
    messages.success(request, "Unblocked. Anything that ended with the block stays ended.")
    return redirect("safety")


@login_required
def report(request: MemberRequest, member_id: int) -> HttpResponse:
    other = member_get(member_id=member_id, viewer=request.user)
    form = ReportForm(request.POST or None)
    status = 200
    refused: RapportError | None = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report_create(
                reporter=request.user,
                reported_id=other.pk,
                reason=data["reason"],
                detail=data["detail"],
            )
            if data["also_block"]:
                block_create(blocker=request.user, blocked_id=other.pk)
        except RapportError as error:
            show_error(form, error)
            status = error.status
            refused = error
        else:
            told = " and blocked them" if data["also_block"] else ""
            messages.success(
                request,
                f"Thank you. The moderators have your report{told}; {other.name} is not told.",
            )
            if data["also_block"]:
                return redirect("safety")
            return redirect("member_profile", member_id=other.pk)
    elif request.method == "POST":
        status = 422
    page = render(request, "safety/report.html", {"form": form, "other": other}, status=status)
    return with_retry_after(page, refused)
