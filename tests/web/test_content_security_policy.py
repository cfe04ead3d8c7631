"""The Content-Security-Policy header is built once (rapport/web/content_security_policy.py)
and is, response for response, the header django-csp's own middleware writes."""

from __future__ import annotations

import pytest
from csp.constants import NONCE
from csp.middleware import CSPMiddleware as DjangoCSPMiddleware
from django.http import HttpResponse
from django.test import RequestFactory

from rapport.web.content_security_policy import CSPMiddleware

HEADER = "Content-Security-Policy"
REPORT_ONLY = "Content-Security-Policy-Report-Only"


def _both(prepare_response=lambda response: None, path="/", status=200, nonce=False):
    """The headers ours and django-csp's middleware give one request and response."""
    answers = []
    for middleware_class in (CSPMiddleware, DjangoCSPMiddleware):
        request = RequestFactory().get(path)
        response = HttpResponse(status=status)
        prepare_response(response)
        middleware = middleware_class(lambda request, response=response: response)
        middleware.process_request(request)
        if nonce:
            str(request.csp_nonce)
        middleware.process_response(request, response)
        answers.append(
            (response.get(HEADER), response.get(REPORT_ONLY), getattr(request, "_csp_nonce", None))
        )
    return answers


def test_the_settings_policy_is_the_one_django_csp_writes():
    ours, theirs = _both()
    assert ours == theirs
    assert "default-src 'self'" in ours[0] and "frame-ancestors 'none'" in ours[0]


def test_a_changed_setting_changes_the_header(settings):
    before, _ = _both()
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'none'"]}}
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": {"img-src": ["'self'"]}}
    ours, theirs = _both()
    assert ours == theirs
    assert ours[0] == "default-src 'none'" != before[0]
    assert "img-src 'self'" in ours[1]


def test_a_nonce_asked_for_goes_into_the_header(settings):
    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    settings.CONTENT_SECURITY_POLICY = {
        "DIRECTIVES": {**directives, "script-src": ["'self'", NONCE]}
    }
    ours, theirs = _both(nonce=True)
    assert f"'nonce-{ours[2]}'" in ours[0]
    assert ours[0].replace(ours[2], "N") == theirs[0].replace(theirs[2], "N")


@pytest.mark.parametrize(
    "attribute, value",
    [
        ("_csp_exempt", True),
        ("_csp_update", {"img-src": ["https://images.example"]}),
        ("_csp_replace", {"script-src": None}),
        ("_csp_config", {"default-src": ["'none'"]}),
    ],
)
def test_a_views_own_changes_are_django_csps(attribute, value):
    ours, theirs = _both(lambda response: setattr(response, attribute, value))
    assert ours == theirs
    base, _ = _both()
    assert ours[0] != base[0]


def test_a_header_the_view_set_is_kept():
    ours, theirs = _both(lambda response: response.__setitem__(HEADER, "default-src 'none'"))
    assert ours == theirs == ("default-src 'none'", None, None)


def test_excluded_prefixes_and_debug_pages_as_django_csp(settings):
    settings.CONTENT_SECURITY_POLICY = {
        **settings.CONTENT_SECURITY_POLICY,
        "EXCLUDE_URL_PREFIXES": ["/excluded/"],
    }
    ours, theirs = _both(path="/excluded/page")
    assert ours == theirs == (None, None, None)
    settings.DEBUG = True
    assert _both(status=404)[0] == _both(status=404)[1] == (None, None, None)


def test_a_nonce_asked_for_after_the_header_is_an_error():
    request = RequestFactory().get("/")
    middleware = CSPMiddleware(lambda request: HttpResponse())
    middleware.process_request(request)
    middleware.process_response(request, HttpResponse())
    with pytest.raises(Exception, match="not available after the CSP header"):
        str(request.csp_nonce)
