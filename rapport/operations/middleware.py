"""Two middlewares for running Rapport in production: the access log, and a fast 503
while the database is away.

The access log writes one line a response (a JSON object in production): request id,
method, path, status, duration in ms, and the member id when the request already
knew its member. It never logs the query string, bodies, cookies or headers, and a
secret carried in a path (a calendar feed's token) is replaced before logging.
"""

from __future__ import annotations

import logging
import re
import sys
import time
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING

from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string

from rapport.operations.logs import loggable_path

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from rapport.members.models import Member

access_log = logging.getLogger("rapport.access")
log = logging.getLogger(__name__)

# A proxy's request id is kept so its log and ours can be joined; anything else is replaced.
REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
RETRY_AFTER_SECONDS = 5
DATABASE_ERRORS = (OperationalError, InterfaceError)


def _member_id(request: HttpRequest) -> int | None:
    """The member this request acted as, if it was already known: logging must not
    cost a session read of its own."""
    auth = getattr(request, "auth", None)  # an API call, by token or session
    auth_id: int | None = getattr(auth, "pk", None)
    if auth_id is not None:
        return auth_id
    # Set once a page asked for request.user.
    user: Member | AnonymousUser | None = getattr(request, "_cached_user", None)
    if user is not None and user.is_authenticated:
        return user.pk
    return None


class AccessLog:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # From META: request.headers would build a dict of every header for this one.
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = incoming if incoming and REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        started = time.perf_counter()
        response = self.get_response(request)
        duration_ms = round((time.perf_counter() - started) * 1000, 2)
        response["X-Request-ID"] = request_id
        path = loggable_path(request)
        access_log.log(
            logging.WARNING if response.status_code >= 500 else logging.INFO,
            "%s %s %s",
            request.method,
            path,
            response.status_code,
            extra={
                "request_id": request_id,
                "method": request.method,
                "path": path,
                "status": response.status_code,
                "duration_ms": duration_ms,
                "member_id": _member_id(request),
            },
        )
        return response


def unavailable_response(request: HttpRequest) -> HttpResponse:
    """503 with Retry-After, built without touching the session, the member or the database."""
    message = "The database did not answer; try again in a few seconds."
    # path_info: below the site's path, when it is served under one.
    wants_json = request.path_info.startswith("/api/") or "application/json" in request.headers.get(
        "Accept", ""
    )
    response: HttpResponse
    if wants_json:
        response = JsonResponse(
            {"code": "unavailable", "message": message, "field": None}, status=503
        )
    else:
        response = HttpResponse(render_to_string("operations/unavailable.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailable:
    """A database that is restarting or unreachable answers 503 at once, not a 500.

    A view's error arrives at ``process_exception``. One raised by another middleware
    (the session saving itself, say) has already become a 500 by the time it gets here,
    so ``got_request_exception`` marks the request and the 500 is swapped for the 503.
    Django closes a connection that failed at the end of the request, so the next
    request connects afresh: the site recovers by itself once the database is back.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 500 and getattr(request, "_rapport_database_down", False):
            return unavailable_response(request)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, DATABASE_ERRORS):
            log.warning(
                "database unavailable: %s",
                " ".join(str(exception).split())[:300],
                extra={"request_id": getattr(request, "request_id", None)},
            )
            return unavailable_response(request)
        return None


def _mark_database_down(
    sender: object, request: HttpRequest | None = None, **kwargs: object
) -> None:
    if request is not None and isinstance(sys.exc_info()[1], DATABASE_ERRORS):
        request._rapport_database_down = True  # type: ignore[attr-defined]


got_request_exception.connect(_mark_database_down, dispatch_uid="rapport.database_down")
