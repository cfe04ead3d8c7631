"""In a real chromium: a new member opens the link mailed to the address they gave and
presses Confirm. A browser sends ``Origin: null`` with a form posted from a page whose
``Referrer-Policy`` is ``no-referrer``, and Django's CSRF check refuses that origin: the
button answered 403 and no address could ever be confirmed from a browser."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from rapport.members.models import Member
from tests.browser_fixtures import log_in
from tests.conftest import PASSWORD
from tests.members.account_mail import CONFIRMATION_LINK

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_confirm_button_confirms_the_address(new_page, make_member, mailoutbox):
    make_member("Nell Ewcomer", username="nell")
    page = new_page()
    log_in(page, "nell")
    page.goto("/settings/account/")
    page.get_by_role("textbox", name="Email address").fill("nell@example.net")
    page.get_by_label(re.compile("^Your password")).fill(PASSWORD)
    page.get_by_role("button", name="Save email address").click()
    expect(page.get_by_text("Waiting for confirmation")).to_be_visible()
    [link] = CONFIRMATION_LINK.findall(mailoutbox[-1].body)

    page.goto(urlsplit(link).path)
    page.get_by_role("button", name="Confirm nell@example.net").click()

    # A first address: there was none before to change.
    expect(page.get_by_role("heading", name="Your email address is confirmed")).to_be_visible()
    assert Member.objects.get(username="nell").email == "nell@example.net"
    # Whatever the page loads or links to learns the site, never the token in its address.
    referrers = []
    page.on("request", lambda request: referrers.append(request.headers.get("referer", "")))
    page.goto(urlsplit(link).path)
    page.get_by_role("link", name="Account page").click()
    expect(page.get_by_role("heading", name="Account")).to_be_visible()
    assert referrers and not any("/settings/account/email/" in r for r in referrers)
