"""The import pages: upload a file, then watch it come in.

The job page polls its status partial with htmx every second while the job runs,
and stops once it is done or failed. Every job is its owner's only: anyone else's
id answers 404.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from rapport.errors import RapportError
from rapport.imports.forms import ImportForm
from rapport.imports.models import SOURCES_WITH_INTERACTIONS, ImportJob
from rapport.imports.selectors import (
    import_job_get,
    import_jobs_of,
    import_suggestions_standing,
)
from rapport.imports.services import import_job_create, max_bytes
from rapport.imports.upload_limit import UploadTooLarge, import_upload_limited
from rapport.members.models import Member
from rapport.typed_requests import MemberRequest
from rapport.web.form_errors import show_error, with_retry_after

NAV = "imports"


def _status(job: ImportJob, *, owner: Member) -> dict[str, object]:
    state = job.state_at(timezone.now())
    summary = job.summary
    if state == "done":
        standing = import_suggestions_standing(owner=owner, jobs=[job])
        summary = {**summary, "suggestions": standing[job.pk]}
    return {
        "job": job,
        "state": state,
        "state_label": job.graph.labels[state],
        "running": state not in job.graph.terminal,
        "summary": summary,
        "counts_interactions": job.source in SOURCES_WITH_INTERACTIONS,
        "error": job.error
        or {"message": "The import was interrupted; nothing was imported. Try again."},
    }


@csrf_exempt  # only to bound the upload first; ``_imports`` checks the token
@login_required
def imports(request: MemberRequest) -> HttpResponse:
    """The upload handlers must be chosen before anything reads the body, which the
    CSRF check does, so the check runs after (Django's documented way). A file past
    the limit is stopped as it arrives, and the check's reading of the form raises."""
    import_upload_limited(request, connection_reset=False)
    try:
        return _imports(request)
    except UploadTooLarge as error:
        # The reading stopped inside the CSRF check: nothing of the form is there to
        # show back or act on, only why. An unbound form takes an error with nothing
        # cleaned to drop.
        form = ImportForm()
        form.cleaned_data = {}
        show_error(form, error)
        return _page(request, form, status=error.status)


@csrf_protect
def _imports(request: MemberRequest) -> HttpResponse:
    member = request.user
    form = ImportForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                job = import_job_create(
                    owner=member,
                    source=form.cleaned_data["source"],
                    upload=form.cleaned_data["file"],
                    me=form.addresses(),
                )
            except RapportError as error:
                show_error(form, error)
                return with_retry_after(_page(request, form, status=error.status), error)
            return redirect("import_job", job.pk)
        status = 422
    return _page(request, form, status=status)


def _page(request: MemberRequest, form: ImportForm, *, status: int) -> HttpResponse:
    return render(
        request,
        "imports/home.html",
        {
            "form": form,
            "jobs": import_jobs_of(owner=request.user),
            "limit_mb": max_bytes() // (1024 * 1024),
            "nav_current": NAV,
        },
        status=status,
    )


@login_required
def import_job(request: MemberRequest, job_id: int) -> HttpResponse:
    job = import_job_get(owner=request.user, job_id=job_id)
    return render(
        request, "imports/job.html", {**_status(job, owner=request.user), "nav_current": NAV}
    )


@login_required
def import_job_status(request: MemberRequest, job_id: int) -> HttpResponse:
    job = import_job_get(owner=request.user, job_id=job_id)
    return render(request, "imports/_status.html", _status(job, owner=request.user))
