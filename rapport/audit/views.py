"""The audit's pages: the signed-in member's own network, and nobody else's.

No URL here takes a member id, so one member cannot even ask for another's audit;
a person id that is not the viewer's answers 404. Views read through the report
and write through the services (the audit's, and the keeper's for seating).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from rapport.audit.forms import ArchiveForm, RestoreForm, SeatForm
from rapport.audit.presentation import audit_context
from rapport.audit.report import network_audit
from rapport.audit.selectors import archived_people
from rapport.audit.services import (
    ArchiveChanged,
    archive_fingerprint,
    contacts_archive,
    people_restore,
)
from rapport.audit.standalone import REPORT_POLICY, render_report, report_filename
from rapport.errors import RapportError
from rapport.keeper.models import Person
from rapport.keeper.selectors import person_get
from rapport.keeper.services import key_seat_update
from rapport.members.models import Member
from rapport.typed_requests import MemberRequest
from rapport.wording import counted

NAV = "audit"


def _archived_total(member: Member) -> int:
    return Person.objects.filter(owner=member, archived_at__isnull=False).count()


@login_required
def audit(request: MemberRequest) -> HttpResponse:
    report = network_audit(member=request.user, now=timezone.now())
    return render(
        request,
        "audit/audit.html",
        {
            **audit_context(report),
            "archived_total": _archived_total(request.user),
            "nav_current": NAV,
        },
    )


@login_required
def audit_report_html(request: MemberRequest) -> HttpResponse:
    """The same audit as one self-contained HTML file, as a download."""
    report = network_audit(member=request.user, now=timezone.now())
    response = HttpResponse(render_report(report), content_type="text/html; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{report_filename(report)}"'
    response["Content-Security-Policy"] = REPORT_POLICY
    return response


@login_required
def audit_archive(request: MemberRequest) -> HttpResponse:
    """GET: what archiving would do, and a button; POST: archive the people the page
    counted, or nobody when they changed in between (then the page asks again)."""
    if request.method == "POST":
        form = ArchiveForm(request.POST)
        if not form.is_valid():
            messages.error(
                request,
                "Nothing was archived: confirm on this page, which counts whom it archives.",
            )
            return redirect("audit_archive")
        try:
            archived = contacts_archive(
                owner=request.user,
                confirmed=form.cleaned_data["fingerprint"],
                confirmed_count=form.cleaned_data["people"],
            )
        except ArchiveChanged as error:
            messages.error(request, error.message)
            return redirect("audit_archive")
        if archived:
            messages.success(
                request,
                f"Archived {counted(archived, 'contact')}, not connections. They are kept, out of your "
                "keeper's lists; restore them from the archived list at any time.",
            )
        else:
            messages.info(request, "Nobody to archive: everyone left is someone you talk to.")
        return redirect("audit")
    report = network_audit(member=request.user, now=timezone.now())
    people = len(report.rest.to_archive)
    if not people:
        messages.info(request, "Nobody to archive: everyone left is someone you talk to.")
        return redirect("audit")
    return render(
        request,
        "audit/archive_confirm.html",
        {
            "people": people,
            "fingerprint": archive_fingerprint(report.rest.to_archive),
            "sample": report.rest.sample,
            "more": people - len(report.rest.sample),
            "nav_current": NAV,
        },
    )


@login_required
def audit_archived(request: MemberRequest) -> HttpResponse:
    page = archived_people(owner=request.user, page=request.GET.get("page") or 1)
    return render(request, "audit/archived.html", {"page": page, "nav_current": NAV})


@login_required
@require_POST
def audit_restore(request: MemberRequest) -> HttpResponse:
    """Restore one archived person (``person_id``), or everyone archived."""
    form = RestoreForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose someone to restore.")
        return redirect("audit_archived")
    person_id = form.cleaned_data["person_id"]
    # A form sent twice (a double click, the back button) restores nobody the second
    # time, and says so rather than announcing the same people back again.
    if person_id is None:
        restored = people_restore(owner=request.user)
        if restored:
            messages.success(
                request, f"Restored {counted(restored, 'person', 'people')} to your keeper's lists."
            )
        else:
            messages.info(request, "Nobody is archived: nothing to restore.")
    else:
        person = person_get(owner=request.user, person_id=person_id)
        if people_restore(owner=request.user, person_ids=[person.pk]):
            messages.success(request, f"{person.name} is back in your keeper's lists.")
        else:
            messages.info(request, f"{person.name} was not archived: nothing changed.")
    return redirect("audit_archived")


@login_required
@require_POST
def audit_seat(request: MemberRequest) -> HttpResponse:
    """Seat a suggested person on the board, with the suggestion's why."""
    form = SeatForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a seat and a person from your keeper.")
        return redirect("audit")
    data = form.cleaned_data
    person = person_get(owner=request.user, person_id=data["person_id"])
    try:
        seat = key_seat_update(
            owner=request.user, position=data["position"], person_id=person.pk, why=data["why"]
        )
    except RapportError as error:
        messages.error(request, error.message)
        return redirect("audit")
    messages.success(request, f"{person.name} sits in seat {seat.position}: {seat.role}.")
    return redirect("keeper_seats")
