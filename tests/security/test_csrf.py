"""CSRF: every form carries the token, and every write without it is refused 403.

The pages come from the authorization matrix (see tests/security/pages.py): every
page a member can open is rendered, every POST form on it is sent back without its
token, and every POST page and every unsafe API operation is called by a signed-in
session without the token. A refused write changes nothing, so one scenario serves
every page: each test walks them all and lists every failure at once.
"""

from __future__ import annotations

import json

from django.test import Client

from tests.security.pages import (
    CSRF_EXEMPT_FORMS,
    page_names_for_get,
    page_names_for_post,
    post_forms,
    unsafe_operations,
)
from tests.test_authorization_matrix import (  # noqa: F401  (fixtures too)
    OPERATIONS,
    PAGES,
    scenario,
    scenario_rows,
)


def _owner(member) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    return client


def test_every_post_form_on_every_page_needs_the_token(scenario):  # noqa: F811
    client = _owner(scenario.owner)
    failures, checked = [], 0
    for name in page_names_for_get():
        url = PAGES[name].url(scenario)
        response = client.get(url)
        assert response.status_code == 200, name
        if name in CSRF_EXEMPT_FORMS:
            continue
        for form in post_forms(response.content.decode(), page_url=url):
            checked += 1
            if "csrfmiddlewaretoken" not in form.inputs:
                failures.append((name, form.action, "no token in the form"))
            data = {k: v for k, v in form.inputs.items() if k != "csrfmiddlewaretoken"}
            status = client.post(form.action, data).status_code
            if status != 403:
                failures.append((name, form.action, status))
    assert failures == []
    assert checked >= 10  # the walk found the site's forms


def test_every_post_page_refuses_a_post_without_the_token(scenario):  # noqa: F811
    client = _owner(scenario.owner)
    failures = []
    for name in page_names_for_post():
        cell = PAGES[name]
        status = client.post(cell.url(scenario), cell.body(scenario)).status_code
        if status != 403:
            failures.append((name, status))
    assert failures == []


def test_every_unsafe_api_operation_refuses_a_session_without_the_token(scenario):  # noqa: F811
    client = _owner(scenario.owner)
    failures = []
    for operation in unsafe_operations():
        cell = OPERATIONS[operation]
        response = getattr(client, cell.method.lower())(
            cell.url(scenario),
            data=json.dumps(cell.body(scenario)),
            content_type="application/json",
        )
        if response.status_code != 403 or response.json().get("code") != "csrf_failed":
            failures.append((operation, response.status_code))
    assert failures == []
