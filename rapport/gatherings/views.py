"""The gatherings' pages, under /gatherings/.

A gathering the member may not see is 404; the host's actions answer 403 to a guest
(a service's NotPermitted). The views read through the selectors, write through the
services, and show a service's error beside the field it names.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_POST, require_safe

from rapport.errors import Conflict, NotFound, RapportError
from rapport.gatherings.calendar import gathering_ics
from rapport.gatherings.forms import (
    AttendanceForm,
    GatheringForm,
    InviteForm,
    RsvpForm,
    as_typed,
)
from rapport.gatherings.models import Gathering
from rapport.gatherings.selectors import (
    answered_before_move,
    attendees_for,
    can_confirm,
    effective_state,
    gathering_get,
    gatherings_of,
    guests_for_host,
    happening_now,
    mine,
)
from rapport.gatherings.services import (
    FIELDS,
    gathering_cancel,
    gathering_changeable_check,
    gathering_confirm_attendance,
    gathering_create,
    gathering_invite,
    gathering_rsvp,
    gathering_update,
)
from rapport.gatherings.states import GATHERING_GRAPH, NO_AGENDA_TEXT, Rsvp
from rapport.list_pages import page_number_typed
from rapport.network.selectors import connections_of
from rapport.typed_requests import MemberRequest
from rapport.web.form_errors import show_error, with_retry_after

NAV = "gatherings"


def _host_only(request: MemberRequest, gathering: Gathering) -> None:
    """A guest may see the gathering, so refusing them (403) reveals nothing."""
    if gathering.host_id != request.user.pk:
        raise PermissionDenied("Only the host can do this.")


@login_required
def gatherings(request: MemberRequest) -> HttpResponse:
    """Both lists, each paged on its own (``upcoming_page``, ``past_page`` in the query
    string, as the API takes them): a link to one list's next page keeps the other's."""
    now = timezone.now()
    lists = gatherings_of(
        member=request.user,
        now=now,
        upcoming_page=page_number_typed(request.GET.get("upcoming_page")),
        past_page=page_number_typed(request.GET.get("past_page")),
    )

    def page_link(**pages: int) -> str:
        query = {"upcoming_page": lists.upcoming_page, "past_page": lists.past_page, **pages}
        shown = urlencode({name: n for name, n in query.items() if n > 1})
        return reverse("gatherings") + (f"?{shown}" if shown else "")

    def pages(name: str, number: int, more: bool) -> dict[str, object]:
        return {
            "number": number,
            "previous": page_link(**{name: number - 1}) if number > 1 else "",
            "next": page_link(**{name: number + 1}) if more else "",
        }

    return render(
        request,
        "gatherings/gatherings.html",
        {
            "upcoming": [_summary(g, now=now) for g in lists.upcoming],
            "past": [_summary(g, now=now) for g in lists.past],
            "upcoming_pages": pages("upcoming_page", lists.upcoming_page, lists.more_upcoming),
            "past_pages": pages("past_page", lists.past_page, lists.more_past),
            "nav_current": NAV,
        },
    )


def _summary(gathering: Gathering, *, now: dt.datetime) -> dict[str, object]:
    attendance = mine(gathering)
    state = effective_state(gathering, now=now)
    return {
        "gathering": gathering,
        "state": state,
        "state_label": GATHERING_GRAPH.labels[state],
        "answer": Rsvp(attendance.rsvp).label if attendance and attendance.rsvp else "",
        "answered_before_change": answered_before_move(attendance, gathering=gathering),
        "invited": bool(attendance and attendance.invited),
        "attended": bool(attendance and attendance.attended and state == "confirmed"),
        "happening_now": happening_now(gathering, now=now),
    }


@login_required
def gathering_new(request: MemberRequest) -> HttpResponse:
    # The host's own zone to begin with, most gatherings being where their host is;
    # the form says it is shown to everyone invited, so leaving it chosen is a choice.
    form = GatheringForm(request.POST or None, initial={"time_zone": request.user.time_zone})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                created = gathering_create(host=request.user, **form.service_arguments())
            except RapportError as error:
                show_error(form, error)
                status = error.status
            else:
                messages.success(request, f"{created.title} is on. Invite people below.")
                return redirect("gathering", created.pk)
        else:
            status = 422
    return render(
        request,
        "gatherings/gathering_form.html",
        {"form": form, "gathering": None, "nav_current": NAV},
        status=status,
    )


@login_required
def gathering_edit(request: MemberRequest, gathering_id: int) -> HttpResponse:
    found = gathering_get(member=request.user, gathering_id=gathering_id)
    _host_only(request, found)
    initial = {name: getattr(found, name) for name in FIELDS}
    # In the zone they were typed in: the gathering's, or with none the host's own.
    initial["starts_at"] = as_typed(found.starts_at, gathering=found)
    initial["ends_at"] = as_typed(found.ends_at, gathering=found)
    form = GatheringForm(request.POST or None, initial=initial)
    if found.link and not found.link.lower().startswith("https://"):
        # Saved before https was required: kept as it is (``services._clean``), but
        # the host is told why a guest's browser may warn about it.
        form.fields["link"].help_text = (
            "This link starts with http://, so whoever follows it joins unencrypted. "
            "It is kept as it is; a new link must start with https://."
        )
    status = 200
    # A gathering that has started, ended or been cancelled shows why it can no longer
    # be changed in place of the form, before anyone types a change in vain.
    closed: RapportError | None = None
    try:
        gathering_changeable_check(found, now=timezone.now())
    except RapportError as error:
        closed = error
    if request.method == "POST" and closed is None:
        if form.is_valid():
            try:
                gathering_update(
                    host=request.user, gathering_id=found.pk, **form.service_arguments(found)
                )
            except Conflict as error:
                closed = error  # it started, or was cancelled, since the check above
            except RapportError as error:
                show_error(form, error)
                status = error.status
            else:
                messages.success(request, "Saved.")
                return redirect("gathering", found.pk)
        else:
            status = 422
    if closed is not None and request.method == "POST":
        status = closed.status
    return render(
        request,
        "gatherings/gathering_form.html",
        {
            "form": form,
            "gathering": found,
            "closed": closed.message if closed else "",
            "nav_current": NAV,
        },
        status=status,
    )


@login_required
def gathering(request: MemberRequest, gathering_id: int) -> HttpResponse:
    return _gathering_page(request, gathering_get(member=request.user, gathering_id=gathering_id))


def _gathering_page(
    request: MemberRequest,
    found: Gathering,
    *,
    invited: InviteForm | None = None,
    refused: RapportError | None = None,
    status: int = 200,
) -> HttpResponse:
    """The gathering's page; with ``invited``, the host's invitation form as they sent
    it (names ticked), with ``refused``, the service's refusal, beside it."""
    member = request.user
    now = timezone.now()
    state = effective_state(found, now=now)
    attendance = mine(found)
    is_host = found.host_id == member.pk
    open_for_answers = state == "upcoming" and found.starts_at > now
    guests = guests_for_host(host=member, gathering=found) if is_host else []
    invite_form = None
    if is_host and open_for_answers:
        taken = {guest.member_id for guest in guests}
        candidates = [v.member for v in connections_of(member=member) if v.member.pk not in taken]
        if candidates and invited is not None:
            invite_form = InviteForm(invited.data, candidates=candidates)
            invite_form.is_valid()  # its errors, as it was sent
            if refused is not None:
                show_error(invite_form, refused)
        elif candidates:
            invite_form = InviteForm(candidates=candidates)
    if invited is not None and invite_form is None:
        # No form left to show it beside (it has started, or everyone is invited).
        messages.error(request, refused.message if refused else invited.errors.as_text())
    page = render(
        request,
        "gatherings/gathering.html",
        {
            "gathering": found,
            "state": state,
            "state_label": GATHERING_GRAPH.labels[state],
            "happening_now": happening_now(found, now=now),
            "no_agenda_text": NO_AGENDA_TEXT,
            "attendance": attendance,
            "is_host": is_host,
            "can_answer": open_for_answers and not is_host,
            "rsvp_form": RsvpForm(initial={"answer": attendance.rsvp if attendance else ""}),
            "answered_before_change": answered_before_move(attendance, gathering=found),
            "guests": guests,
            # Guests whose yes or maybe was said to the gathering before the host moved it.
            "answered_before_change_ids": {
                guest.member_id for guest in guests if answered_before_move(guest, gathering=found)
            },
            "invite_form": invite_form,
            "can_change": is_host and open_for_answers,
            "can_confirm": is_host and can_confirm(found, now=now),
            "attendees": attendees_for(member=member, gathering=found),
            "nav_current": NAV,
        },
        status=status,
    )
    return with_retry_after(page, refused)


