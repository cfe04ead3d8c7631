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


def test_opening_a_forms_address_is_the_sites_own_405_with_a_way_back(make_member):
    """Reloading /asks/<id>/answer/ after a failed answer showed "HTTP ERROR 405"."""
    client = Client()
    client.force_login(make_member("Ana Ruiz"))
    answer_url = reverse("ask_answer", args=[7])

    response = client.get(answer_url)

    assert response.status_code == 405
    assert response["Allow"] == "POST"
    page = response.content.decode()
    assert 'aria-label="Main"' in page  # the site's navigation
    assert "This address is for a form" in main_text(response)
    assert f'href="{reverse("ask", args=[7])}"' in page
    assert f'href="{reverse("home")}"' in page


def test_a_forms_address_without_a_page_above_links_home(make_member):
    client = Client()
    client.force_login(make_member("Ana Ruiz"))
    response = client.get(reverse("logout"))
    assert response.status_code == 405
    assert "This address is for a form" in main_text(response)
    assert "Back to the page it belongs to" not in main_text(response)


def test_the_api_keeps_its_json_405(make_member):
    client = Client()
    client.force_login(make_member("Ana Ruiz"))
    response = client.delete("/api/me/export")
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"
    assert response["Allow"]
