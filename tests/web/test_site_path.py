"""Rapport served under a path of another site's host (``RAPPORT_SITE_URL=
https://example.org/rapport``, docs/deploy.md): every address it writes, on a page, in a
redirect, in the API's documents or in mail, starts with that path, or the link leads
to the other site on the host.

The settings are those settings.py derives from the variable (tests/test_environment.py
checks it does); the proxy in front passes the rest of the path, so each request here
asks for the link without ``/rapport``, as nginx forwards it.
"""

from __future__ import annotations

import json
import re
import threading
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import mail
from django.template.loader import render_to_string
from django.test import Client
from django.urls import clear_script_prefix, get_script_prefix, reverse, set_script_prefix

from rapport.conversations.selectors import conversation_with
from rapport.mail import site_link, templated_email
from rapport.members.account_mail import password_reset_mail_send
from rapport.operations.site_path import site_path_stripped
from tests.conftest import PASSWORD

SITE = "https://example.org/rapport"
PATH = "/rapport"

# Attributes that hold an address the browser asks for: followed. Any other attribute
# holding one (a form's action, htmx's posts) is checked for the path, not followed.
FOLLOWED = {"href", "src", "hx-get"}


@pytest.fixture
def under_a_path(settings):
    """The settings RAPPORT_SITE_URL=https://example.org/rapport makes, and the script
    prefix Django's WSGI handler sets for each request from FORCE_SCRIPT_NAME."""
    settings.RAPPORT_SITE_URL = SITE
    settings.FORCE_SCRIPT_NAME = PATH
    settings.STATIC_URL = f"{PATH}/static/"
    settings.SESSION_COOKIE_PATH = PATH
    settings.CSRF_COOKIE_PATH = PATH
    set_script_prefix(f"{PATH}/")
    yield
    clear_script_prefix()


