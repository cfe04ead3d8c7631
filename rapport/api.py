"""The JSON API: one NinjaAPI, its two ways to authenticate, and the one place errors render.

Every error leaves as ``{"code", "message", "field"}`` with a stable ``code``, whether
a service raised it (a ``RapportError``) or the framework did (bad JSON, a missing
field, no credentials). Clients branch on ``code`` and show ``message``.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, RequestDataTooBig
from django.db import DataError
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseNotAllowed,
    JsonResponse,
    StreamingHttpResponse,
)
from django.http.multipartparser import MultiPartParserError
from django.urls import URLPattern, get_script_prefix
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.operation import Operation
from ninja.parser import Parser
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from rapport.asks.api import router as asks_router
from rapport.audit.api import router as audit_router
from rapport.coffee.api import router as coffee_router
from rapport.conversations.api import router as conversations_router
from rapport.ego.api import router as ego_router
from rapport.error_schemas import document_framework_errors
from rapport.errors import BudgetExceeded, NotAuthenticated, NotPermitted, RapportError
from rapport.gatherings.api import router as gatherings_router
from rapport.imports.api import router as imports_router
from rapport.input_schema import LARGEST_STORED
from rapport.introductions.api import router as introductions_router
from rapport.keeper.api import router as keeper_router
from rapport.members.api import router as members_router
from rapport.members.models import Member
from rapport.members.services import api_token_authenticate
from rapport.members.time_zones import zone_of
from rapport.network.api import router as network_router
from rapport.notifications.api import router as notifications_router
from rapport.photos.api import router as photos_router
from rapport.safety.api import router as safety_router


class BearerToken(HttpBearer):
    """A personal API token: ``Authorization: Bearer rpt_...``. Needs no CSRF token.

    A token that is presented but unknown or revoked is refused outright rather than
    falling back to the session, so a client learns at once that its token is dead.
    """

    def authenticate(self, request: HttpRequest, token: str) -> Member:
        member = api_token_authenticate(token)
        if member is None:
            raise NotAuthenticated("This API token is unknown or has been revoked.")
        # "Today" and dates are the member's, as on their pages; the middleware
        # deactivates the zone when the request ends (rapport/members/time_zones.py).
        timezone.activate(zone_of(member))
        return member


class SessionCookie(APIKeyCookie):
    """The browser's Django session. Unsafe methods must carry the CSRF token.

    Unlike ninja's ``SessionAuth`` the CSRF check runs only for a signed-in member, so
    an anonymous call answers 401 ("sign in") rather than 403.
    """

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        if not request.user.is_authenticated:
            return None
        if check_csrf(request):
            raise NotPermitted(
                "CSRF check failed: send the csrftoken cookie's value in the X-CSRFToken "
                "header, or use an API token.",
                code="csrf_failed",
            )
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> Member | None:
        # The session middleware has already resolved the cookie into request.user.
        return request.user if request.user.is_authenticated else None


def _docs() -> str:
    """The API's documentation page, as the client reaches it (under the site's path
    when it is served under one)."""
    return f"{get_script_prefix()}api/docs"


class ObjectBodyParser(Parser):
    """Every body the API takes is one JSON object. Ninja's schemas would read a list
    or a string as an object with no fields, so ``[999]`` would pass as ``{}`` and an
    operation whose fields are all optional would act on it; refused here instead."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        data = super().parse_body(request)
        if not isinstance(data, dict):
            raise ValueError(f"the body is a JSON {type(data).__name__}, not an object")
        return data


class RapportAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs: Any) -> Any:
        return document_framework_errors(super().get_openapi_schema(**kwargs))


api = RapportAPI(
    title="Rapport API",
    version="1",
    description=(
        "Rapport counts conversations, not connections. Authenticate with a personal "
        "token (`POST /api/token`, then `Authorization: Bearer <token>`) or a signed-in "
        "session with CSRF. Every error is `{code, message, field}`; `code` is stable. "
        "Times are ISO 8601 with an offset, given in UTC; a time you send must carry one "
        "(`2026-05-01T18:30:00+01:00` or `...Z`): without one it is refused, 422 naming "
        "the field, never guessed. Dates (`today`, due dates, `met_on`) are days in your "
        "time zone, `time_zone` on `GET /api/me`. A JSON body is sent with "
        "`Content-Type: application/json` (a charset may follow): any other type, or none, "
        "is refused with 415. Every text field says its limit (`maxLength`, counted once "
        "runs of spaces are one) and every list that has one `maxItems`; beyond it, 422 "
        "naming the field and the limit. Every GET also answers HEAD: the same status "
        "and headers, no body, and nothing changed (a thread stays unread). A list that "
        "can grow takes `page` from 1 and says how many a page holds; a page past the end "
        "is empty. A list that does not page says "
        'what bounds it ("Not paged: at most ...").'
    ),
    auth=[BearerToken(), SessionCookie()],
    parser=ObjectBodyParser(),
)
api.add_router("", members_router)
api.add_router("", network_router)
api.add_router("", conversations_router)
api.add_router("", keeper_router)
api.add_router("", ego_router)
api.add_router("", imports_router)
api.add_router("", audit_router)
api.add_router("", introductions_router)
api.add_router("", asks_router)
api.add_router("", gatherings_router)
api.add_router("", coffee_router)
api.add_router("", safety_router)
api.add_router("", notifications_router)
api.add_router("", photos_router)


