"""A held request's page in the admin: the moderator reads it and decides it there.

Nothing on the page is edited, so it offers no Save; Release and Reject are its
actions, through the same services as the list's. The page, its breadcrumb and the
admin's other pages name the two members, never their ids.
"""

from __future__ import annotations

import html

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from rapport.network.models import Connection, ConnectionRequest
from rapport.network.services import connection_request_hold, connection_request_withdraw
from rapport.safety.services import moderator_appoint
from tests.conftest import pair_connect, request_send


@pytest.fixture
def chad(make_member):
    return make_member("Chad Whitmore")


@pytest.fixture
def ana(make_member):
    return make_member("Ana Ruiz")


@pytest.fixture
def tom(django_user_model):
    """A moderator as the demo makes one: staff in the "moderators" group."""
    member = django_user_model.objects.create_user("tom", password="x" * 12, name="Tom Hughes")
    moderator_appoint(member=member)
    return member


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("root", password="x" * 12, name="Root")


@pytest.fixture
def held(chad, ana, superuser) -> ConnectionRequest:
    request = request_send(chad, ana)
    return connection_request_hold(moderator=superuser, request_id=request.pk, reason="Reported.")


def _as(member) -> Client:
    client = Client()
    client.force_login(member)
    return client


def _page(request: ConnectionRequest) -> str:
    return reverse("admin:network_heldrequest_change", args=[request.pk])


def _decide(request: ConnectionRequest) -> str:
    return reverse("admin:network_heldrequest_decide", args=[request.pk])


def test_a_held_requests_page_offers_release_and_reject_and_no_save(held, tom):
    page = _as(tom).get(_page(held)).content.decode()

    assert 'name="_save"' not in page and 'name="_continue"' not in page
    assert 'value="release"' in page and 'value="reject"' in page


def test_a_moderator_releases_a_held_request_from_its_page(held, tom):
    response = _as(tom).post(_decide(held), {"decision": "release"}, follow=True)

    held.refresh_from_db()
    assert (held.state, held.moderated_by) == ("pending", tom)
    # Released, it is no longer among the held: back to the list, which says so.
    assert response.redirect_chain[-1][0] == reverse("admin:network_heldrequest_changelist")
    shown = html.unescape(response.content.decode())
    assert "Released: Chad Whitmore's request now waits for Ana Ruiz's answer." in shown
    entry = LogEntry.objects.get()
    assert entry.get_change_message() == "Released from its page."


def test_a_moderator_rejects_a_held_request_from_its_page(held, tom):
    response = _as(tom).post(_decide(held), {"decision": "reject"}, follow=True)

    held.refresh_from_db()
    assert held.state == "rejected"
    shown = html.unescape(response.content.decode())
    told = "Rejected: Chad Whitmore's request will never reach Ana Ruiz; the sender is not told."
    assert told in shown


def test_a_decision_on_a_request_no_longer_held_says_why_and_changes_nothing(held, chad, tom):
    connection_request_withdraw(member=chad, request_id=held.pk)

    response = _as(tom).post(_decide(held), {"decision": "release"}, follow=True)

    held.refresh_from_db()
    assert held.state == "withdrawn"
    # Withdrawn, it has left the held requests: the list, with the reason.
    shown = html.unescape(response.content.decode())
    assert "Chad Whitmore withdrew this request, so there is nothing to release." in shown
    assert not LogEntry.objects.exists()


def test_a_release_the_service_refuses_is_shown_on_the_page(held, chad, ana, tom):
    request_send(ana, chad)  # Ana asked Chad herself meanwhile: one request may wait

    response = _as(tom).post(_decide(held), {"decision": "release"}, follow=True)

    held.refresh_from_db()
    assert held.state == "held"
    assert response.redirect_chain[-1][0] == _page(held)
    assert "Another request between the two is waiting already" in html.unescape(
        response.content.decode()
    )


def test_an_unknown_decision_is_refused(held, tom):
    response = _as(tom).post(_decide(held), {"decision": "accept"}, follow=True)

    held.refresh_from_db()
    assert held.state == "held"
    assert "Choose a decision: release or reject." in response.content.decode()


