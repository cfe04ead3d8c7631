"""The "Archive all N" button archives the N people the page counted, or nobody: when the set
changed between the page and the button (an import added people, a reply took one
out), the post refuses, says so, and asks again with the new set."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.urls import reverse

from rapport.keeper.models import Person
from tests.audit.conftest import imported, said
from tests.web.page_text import main_text


@pytest.fixture
def silent(ana):
    """Three LinkedIn connections Ana never wrote to."""
    return [imported(ana, f"Silent {n}") for n in range(3)]


def the_form(confirm) -> dict[str, str]:
    """The hidden fields of the confirm page's form, as a browser sends them back."""
    html = confirm.content.decode()
    start = html.index(f'<form method="post" action="{reverse("audit_archive")}"')
    form = html[start : html.index("</form>", start)]
    return {
        unescape(name): unescape(value)
        for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form)
        if name != "csrfmiddlewaretoken"
    }


def archived(ana) -> set[str]:
    return set(
        Person.objects.filter(owner=ana, archived_at__isnull=False).values_list("name", flat=True)
    )


def test_the_button_archives_the_people_the_page_counted(ana, silent, signed_in):
    client = signed_in(ana)
    confirm = client.get(reverse("audit_archive"))
    assert "Archive 3 contacts, not connections?" in main_text(confirm)

    response = client.post(reverse("audit_archive"), the_form(confirm), follow=True)

    assert archived(ana) == {"Silent 0", "Silent 1", "Silent 2"}
    assert "Archived 3 contacts, not connections" in main_text(response)


def test_people_added_since_the_page_are_not_archived_unseen(ana, silent, signed_in):
    client = signed_in(ana)
    confirm = client.get(reverse("audit_archive"))
    imported(ana, "Newly Imported")  # an import finished meanwhile

    response = client.post(reverse("audit_archive"), the_form(confirm), follow=True)

    assert archived(ana) == set()
    text = main_text(response)
    assert "The people to archive changed since the page counted 3: there are 4 now." in text
    assert "Nothing was archived" in text
    # Asked again, with the new set: that one goes through.
    assert "Archive 4 contacts, not connections?" in text
    client.post(reverse("audit_archive"), the_form(response))
    assert archived(ana) == {"Silent 0", "Silent 1", "Silent 2", "Newly Imported"}


def test_the_same_count_with_someone_else_in_it_is_refused_too(ana, silent, signed_in):
    client = signed_in(ana)
    confirm = client.get(reverse("audit_archive"))
    said(ana, silent[0], days_ago=1, direction="received")  # she answered Ana: a talker now
    imported(ana, "Newly Imported")

    response = client.post(reverse("audit_archive"), the_form(confirm), follow=True)

    assert archived(ana) == set()
    assert "The people to archive changed since the page showed them" in main_text(response)


def test_a_post_without_what_the_page_showed_archives_nobody(ana, silent, signed_in):
    client = signed_in(ana)

    response = client.post(reverse("audit_archive"), follow=True)

    assert archived(ana) == set()
    assert "Archive 3 contacts, not connections?" in main_text(response)
    assert "Nothing was archived" in main_text(response)


def test_the_button_pressed_twice_archives_once_and_says_nobody_is_left(ana, silent, signed_in):
    client = signed_in(ana)
    form = the_form(client.get(reverse("audit_archive")))
    client.post(reverse("audit_archive"), form)

    again = client.post(reverse("audit_archive"), form, follow=True)

    assert archived(ana) == {"Silent 0", "Silent 1", "Silent 2"}
    assert "Nobody to archive" in main_text(again)


def test_the_api_archives_the_people_its_audit_counted_or_nobody(ana, silent, signed_in):
    """The API's confirmation is the page's: GET /api/audit names the set in
    `to_archive_fingerprint`; POST /api/audit/archive?confirmed= archives exactly them,
    or nobody, with a 409, once the set has changed."""
    client = signed_in(ana)
    counted = client.get("/api/audit").json()["rest"]
    assert counted["to_archive"] == 3
    imported(ana, "Silent 3")  # an import adds a fourth between the two calls

    refused = client.post(f"/api/audit/archive?confirmed={counted['to_archive_fingerprint']}")

    assert refused.status_code == 409
    assert refused.json()["code"] == "archive_changed"
    assert archived(ana) == set()
    again = client.get("/api/audit").json()["rest"]
    done = client.post(f"/api/audit/archive?confirmed={again['to_archive_fingerprint']}")
    assert (done.status_code, done.json()["archived"]) == (200, 4)
    assert archived(ana) == {f"Silent {n}" for n in range(4)}


def test_a_confirmation_that_is_no_fingerprint_is_refused_naming_it(ana, silent, signed_in):
    response = signed_in(ana).post("/api/audit/archive?confirmed=abc")

    assert response.status_code == 422
    assert response.json()["field"] == "confirmed"
    assert archived(ana) == set()
