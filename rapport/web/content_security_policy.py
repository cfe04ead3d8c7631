"""The Content-Security-Policy header, built once rather than on every response.

django-csp builds the header from ``settings.CONTENT_SECURITY_POLICY`` on every
response: copying the settings into dataclasses and joining every directive again,
a ninth of what a minimal signed-in page cost (docs/benchmarks.md, "Load"). Nearly
every response carries the same policy, so ``CSPMiddleware`` here keeps the text
django-csp builds from the settings and sets it directly when nothing could make it
differ: no nonce was asked for, and the response carries none of django-csp's
per-view changes (its decorators' ``_csp_*`` attributes). Anything else goes through
django-csp unchanged, as do the debug-page exemption, a header the view set itself,
and ``EXCLUDE_URL_PREFIXES``. The kept text is rebuilt when a test changes the
settings.
"""

from __future__ import annotations

import functools

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject
from csp.middleware import CSPMiddleware as DjangoCSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.http import HttpRequest
from django.http.response import HttpResponseBase

# Set on a response by django-csp's decorators (csp_exempt, csp_update, csp_replace,
# csp): each makes the response's header differ from the settings' policy.
PER_RESPONSE = (
    "_csp_exempt",
    "_csp_exempt_ro",
    "_csp_config",
    "_csp_config_ro",
    "_csp_update",
    "_csp_update_ro",
    "_csp_replace",
    "_csp_replace_ro",
)
SETTINGS = {"CONTENT_SECURITY_POLICY", "CONTENT_SECURITY_POLICY_REPORT_ONLY", "DEBUG"}


@functools.cache
def _settings_policies() -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """(header, text, excluded path prefixes) for the enforced and report-only policies
    the settings define, exactly as django-csp builds them with nothing per response."""
    found = []
    for header, name, report_only in (
        (HEADER, "CONTENT_SECURITY_POLICY", False),
        (HEADER_REPORT_ONLY, "CONTENT_SECURITY_POLICY_REPORT_ONLY", True),
    ):
        text = build_policy(report_only=report_only)
        if text:
            config = getattr(settings, name, None) or {}
            prefixes = tuple(config.get("EXCLUDE_URL_PREFIXES", None) or ())
            found.append((header, text, prefixes))
    return tuple(found)


def _forget(*, setting: str, **kwargs: object) -> None:
    if setting in SETTINGS:
        _settings_policies.cache_clear()


setting_changed.connect(_forget, dispatch_uid="rapport.web.content_security_policy")


class CSPMiddleware(DjangoCSPMiddleware):
    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if (
            getattr(request, "_csp_nonce", None) is not None
            or any(hasattr(response, name) for name in PER_RESPONSE)
            or (settings.DEBUG and response.status_code in (404, 500))
        ):
            return super().process_response(request, response)
        for header, text, prefixes in _settings_policies():
            if header not in response and not (prefixes and request.path_info.startswith(prefixes)):
                response[header] = text
        # As django-csp: a nonce asked for after the header is written is an error. Set as
        # django-csp sets it, since HttpRequest declares no such attribute.
        setattr(request, "csp_nonce", CheckableLazyObject(self._csp_nonce_post_response))  # noqa: B010
        return response
