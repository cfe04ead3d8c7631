"""Security headers on every response, and pages a strict CSP can run as they are.

The policy allows nothing inline, so the test also renders every page a member can
open (from the authorization matrix) and looks for a style= attribute, an inline
<script>, an on* handler or a javascript: URL: any of them would silently break.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

from tests.security.html_scan import parse
from tests.security.pages import page_names_for_get
from tests.test_authorization_matrix import PAGES, scenario, scenario_rows  # noqa: F401

ROOT = Path(__file__).resolve().parents[2] / "rapport"
# Email bodies are not web pages: mail clients need inline styles, and no CSP applies.
NOT_WEB_PAGES = ("/email/",)
# Self-contained documents served only as downloads, each with its own narrow policy.
STANDALONE_DOCUMENTS = {
    # rapport/audit/standalone.py: "default-src 'none'; style-src 'unsafe-inline'".
    "audit/templates/audit/report.html",
}


def _without_comments(source: str) -> str:
    source = re.sub(r"\{#.*?#\}", "", source, flags=re.S)
    return re.sub(r"\{% comment %\}.*?\{% endcomment %\}", "", source, flags=re.S)


def _directives(header: str) -> dict[str, list[str]]:
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


@pytest.mark.parametrize("path", ["/", "/login/", "/api/openapi.json", "/api/no/such/thing"])
def test_every_response_carries_the_security_headers(client, path):
    response = client.get(path)
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    policy = _directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    for directive in ("script-src", "style-src"):
        assert policy[directive] == ["'self'"], directive


def test_nothing_in_the_policy_allows_inline_code_or_eval(client):
    header = client.get("/").headers["Content-Security-Policy"]
    for loophole in ("unsafe-inline", "unsafe-eval", "unsafe-hashes", "*", "http:", "https:"):
        assert loophole not in header.split(), loophole


def test_every_page_runs_under_the_policy_as_it_is(scenario):  # noqa: F811
    client = Client()
    client.force_login(scenario.owner)
    found = {}
    for name in page_names_for_get():
        response = client.get(PAGES[name].url(scenario))
        if not response["Content-Type"].startswith("text/html"):
            continue  # a calendar file, a vCard...: nothing a browser runs
        if response.get("Content-Disposition", "").startswith("attachment"):
            # An HTML download, not a page: it brings its own policy, with nothing fetched.
            assert "default-src 'none'" in response["Content-Security-Policy"], name
            continue
        inline = parse(response.content.decode()).inline
        if inline:
            found[name] = inline
    assert found == {}


def test_no_template_carries_inline_style_or_script():
    """Also catches templates no page renders yet (partials, error pages)."""
    offenders = []
    for template in sorted(ROOT.rglob("templates/**/*.html")):
        if any(part in template.as_posix() for part in NOT_WEB_PAGES):
            continue
        if str(template.relative_to(ROOT)) in STANDALONE_DOCUMENTS:
            continue
        inline = parse(_without_comments(template.read_text())).inline
        if inline:
            offenders.append((str(template.relative_to(ROOT)), inline))
    assert offenders == []


def test_the_api_documentation_page_loads_only_files_from_this_site(client):
    page = client.get("/api/docs")
    assert page.status_code == 200
    html = page.content.decode()
    assert "cdn." not in html
    assert parse(html).inline == []