def _error(
    request: HttpRequest, status: int, code: str, message: str, field: str | None = None
) -> HttpResponse:
    return api.create_response(
        request, {"code": code, "message": message, "field": field}, status=status
    )


def is_json_media_type(content_type: str) -> bool:
    """``application/json`` or a type built on it (``application/merge-patch+json``);
    ``request.content_type`` has already dropped the parameters (``charset=utf-8``)."""
    media = content_type.strip().lower()
    return media == "application/json" or (
        media.startswith("application/") and media.endswith("+json")
    )


def takes_json_body(operation: Operation) -> bool:
    """Whether the operation reads a JSON body; one that takes files or form fields
    (an import upload) reads multipart and keeps its own types."""
    sources = {model.__ninja_param_source__ for model in operation.models}
    return "body" in sources and not sources & {"form", "file"}


def carries_body(request: HttpRequest) -> bool:
    """Whether the request has content, as Django reads it (``Content-Length``; an
    unreadable one reads as none). Only content has a media type to judge: an empty
    body goes on to be refused as missing (422), which says more."""
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) > 0
    except ValueError:
        return False


# How a 415 names what the method takes (RFC 9110 15.5.16: Accept-Post, RFC 5789: Accept-Patch).
_ACCEPT_HEADERS = {"POST": "Accept-Post", "PATCH": "Accept-Patch"}


