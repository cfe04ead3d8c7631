"""Who may moderate requests, whatever calls the service; what the moderators' pages
link to, how they write times, what they cost, and a hold reason that always fits."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from rapport.errors import NotPermitted
from rapport.network.models import ConnectionRequest
from rapport.network.reputation import Evidence, sender_standing, standing_from
from rapport.network.services import (
    connection_request_hold,
    connection_request_reject,
    connection_request_release,
)
from rapport.safety.services import block_create, moderator_appoint, report_create
from tests.conftest import pair_connect, request_send

# What Django's default DATETIME_FORMAT ("N j, Y, P") writes: "Dec. 3, 2026, 11:38 a.m.".
DJANGO_DEFAULT_MOMENT = re.compile(r"\b(a\.m\.|p\.m\.|noon|midnight)")
# How the site writes a moment ("3 Dec 2026, 11:38 GMT"; ``moment_as_read``).
SITE_MOMENT = re.compile(r"\b\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2} [A-Z+\-0-9]+")


def _staff(django_user_model, username: str, *codenames: str):
    member = django_user_model.objects.create_user(
        username, password="x" * 12, name=username.title(), is_staff=True
    )
    member.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return member


def _as(member) -> Client:
    client = Client()
    client.force_login(member)
    return client


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("root", password="x" * 12, name="Root")


@pytest.fixture
def held(make_member, superuser) -> ConnectionRequest:
    request = request_send(make_member("Sid Sender"), make_member("Ana Lima"))
    return connection_request_hold(moderator=superuser, request_id=request.pk, reason="Reported.")


# --- 1. The services hold every caller to the admin's permissions.


def test_staff_who_may_only_read_held_requests_cannot_release_or_reject_them(
    held, django_user_model
):
    onlooker = _staff(django_user_model, "onlooker", "view_heldrequest")

    for act in (connection_request_release, connection_request_reject):
        with pytest.raises(NotPermitted) as refused:
            act(moderator=onlooker, request_id=held.pk)
        assert refused.value.code == "not_moderator"
    held.refresh_from_db()
    assert held.state == "held"


def test_holding_needs_the_change_permission_on_requests_as_the_request_list_does(
    make_member, django_user_model
):
    request = request_send(make_member("Sid Sender"), make_member("Ana Lima"))
    for who in (
        _staff(django_user_model, "reader", "view_connectionrequest"),
        _staff(django_user_model, "moderator", "view_heldrequest", "change_heldrequest"),
    ):
        with pytest.raises(NotPermitted):
            connection_request_hold(moderator=who, request_id=request.pk, reason="Reported.")
    request.refresh_from_db()
    assert request.state == "pending"

    editor = _staff(django_user_model, "editor", "change_connectionrequest")
    connection_request_hold(moderator=editor, request_id=request.pk, reason="Reported.")
    request.refresh_from_db()
    assert request.state == "held"


def test_a_permission_without_staff_or_an_active_account_is_not_enough(held, django_user_model):
    not_staff = _staff(django_user_model, "member", "change_heldrequest")
    not_staff.is_staff = False
    not_staff.save(update_fields=["is_staff"])
    gone = _staff(django_user_model, "gone", "change_heldrequest")
    gone.is_active = False
    gone.save(update_fields=["is_active"])

    for who in (not_staff, gone):
        with pytest.raises(NotPermitted):
            connection_request_release(moderator=who, request_id=held.pk)


def test_an_appointed_moderator_releases_and_rejects(make_member, superuser, django_user_model):
    moderator = django_user_model.objects.create_user("mod", password="x" * 12, name="Mod")
    moderator_appoint(member=moderator)
    requests = [
        connection_request_hold(
            moderator=superuser,
            request_id=request_send(make_member(), make_member()).pk,
            reason="Reported.",
        )
        for _ in range(2)
    ]

    released = connection_request_release(moderator=moderator, request_id=requests[0].pk)
    rejected = connection_request_reject(moderator=moderator, request_id=requests[1].pk)

    assert (released.state, released.moderated_by) == ("pending", moderator)
    assert (rejected.state, rejected.moderated_by) == ("rejected", moderator)


# --- 2. A connection's page links to its request only for who may open it.


def test_a_connections_request_links_only_for_staff_who_may_open_it(
    make_member, superuser, django_user_model
):
    made = pair_connect(make_member("Ana Lima"), make_member("Ben Okafor"))
    page = reverse("admin:network_connection_change", args=[made.pk])
    request_page = reverse("admin:network_connectionrequest_change", args=[made.request_id])
    onlooker = _staff(django_user_model, "onlooker", "view_connection")

    assert request_page in _as(superuser).get(page).content.decode()
    shown = _as(onlooker).get(page)
    assert shown.status_code == 200
    text = shown.content.decode()
    assert "/admin/network/connectionrequest/" not in text
    # Still says which request, unlinked, by the names of the two (not its number,
    # which any other number on the page could match).
    assert "Ana Lima's request to Ben Okafor (accepted)" in html.unescape(text)
    assert _as(onlooker).get(request_page).status_code == 403


# --- 3. The held requests' list costs the same for one row or ten.


def test_the_held_list_reads_every_senders_evidence_in_the_same_queries(
    make_member, superuser, django_user_model
):
    moderator = django_user_model.objects.create_user("mod", password="x" * 12, name="Mod")
    moderator_appoint(member=moderator)
    recipient = make_member("Ana Lima")

    def hold_one() -> None:
        sender = make_member()
        request = request_send(sender, recipient)
        report_create(reporter=recipient, reported_id=sender.pk, reason="spam")
        connection_request_hold(moderator=superuser, request_id=request.pk, reason="Reported.")

    client = _as(moderator)
    listing = reverse("admin:network_heldrequest_changelist")
    hold_one()
    client.get(listing)  # the content type, kept for the process
    with CaptureQueriesContext(connection) as one:
        first = client.get(listing)
    for _ in range(9):
        hold_one()
    with CaptureQueriesContext(connection) as ten:
        page = client.get(listing)

    assert first.status_code == page.status_code == 200
    assert len(page.context["cl"].result_list) == 10
    assert len(ten.captured_queries) == len(one.captured_queries)
    # Each row still shows its own sender's evidence.
    assert html.unescape(page.content.decode()).count("1 members reported them") == 10


# --- 4. The automatic hold reason fits its column, whatever the numbers.

LARGEST = 2**63 - 1  # more rows than any database can number


@settings(max_examples=300, deadline=None)
@given(
    sent=st.integers(0, LARGEST),
    accepted=st.integers(0, LARGEST),
    not_accepted=st.integers(0, LARGEST),
    dont_know=st.integers(0, LARGEST),
    reporters=st.integers(0, LARGEST),
    templated=st.integers(0, LARGEST),
    pending_budget=st.integers(1, LARGEST),
    week_budget=st.integers(1, LARGEST),
)
def test_the_hold_reason_fits_its_column_whatever_the_numbers_and_the_budgets(
    sent, accepted, not_accepted, dont_know, reporters, templated, pending_budget, week_budget
):
    evidence = Evidence(
        sent=sent,
        accepted=accepted,
        not_accepted=not_accepted,
        dont_know=dont_know,
        reporters=reporters,
        templated=templated,
    )
    with override_settings(
        RAPPORT_REQUEST_BUDGET_PENDING=pending_budget, RAPPORT_REQUEST_BUDGET_WEEK=week_budget
    ):
        reason = standing_from(evidence).hold_reason()
    limit = ConnectionRequest._meta.get_field("hold_reason").max_length
    assert limit is not None
    assert len(reason) <= limit
    assert f'{dont_know} "I don\'t know this person"' in reason


def test_a_request_held_by_its_senders_standing_keeps_the_whole_reason(make_member, superuser):
    sender = make_member("Sid Sender")
    for _ in range(2):
        report_create(reporter=make_member(), reported_id=sender.pk, reason="spam")
    recipient = make_member("Ana Lima")

    held = request_send(sender, recipient)

    # The evidence as it was just before this request was sent.
    before = held.created_at - dt.timedelta(microseconds=1)
    standing = sender_standing(sender_id=sender.pk, now=before)
    assert held.state == "held"
    assert held.hold_reason == standing.hold_reason()
    assert held.hold_reason.endswith("(holds at 1.00).")
    assert "2 members reported them" in held.hold_reason


# --- 5. The moderators' pages write every moment the way the site does.


def test_the_moderation_pages_write_moments_as_the_site_does(
    make_member, superuser, django_user_model
):
    ana, ben = make_member("Ana Lima"), make_member("Ben Okafor")
    at = dt.datetime(2026, 12, 3, 11, 38, tzinfo=dt.UTC)
    report = report_create(reporter=ana, reported_id=ben.pk, reason="spam", now=at)
    block = block_create(blocker=ana, blocked_id=ben.pk, now=at)
    sender = make_member("Sid Sender")
    held = connection_request_hold(
        moderator=superuser, request_id=request_send(sender, ana).pk, reason="Reported."
    )
    made = pair_connect(make_member("Cy Tran"), make_member("Di Park"))
    client = _as(superuser)
    pages = [
        reverse("admin:safety_report_changelist"),
        reverse("admin:safety_report_change", args=[report.pk]),
        reverse("admin:safety_block_changelist"),
        reverse("admin:safety_block_change", args=[block.pk]),
        reverse("admin:network_heldrequest_changelist"),
        reverse("admin:network_heldrequest_change", args=[held.pk]),
        reverse("admin:network_connectionrequest_changelist"),
        reverse("admin:network_connectionrequest_change", args=[held.pk]),
        reverse("admin:network_connection_changelist"),
        reverse("admin:network_connection_change", args=[made.pk]),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        text = html.unescape(response.content.decode())
        # Only the content, not the admin's own "Recent actions" side bar or filters.
        content = text.split('id="content"', 1)[1]
        assert not DJANGO_DEFAULT_MOMENT.search(content), (
            url,
            DJANGO_DEFAULT_MOMENT.findall(content),
        )
        assert SITE_MOMENT.search(content), url