class _Addresses(HTMLParser):
    """Every attribute of the page that holds an address on this host, with its name."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value and (value.startswith("/") or value.startswith(("http://testserver", SITE))):
                self.found.append((name, value))


def addresses(response) -> list[tuple[str, str]]:
    parser = _Addresses()
    parser.feed(response.content.decode())
    return parser.found


def forwarded(link: str) -> str:
    """``link`` as the proxy passes it on: the path below /rapport, with its query."""
    parts = urlsplit(link)
    assert parts.path == PATH or parts.path.startswith(f"{PATH}/"), link
    return parts.path.removeprefix(PATH) + (f"?{parts.query}" if parts.query else "")


def assert_every_link_is_under_the_path(client: Client, page: str) -> list[str]:
    """Open ``page``, check every address on it starts with /rapport/ and that each one
    a browser would ask for opens (or redirects under the path). Returns the addresses."""
    response = client.get(page)
    assert response.status_code == 200, (page, response.status_code)
    found = addresses(response)
    assert found, page
    wrong = [(name, value) for name, value in found if not value.startswith(f"{PATH}/")]
    assert wrong == [], page
    followed = {value for name, value in found if name in FOLLOWED}
    statuses = {}
    for link in sorted(followed):
        answer = client.get(forwarded(link))
        statuses[link] = answer.status_code
        if answer.status_code in (301, 302):
            assert answer["Location"].startswith(f"{PATH}/"), (link, answer["Location"])
    assert {link: status for link, status in statuses.items() if status not in (200, 302)} == {}
    return [value for _name, value in found]


@pytest.fixture
def conversation(make_member, connect):
    ana, ben = make_member("Ana Ruiz"), make_member("Ben Okafor")
    connect(ana, ben)
    return ana, conversation_with(member=ana, other_id=ben.pk)


def test_a_visitors_pages_link_under_the_path(under_a_path, client):
    landing = assert_every_link_is_under_the_path(client, "/")
    assert f"{PATH}/static/rapport/rapport.css" in [urlsplit(link).path for link in landing]
    assert_every_link_is_under_the_path(client, "/login/")
    assert_every_link_is_under_the_path(client, "/help/")


def test_a_members_pages_link_under_the_path(under_a_path, conversation):
    ana, thread = conversation
    client = Client()
    client.force_login(ana)
    assert_every_link_is_under_the_path(client, "/")
    links = assert_every_link_is_under_the_path(client, f"/conversations/{thread.pk}/")
    assert f"{PATH}/conversations/{thread.pk}/" in [urlsplit(link).path for link in links]
    assert_every_link_is_under_the_path(client, "/help/")


def test_logging_in_from_a_page_comes_back_to_it_under_the_path(under_a_path, make_member):
    ana = make_member("Ana Ruiz")
    client = Client()
    asked = client.get("/conversations/")
    assert asked.status_code == 302
    login = urlsplit(asked["Location"])
    assert login.path == f"{PATH}/login/"
    [back] = parse_qs(login.query)["next"]
    assert back == f"{PATH}/conversations/"

    form = client.get(forwarded(asked["Location"]))
    assert form.cookies["csrftoken"]["path"] == PATH
    answer = client.post(
        forwarded(asked["Location"]), {"username": ana.username, "password": PASSWORD}
    )
    assert answer.status_code == 302
    assert answer["Location"] == f"{PATH}/conversations/"
    # Another application on the host (at /, or at /other/) is never sent them.
    assert answer.cookies["sessionid"]["path"] == PATH
    assert client.get(forwarded(answer["Location"])).status_code == 200


def test_a_notice_after_a_form_is_kept_under_the_path_too(under_a_path, make_member):
    """ "Your profile is saved" and "We sent a link to ana@example.org" wait for the next
    page in the member's session, not in a cookie of their own: Django's messages
    cookie has no path setting and went to every application on the host."""
    ana = make_member("Ana Ruiz")
    client = Client()
    client.force_login(ana)
    saved = client.post("/me/", {"name": "Ana Ruiz", "headline": "Transit planner"})
    assert saved.status_code == 302
    assert all(cookie["path"] == PATH for cookie in saved.cookies.values()), saved.cookies
    assert "messages" not in saved.cookies
    shown = client.get(forwarded(saved["Location"]))
    assert "Your profile is saved." in shown.content.decode()
    assert all(cookie["path"] == PATH for cookie in shown.cookies.values()), shown.cookies


def test_the_calendar_feed_address_is_under_the_path(under_a_path, make_member):
    client = Client()
    client.force_login(make_member("Ana Ruiz"))
    page = client.post("/keeper/settings/calendar/").content.decode()
    [feed] = re.findall(r"https?://testserver[^\s\"<]+\.ics", page)
    assert feed.startswith(f"http://testserver{PATH}/calendar/")
    assert client.get(forwarded(feed)).status_code == 200


def test_the_api_documents_itself_under_the_path(under_a_path, make_member):
    client = Client()
    schema = json.loads(client.get("/api/openapi.json").content)
    assert schema["paths"], schema
    assert [path for path in schema["paths"] if not path.startswith(f"{PATH}/api/")] == []
    docs = client.get("/api/docs")
    assert docs.status_code == 200
    assert f'"{PATH}/api/openapi.json"' in docs.content.decode()
    assert [value for _name, value in addresses(docs) if not value.startswith(f"{PATH}/")] == []
    lost = json.loads(client.get("/api/nothing-here").content)
    assert lost["message"] == f"No API operation at {PATH}/api/nothing-here; see {PATH}/api/docs."


def test_the_error_pages_lead_home_under_the_path(under_a_path):
    for template in ("500.html", "operations/unavailable.html"):
        html = render_to_string(template)
        found = re.findall(r'(?:href|src)="([^"]*)"', html)
        assert found and [link for link in found if not link.startswith(f"{PATH}/")] == []


@pytest.mark.parametrize("prefix", ["/", f"{PATH}/"], ids=["a new thread", "the main thread"])
def test_mail_links_carry_the_path_whatever_the_thread_knows(under_a_path, prefix, make_member):
    """The worker's scheduler runs in a thread of its own, where Django never set the
    script prefix; its mail must still link under the path."""
    ana = make_member("Ana Ruiz", email="ana@example.org")
    made: dict[str, object] = {}

    def in_the_worker() -> None:
        set_script_prefix(prefix)
        made["link"] = site_link(reverse("conversations"))
        made["mail"] = templated_email(
            "introductions/email/reminder", {"member": ana}, to="ana@example.org"
        )
        made["prefix_after"] = get_script_prefix()

    worker = threading.Thread(target=in_the_worker)
    worker.start()
    worker.join()

    assert made["link"] == f"{SITE}/conversations/"
    assert f"Say yes or no on Rapport: {SITE}/introductions/" in made["mail"].body  # type: ignore[attr-defined]
    assert made["prefix_after"] == prefix  # the thread's own prefix is left as it was

    clear_script_prefix()  # this thread, as the scheduler's: no prefix set
    assert password_reset_mail_send(member_id=ana.pk, domain="example.org", use_https=True)
    [reset] = mail.outbox
    assert "https://example.org/rapport/password-reset/" in reset.body


def test_a_proxy_that_passes_the_whole_path_is_served_too(settings):
    """nginx's ``proxy_pass`` without the trailing slash passes /rapport/... whole."""
    settings.FORCE_SCRIPT_NAME = PATH
    seen = {}

    def application(environ, start_response):
        seen.update(script=environ["SCRIPT_NAME"], path=environ["PATH_INFO"])
        return []

    stripped = site_path_stripped(application)
    for asked, path in [
        ("/rapport/home/", "/home/"),
        ("/rapport", "/"),
        ("/health", "/health"),
        ("/rapportage/", "/rapportage/"),
    ]:
        stripped({"PATH_INFO": asked, "SCRIPT_NAME": ""}, lambda *args: None)
        assert seen == {"script": "", "path": path}, asked