def _json_bodies_only(run: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """An operation that reads a JSON body refuses any other Content-Type (or none)
    with 415, before anything else runs, rather than parsing text/plain as JSON.

    Text/plain, a form's types and no type at all are what a page on another site may
    send without asking the browser's leave first (a "simple" cross-origin request);
    taking them as JSON would let such a page post to the API (sign up, try passwords
    on ``/api/token``), and would hide a client that forgot its header. Applied to
    every operation as a view decorator (``api.add_decorator``), it sees the operation
    its ``run`` belongs to and leaves alone those that take no JSON body.
    """
    operation = getattr(run, "__self__", None)
    if not isinstance(operation, Operation) or not takes_json_body(operation):
        return run

    @functools.wraps(run)
    def json_only(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not carries_body(request) or is_json_media_type(request.content_type or ""):
            return run(request, *args, **kwargs)
        ct = request.content_type
        sent = f"this request's is {ct}" if ct else "this request has none"
        response = _error(
            request,
            415,
            "unsupported_media_type",
            f"Send the body as JSON, with Content-Type: application/json; {sent}.",
        )
        if request.method in _ACCEPT_HEADERS:
            response[_ACCEPT_HEADERS[request.method]] = "application/json"
        return response

    return json_only


api.add_decorator(_json_bodies_only, mode="view")


def takes_no_body(operation: Operation) -> bool:
    """Whether the operation reads no body at all: no JSON, no form, no file, and none
    it reads itself and documents in ``openapi_extra`` (the photo upload's image)."""
    sources = {model.__ninja_param_source__ for model in operation.models}
    documented = "requestBody" in (operation.openapi_extra or {})
    return not documented and not sources & {"body", "form", "file"}


_FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")


def _empty_form(request: HttpRequest) -> bool:
    try:
        return not request.POST and not request.FILES
    except MultiPartParserError:
        return False  # not even a form: refused below as the wrong media type


def _body_refused(request: HttpRequest) -> HttpResponse | None:
    """The answer to a body sent to an operation that takes none, or None for an empty
    JSON object (``{}`` holds only the operation's fields: none), which some clients
    send with every POST, nor for a form with no fields (a browser's or a test
    client's POST that carries nothing but the form's closing boundary)."""
    if request.content_type in _FORM_TYPES and _empty_form(request):
        return None
    if not is_json_media_type(request.content_type or ""):
        ct = request.content_type
        sent = f"this request's is {ct}" if ct else "this request has none"
        return _error(
            request,
            415,
            "unsupported_media_type",
            f"This operation takes no body; send none, or {{}} as application/json ({sent}).",
        )
    try:
        data = json.loads(request.body)
    except ValueError:
        data = None  # not JSON, or not UTF-8: malformed, as for any other operation
    if not isinstance(data, dict):
        return _error(request, 400, "malformed", _HTTP_ERROR_CODES[400][1])
    if data:
        field = str(next(iter(data)))
        return _error(
            request,
            422,
            "invalid",
            f"{field} is not a field of this operation, which takes no body; see {_docs()}.",
            field,
        )
    return None


def _no_body_taken(run: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """An operation that takes no body (a withdraw, a block, an archive) refuses one
    that says anything, as the README promises: ignoring ``{"reason": ...}`` or a
    text/plain note would act while the client believed it had said something more.

    A view decorator sees the operation but runs before sign-in and CSRF, whose
    answers (401, 403) must come first; so this one wraps the operation's own function
    instead, which ninja calls once those checks and the path's parameters passed,
    and leaves ``run`` as it was.
    """
    operation = getattr(run, "__self__", None)
    if not isinstance(operation, Operation) or not takes_no_body(operation):
        return run
    act = operation.view_func

    @functools.wraps(act)
    def no_body(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if carries_body(request):
            refused = _body_refused(request)  # a body too large raises, rendered as 413
            if refused is not None:
                return refused
        return act(request, *args, **kwargs)

    operation.view_func = no_body
    return run


api.add_decorator(_no_body_taken, mode="view")


@api.exception_handler(RapportError)
def _rapport_error(request: HttpRequest, exc: RapportError) -> HttpResponse:
    response = api.create_response(request, exc.as_dict(), status=exc.status)
    if isinstance(exc, BudgetExceeded):
        response["Retry-After"] = exc.retry_after()
    if isinstance(exc, NotAuthenticated):
        response["WWW-Authenticate"] = "Bearer"
    return response


# Pydantic names which member of a union it tried ("str", "ContactIn", a validator's
# "function-wrap[...]"): no client wrote those, so they leave the field's path.
_UNION_TAG = re.compile(r"^(str|int|float|bool|list|dict|[A-Z]\w*|function-.*)$")


def _field_of(location: tuple[Any, ...] | list[Any]) -> str | None:
    """``("body", "payload", "note")`` -> ``"note"``; ``("query", "q")`` -> ``"q"``;
    ``("body", "payload", "emails", 0, "ContactIn", "value")`` -> ``"emails.0.value"``."""
    source, *rest = location
    if source == "body":
        rest = rest[1:]  # the handler's parameter name means nothing to a client
    parts = [str(part) for part in rest if not _UNION_TAG.match(str(part))]
    return ".".join(parts) or None


def _sentence(error: dict[str, Any], field: str | None) -> str:
    if field is None:
        return "The request body is missing or is not a JSON object."
    if error.get("type") == "missing":
        return f"{field} is required."
    if error.get("type") == "extra_forbidden":
        return f"{field} is not a field of this operation; see {_docs()}."
    context = error.get("ctx") or {}
    if error.get("type") == "text_too_long":  # rapport/input_schema.py, MaxChars
        return f"{field} is {context['size']:,} characters; the limit is {context['most']:,}."
    if error.get("type") == "too_many_items":  # MaxItems
        return (
            f"{field} holds {context['size']:,} different items; the limit is {context['most']:,}."
        )
    detail = str(error.get("msg", "is not valid")).removeprefix("Value error, ").rstrip(".")
    return f"{field} is invalid: {detail[:1].lower()}{detail[1:]}."


def _unstorable_integer(value: object) -> bool:
    text = str(value).lstrip("-")
    return text.isdigit() and int(text) > LARGEST_STORED


@api.exception_handler(OverflowError)
@api.exception_handler(DataError)
def _out_of_range(request: HttpRequest, exc: Exception) -> HttpResponse:
    """A value the database cannot take that no schema refused first (bodies refuse
    theirs, rapport/input_schema.py): an id in the path that no row can have is 404, as
    for any id not found; a query parameter is named."""
    path_values = request.resolver_match.kwargs if request.resolver_match else {}
    for name, value in path_values.items():
        if _unstorable_integer(value):
            return _error(request, 404, "not_found", "Not found.", name)
    for name, value in request.GET.items():
        if _unstorable_integer(value):
            return _error(
                request,
                422,
                "out_of_range",
                f"{name} is out of range: no id or number stored is over {LARGEST_STORED:,}.",
                name,
            )
    return _error(request, 422, "out_of_range", "A value in the request cannot be stored.")


@api.exception_handler(ValidationError)
def _validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    first = exc.errors[0] if exc.errors else {"loc": ("body",)}
    field = _field_of(first.get("loc") or ("body",))
    return _error(request, 422, "invalid", _sentence(first, field), field)


@api.exception_handler(AuthenticationError)
def _not_authenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = _error(
        request,
        401,
        "not_authenticated",
        "Sign in, or send a personal API token as `Authorization: Bearer <token>`.",
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


# Errors the framework raises itself, by status, with a code a client can branch on.
_HTTP_ERROR_CODES = {
    400: ("malformed", "The request body is not valid JSON, or not a JSON object."),
    401: ("not_authenticated", "Sign in, or send a personal API token."),
    403: ("forbidden", "You may not do this."),
    404: ("not_found", "Not found."),
    429: ("throttled", "Too many requests; slow down."),
}


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    code, message = _HTTP_ERROR_CODES.get(exc.status_code, ("error", str(exc)))
    return _error(request, exc.status_code, code, message)


@api.exception_handler(Http404)
@api.exception_handler(ObjectDoesNotExist)
def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error(request, 404, "not_found", "Not found.")


@api.exception_handler(MultiPartParserError)
def _unreadable_form(request: HttpRequest, exc: MultiPartParserError) -> HttpResponse:
    """An upload whose form cannot be parsed (no boundary, parts cut short): Django
    would answer its HTML page, which a client reading JSON cannot show."""
    return _error(request, 400, "malformed", f"The multipart form cannot be read: {exc}.")


@api.exception_handler(PermissionDenied)
def _permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _error(request, 403, "forbidden", "You may not do this.")


@api.exception_handler(RequestDataTooBig)
def _too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 1_000_000
    return _error(
        request,
        413,
        "too_large",
        f"The request body is over {limit:g} MB, the most the API reads; a file to import "
        "goes to POST /api/imports as a multipart upload.",
    )


AnyResponse = TypeVar("AnyResponse", bound=HttpResponseBase)


def _allowed(methods: Iterable[str]) -> str:
    """The Allow header's value: a path that answers GET answers HEAD too, sorted so
    that it reads the same on every call (ninja's comes from a set)."""
    named = {method.strip() for method in methods if method.strip()}
    if "GET" in named:
        named.add("HEAD")
    return ", ".join(sorted(named))


def _without_body(response: AnyResponse) -> AnyResponse:
    """The answer to HEAD: GET's status and headers, its length among them, and no body,
    sent by the API itself rather than left to whichever server is in front."""
    if isinstance(response, HttpResponse):
        if not response.has_header("Content-Length"):
            response["Content-Length"] = str(len(response.content))
        response.content = b""
    elif isinstance(response, StreamingHttpResponse):
        response.streaming_content = []
    return response


# Documents the API serves beside its operations (the schema and its pages): they
# read, so they answer GET and HEAD; anything else is refused as on an operation.
_DOCUMENTS = {"openapi-json", "openapi-view"}


def _api_view(
    view: Callable[..., HttpResponseBase], *, only: tuple[str, ...] | None = None
) -> Callable[..., Any]:
    """Every API path's view as the API answers it.

    HEAD is GET without the body (RFC 9110 9.3.2), with GET's authentication and
    answers: the view runs as a GET, so a HEAD without a token is 401 as GET is. A
    method the path does not take (ninja answers it in bare text, and its documents
    answer any method at all) is 405 in the API's own JSON, naming the methods it
    takes, with its Allow header.
    """

    @functools.wraps(view)  # keeps ninja's csrf_exempt mark
    def answered(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        asked = request.method or "GET"
        if only is not None and asked not in only:
            response: HttpResponseBase = HttpResponseNotAllowed(only)
        elif asked == "HEAD":
            request.method = "GET"
            try:
                response = view(request, *args, **kwargs)
            finally:
                request.method = asked
        else:
            response = view(request, *args, **kwargs)
        if response.status_code == 405:
            allowed = _allowed(response["Allow"].split(","))
            response = _error(
                request,
                405,
                "method_not_allowed",
                f"{asked} is not an operation on {request.path}; it takes {allowed}.",
            )
            response["Allow"] = allowed
        if asked == "HEAD":
            return _without_body(response)
        return response

    return answered


def api_urls() -> tuple[list[Any], str, str]:
    """``api.urls``, each path answering HEAD as GET and a wrong method in the API's JSON."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            only = ("GET", "HEAD") if pattern.name in _DOCUMENTS else None
            pattern.callback = _api_view(pattern.callback, only=only)
    return patterns, app_name, namespace


@csrf_exempt  # it changes nothing, and a token client sends no CSRF cookie
def unknown_operation(request: HttpRequest, path: str) -> HttpResponse:
    """A path under /api/ that no operation serves still answers in the API's own JSON."""
    response = JsonResponse(
        {
            "code": "not_found",
            "message": f"No API operation at {get_script_prefix()}api/{path}; see {_docs()}.",
            "field": None,
        },
        status=404,
    )
    return _without_body(response) if request.method == "HEAD" else response
