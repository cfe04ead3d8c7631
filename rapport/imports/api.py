"""Imports over the API: upload a file, then watch its job until it is done.

The upload answers 202 at once with the job; the work runs in the background and
``GET /api/imports/{id}`` shows its progress, then its summary or the file, line
and reason it was refused for. Every job is its owner's only: anyone else's id is 404.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Annotated, Any

from django.http import HttpRequest, HttpResponseBase
from django.utils import timezone
from ninja import File, Form, Router, Status, UploadedFile
from ninja.decorators import decorate_view

from rapport.error_schemas import AUTHENTICATED, AUTHENTICATED_UNSAFE, error_responses
from rapport.imports.models import ImportJob
from rapport.imports.parsers.base import email_unwrapped
from rapport.imports.schemas import ImportJobOut, SourceCode
from rapport.imports.selectors import (
    import_job_get,
    import_jobs_of,
    import_suggestions_standing,
)
from rapport.imports.services import import_job_create
from rapport.imports.upload_limit import import_upload_limited
from rapport.input_schema import MaxChars
from rapport.limits import EMAIL_MAX
from rapport.list_pages import PageNumber, page_window
from rapport.typed_requests import ApiRequest

router = Router(tags=["Imports"])

# More than the imports page shows (its latest 20).
IMPORTS_PER_PAGE = 50


def _addresses(value: str) -> list[str]:
    """A `me` value may hold several addresses, as the page's box does."""
    return value.replace(",", " ").split()


def _longest_address(value: str) -> int:
    """Each address is measured as the importer measures it, so an API upload takes
    every `me` the page takes."""
    return max((len(email_unwrapped(part)) for part in _addresses(value)), default=0)


Addresses = Annotated[str, MaxChars(EMAIL_MAX, measure=_longest_address)]


def job_out(job: ImportJob, *, suggestions: dict[int, list[dict[str, Any]]]) -> dict[str, object]:
    """The job as the API gives it, with only the merge suggestions still standing
    (``import_suggestions_standing``, read once for however many jobs)."""
    state = job.state_at(timezone.now())
    error = job.error or None
    if state == "failed" and not error:
        error = {"message": "The import was interrupted; nothing was imported. Try again."}
    return {
        "id": job.pk,
        "source": job.source,
        "filename": job.filename,
        "state": state,
        "state_label": job.graph.labels[state],
        "done": job.done,
        "total": job.total,
        "percent": 100 if state == "done" else job.percent,
        "created_at": job.created_at,
        "finished_at": job.finished_at,
        "summary": {**job.summary, "suggestions": suggestions[job.pk]} if job.summary else None,
        "error": error,
    }


def _upload_limited(run: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Bounds the upload before ninja reads anything of the body (the session's CSRF
    check, then the form): the limit is counted as the file arrives, and the reading
    stops there (``rapport.imports.upload_limit``)."""

    @functools.wraps(run)
    def limited(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        import_upload_limited(request, connection_reset=True)
        return run(request, *args, **kwargs)

    return limited


@router.post(
    "/imports",
    summary="Upload a file to import",
    response={202: ImportJobOut, **error_responses(*AUTHENTICATED_UNSAFE, 409, 413, 422, 429)},
)
@decorate_view(_upload_limited)
def imports_create(
    request: ApiRequest,
    source: Form[SourceCode],
    file: File[UploadedFile],
    me: Form[list[Addresses]] = (),  # type: ignore[assignment]
) -> Status[dict[str, object]]:
    """Upload a file to import (multipart: `source`, `file`, and for `mbox` one or more
    `me` addresses). Answers 202 with the job; poll `GET /api/imports/{id}`.

    413 `file_too_large` names the limit (200 MB unless the site set another), refused
    as the file arrives, once it passes it; 422 `invalid` names `source` or `me`. One
    import at a time: 409 `import_waiting` while another of yours waits or runs; 429
    `imports_per_day` past 10 uploads in 24 hours, with `retry_at` and `Retry-After`."""
    addresses = [part for value in me or [] for part in _addresses(value)]
    job = import_job_create(owner=request.auth, source=source, upload=file, me=addresses)
    job.refresh_from_db()
    return Status(202, job_out(job, suggestions={job.pk: []}))


@router.get(
    "/imports",
    summary="List your imports",
    response={200: list[ImportJobOut], **error_responses(*AUTHENTICATED)},
)
def imports_list(request: ApiRequest, page: PageNumber = 1) -> list[dict[str, object]]:
    """Your imports, newest first, 50 a page (`page` from 1): a page of fewer than 50
    is the last; a page past the end is empty."""
    window = page_window(page, IMPORTS_PER_PAGE)
    if window is None:
        return []
    jobs = list(import_jobs_of(owner=request.auth, limit=IMPORTS_PER_PAGE, offset=window.start))
    suggestions = import_suggestions_standing(owner=request.auth, jobs=jobs)
    return [job_out(job, suggestions=suggestions) for job in jobs]


@router.get(
    "/imports/{id}",
    summary="Follow an import",
    response={200: ImportJobOut, **error_responses(*AUTHENTICATED, 404, 422)},
)
def imports_get(request: ApiRequest, id: int) -> dict[str, object]:
    """One import: its progress while it runs, then its summary, or, when the file
    could not be read, the file, line and reason (nothing was imported)."""
    job = import_job_get(owner=request.auth, job_id=id)
    suggestions = import_suggestions_standing(owner=request.auth, jobs=[job])
    return job_out(job, suggestions=suggestions)
