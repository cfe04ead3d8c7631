"""The site's own error pages: the header, a sentence that says what happened, a way
back; never Django's bare defaults."""

from __future__ import annotations

import datetime as dt

from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from rapport.gatherings.services import gathering_create
from tests.web.page_text import main_text


def test_a_missing_page_is_the_sites_own_404(make_member):
    client = Client()
    client.force_login(make_member("Ana Ruiz"))

    response = client.get("/no-such-page/")

    assert response.status_code == 404
    page = response.content.decode()
    assert 'aria-label="Main"' in page  # the site's navigation
    assert "There is no page at this address" in main_text(response)
    assert reverse("home") in page


def test_a_refusal_is_the_sites_own_403_saying_why(make_member):
    ana, ben = make_member("Ana Ruiz"), make_member("Ben Okafor")
    start = dt.datetime.now(dt.UTC) + dt.timedelta(days=3)
    gathering = gathering_create(
        host=ana,
        title="Transit data breakfast",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        place="The Anchor, Manchester",
        no_agenda=True,
        visibility="community",
    )
    client = Client()
    client.force_login(ben)

    response = client.get(reverse("gathering_edit", args=[gathering.pk]))

    assert response.status_code == 403
    assert "Only the host can do this." in main_text(response)
    assert 'aria-label="Main"' in response.content.decode()


def test_the_500_page_needs_no_request_and_no_context():
    """Django renders it with neither when something broke."""
    page = render_to_string("500.html")
    assert "Something went wrong on our side" in page
    assert "rapport.css" in page