@login_required
@require_POST
def gathering_rsvp_view(request: MemberRequest, gathering_id: int) -> HttpResponse:
    found = gathering_get(member=request.user, gathering_id=gathering_id)
    form = RsvpForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose yes, maybe or no.")
        return redirect("gathering", found.pk)
    try:
        gathering_rsvp(
            member=request.user, gathering_id=found.pk, answer=form.cleaned_data["answer"]
        )
    except RapportError as error:
        if isinstance(error, NotFound):
            raise
        messages.error(request, error.message)
    else:
        messages.success(request, f"Your answer: {Rsvp(form.cleaned_data['answer']).label}.")
    return redirect("gathering", found.pk)


@login_required
@require_POST
def gathering_invite_view(request: MemberRequest, gathering_id: int) -> HttpResponse:
    found = gathering_get(member=request.user, gathering_id=gathering_id)
    _host_only(request, found)
    form = InviteForm(
        request.POST, candidates=[v.member for v in connections_of(member=request.user)]
    )
    # A refusal comes back as the page, with the names still ticked and the reason
    # beside them, as every other form does: a redirect would lose what was chosen.
    if not form.is_valid():
        return _gathering_page(request, found, invited=form, status=422)
    try:
        invited = gathering_invite(
            host=request.user, gathering_id=found.pk, member_ids=form.cleaned_data["member_ids"]
        )
    except RapportError as error:
        if isinstance(error, NotFound):
            raise
        return _gathering_page(request, found, invited=form, refused=error, status=error.status)
    names = ", ".join(a.member.name for a in invited)
    messages.success(request, f"Invited: {names}.")
    return redirect("gathering", found.pk)


