"""The site's own page for an address asked with a method it does not take.

A form's address (``require_POST``) answers a GET with 405 and no body, which a
browser shows as its bare "HTTP ERROR 405": what a member sees who reloads the
address a form left in the address bar, or opens it from their history. They get
the site's page instead, saying the address is for a form and linking to the page
it belongs to; the status and the ``Allow`` header stay. An answer that has a body
of its own is left as it is (the API's JSON errors among them).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import Resolver404, get_script_prefix, resolve

API_PREFIX = "/api/"


def _page_above(path: str) -> str | None:
    """The nearest address above ``path`` that is a page ("/asks/5/" above
    "/asks/5/answer/"), or None when only the home page is."""
    parts = path.strip("/").split("/")[:-1]
    while parts:
        candidate = "/" + "/".join(parts) + "/"
        try:
            resolve(candidate)
        except Resolver404:
            parts.pop()
            continue
        return get_script_prefix().rstrip("/") + candidate
    return None


def method_not_allowed_page(request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
    """``response`` itself, unless it is a bare 405 of a page: then the site's page."""
    if (
        response.status_code != 405
        or not isinstance(response, HttpResponse)
        or response.content
        or request.path_info.startswith(API_PREFIX)
    ):
        return response
    page = render(request, "405.html", {"page_above": _page_above(request.path_info)}, status=405)
    page["Allow"] = response["Allow"]
    return page