def test_deciding_needs_a_post_with_the_csrf_token_and_the_change_permission(
    held, tom, django_user_model
):
    assert _as(tom).get(_decide(held)).status_code == 405
    careful = Client(enforce_csrf_checks=True)
    careful.force_login(tom)
    assert careful.post(_decide(held), {"decision": "release"}).status_code == 403

    onlooker = django_user_model.objects.create_user(
        "onlooker", password="x" * 12, name="Onlooker", is_staff=True
    )
    onlooker.user_permissions.add(*Permission.objects.filter(codename="view_heldrequest"))
    page = _as(onlooker).get(_page(held)).content.decode()
    assert 'value="release"' not in page
    assert _as(onlooker).post(_decide(held), {"decision": "release"}).status_code == 403
    held.refresh_from_db()
    assert held.state == "held"


def test_the_page_is_headed_with_names_not_ids(held, tom):
    page = html.unescape(_as(tom).get(_page(held)).content.decode())

    assert "Chad Whitmore's request to Ana Ruiz (held for a moderator)" in page
    assert f"request {held.pk}:" not in page
    assert f"{held.sender_id} -> {held.recipient_id}" not in page


def test_the_page_reads_the_names_with_the_request(held, tom, django_assert_num_queries):
    client = _as(tom)
    client.get(_page(held))  # the content type, kept for the process
    # The session, its member and the member's permissions; the request with both
    # names; the sender's evidence and their latest notes: no query for a name.
    with django_assert_num_queries(7):
        page = client.get(_page(held))
    assert "Chad Whitmore's request to Ana Ruiz" in html.unescape(page.content.decode())


def test_requests_and_connections_read_with_names(chad, ana, make_member, superuser):
    ben = make_member("Ben Okafor")
    made = pair_connect(ana, ben)
    pending = request_send(chad, ana)
    client = _as(superuser)

    request_page = html.unescape(
        client.get(
            reverse("admin:network_connectionrequest_change", args=[pending.pk])
        ).content.decode()
    )
    connection_page = html.unescape(
        client.get(reverse("admin:network_connection_change", args=[made.pk])).content.decode()
    )

    assert "Chad Whitmore's request to Ana Ruiz (pending)" in request_page
    assert "Ana Ruiz and Ben Okafor" in connection_page
    assert "Ana Ruiz's request to Ben Okafor (accepted)" in connection_page
    assert str(Connection.objects.get(pk=made.pk)).startswith("Ana Ruiz and Ben Okafor")
    # Nothing on either page is edited by hand.
    assert 'name="_save"' not in request_page and 'name="_save"' not in connection_page


def test_a_connections_page_reads_its_request_and_names_with_the_row(
    ana, make_member, superuser, django_assert_num_queries
):
    made = pair_connect(ana, make_member("Ben Okafor"))
    client = _as(superuser)
    page = reverse("admin:network_connection_change", args=[made.pk])
    client.get(page)
    # The session with its member; the connection with both names and its request's.
    with django_assert_num_queries(2):
        shown = client.get(page)
    assert "Ana Ruiz's request to Ben Okafor (accepted)" in html.unescape(shown.content.decode())


@pytest.mark.parametrize(
    ("action", "state", "journal"),
    [
        ("release", "pending", "Released to their recipients from the list."),
        ("reject", "rejected", "Rejected from the list."),
    ],
)
def test_a_decision_taken_from_the_list_goes_into_the_journal_as_one_from_the_page(
    held, tom, action, state, journal
):
    """Who released or rejected a request, and when, is in its history however the
    moderator decided it."""
    _as(tom).post(
        reverse("admin:network_heldrequest_changelist"),
        {"action": action, "_selected_action": [held.pk]},
    )

    held.refresh_from_db()
    assert held.state == state
    entry = LogEntry.objects.get()
    assert (entry.user, entry.object_id, entry.get_change_message()) == (
        tom,
        str(held.pk),
        journal,
    )