@login_required
@require_POST
def gathering_cancel_view(request: MemberRequest, gathering_id: int) -> HttpResponse:
    found = gathering_get(member=request.user, gathering_id=gathering_id)
    _host_only(request, found)
    try:
        gathering_cancel(host=request.user, gathering_id=found.pk)
    except RapportError as error:
        if isinstance(error, NotFound):
            raise
        messages.error(request, error.message)
    else:
        messages.success(request, f"{found.title} is cancelled.")
    return redirect("gathering", found.pk)


@login_required
def gathering_attendance(request: MemberRequest, gathering_id: int) -> HttpResponse:
    """The host ticks who came, after the gathering (and for 30 days)."""
    found = gathering_get(member=request.user, gathering_id=gathering_id)
    _host_only(request, found)
    guests = guests_for_host(host=request.user, gathering=found)
    came = [g.member_id for g in guests if g.attended] or [
        g.member_id for g in guests if g.rsvp == Rsvp.YES
    ]
    form = AttendanceForm(request.POST or None, guests=guests, initial={"attended_ids": came})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                gathering_confirm_attendance(
                    host=request.user,
                    gathering_id=found.pk,
                    attended_ids=form.cleaned_data["attended_ids"],
                )
            except RapportError as error:
                if isinstance(error, NotFound):
                    raise
                show_error(form, error)
                status = error.status
            else:
                messages.success(request, "Thank you. Those who came now see one another here.")
                return redirect("gathering", found.pk)
        else:
            status = 422
    return render(
        request,
        "gatherings/attendance.html",
        {
            "gathering": found,
            "form": form,
            "open": can_confirm(found, now=timezone.now()),
            "nav_current": NAV,
        },
        status=status,
    )


@login_required
@require_safe
def gathering_ics_view(request: MemberRequest, gathering_id: int) -> HttpResponse:
    found = gathering_get(member=request.user, gathering_id=gathering_id)
    response = HttpResponse(gathering_ics(found), content_type="text/calendar; charset=utf-8")
    patch_cache_control(response, private=True)
    response["Content-Disposition"] = f'attachment; filename="gathering-{found.pk}.ics"'
    return response
