"""A site served under a path of its host, whichever way the proxy in front passes it.

Under ``RAPPORT_SITE_URL=https://example.org/rapport`` Django's script prefix is
``/rapport`` (``FORCE_SCRIPT_NAME``, settings.py) and it routes the rest of the path.
nginx passes the rest when ``proxy_pass`` ends in a slash (docs/deploy.md); without it,
the one-character slip operators make, it passes ``/rapport/...`` whole and every page
would be a 404. Both are served: a path that starts with the site's own loses it here,
before Django reads it. A path that does not (``/health`` from a load balancer that
asks gunicorn directly) is left as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings

WSGIApplication = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def site_path_stripped(application: WSGIApplication) -> WSGIApplication:
    """``application``, taking the site's path off the front of a request's path."""
    site_path = settings.FORCE_SCRIPT_NAME
    if not site_path:
        return application
    site_path = site_path.rstrip("/")

    def served(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path == site_path or path.startswith(site_path + "/"):
            environ["PATH_INFO"] = path[len(site_path) :] or "/"
        return application(environ, start_response)

    return served
