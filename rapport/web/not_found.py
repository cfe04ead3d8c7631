"""One place where a service's "not found" becomes the site's 404 page.

Selectors and services raise ``NotFound`` for what is absent *or* not the viewer's
(the two are never told apart); a page that lets it through answers 404 exactly as
for a URL that does not exist, so views need no try/except of their own for it.

The same middleware, the innermost, gives a bare 405 the site's page too
(``web.method_not_allowed``): one entry in the settings for the error answers that
views leave without a page of the site's.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase

from rapport.errors import NotFound
from rapport.web.method_not_allowed import method_not_allowed_page


class NotFoundAsHttp404:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return method_not_allowed_page(request, self.get_response(request))

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        if isinstance(exception, NotFound):
            # Raised here, Django's handler renders it as any other 404 (handler404).
            raise Http404(exception.message) from exception
