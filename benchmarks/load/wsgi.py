"""The benchmark's WSGI application: Rapport as deployed, except that ``/bench/bare``
goes through a Django handler with no middleware at all.

    gunicorn benchmarks.load.wsgi:application   (run.py starts it)
"""

from __future__ import annotations

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.load.settings")

from django.core.handlers.exception import convert_exception_to_response
from django.core.handlers.wsgi import WSGIHandler
from django.core.wsgi import get_wsgi_application

BARE_PATH = "/bench/bare"


class BareHandler(WSGIHandler):
    """Django's own handler (URL resolution, the view, the response) with no middleware."""

    def load_middleware(self, is_async: bool = False) -> None:
        self._view_middleware = []
        self._template_response_middleware = []
        self._exception_middleware = []
        self._middleware_chain = convert_exception_to_response(self._get_response)


rapport_application = get_wsgi_application()
bare_application = BareHandler()


def application(environ, start_response):
    if environ.get("PATH_INFO") == BARE_PATH:
        return bare_application(environ, start_response)
    return rapport_application(environ, start_response)
