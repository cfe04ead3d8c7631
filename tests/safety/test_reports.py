"""Reports reach the moderators and nobody else; the reported member is never told."""

from __future__ import annotations

import json
import re

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from rapport.errors import InvalidInput
from rapport.safety.models import Block, Report
from rapport.safety.services import block_create, report_create, report_resolve


@pytest.fixture
def ana(make_member):
    return make_member("Ana Ruiz")


@pytest.fixture
def ben(make_member):
    return make_member("Ben Okafor")


def test_a_report_over_the_api_is_kept_for_the_moderators(ana, ben, api_as):
    response = api_as(ana).post(
        f"/members/{ben.pk}/report", {"reason": "leaflet", "detail": "Three sales pitches."}
    )
    assert response.status_code == 201
    assert response.json()["blocked"] is False
    report = Report.objects.get()
    assert (report.reporter, report.reported, report.reason) == (ana, ben, "leaflet")
    assert report.resolved_at is None


def test_a_report_can_block_at_the_same_time(ana, ben, api_as):
    response = api_as(ana).post(f"/members/{ben.pk}/report", {"reason": "spam", "block": True})
    assert response.json()["blocked"] is True
    assert Block.objects.filter(blocker=ana, blocked=ben).exists()


def test_an_unknown_reason_is_refused_naming_the_field(ana, ben, api_as):
    response = api_as(ana).post(f"/members/{ben.pk}/report", {"reason": "ugly"})
    assert (response.status_code, response.json()["field"]) == (422, "reason")
    assert not Report.objects.exists()


def test_something_else_needs_a_word_of_detail(ana, ben):
    with pytest.raises(InvalidInput) as raised:
        report_create(reporter=ana, reported_id=ben.pk, reason="other", detail="  ")
    assert raised.value.field == "detail"


def _page_without_tokens(client, url: str) -> bytes:
    return re.sub(rb"[A-Za-z0-9]{64}", b"TOKEN", client.get(url).content)


def test_the_reported_member_is_never_told(ana, ben, api_as, client):
    client.force_login(ben)
    pages = [reverse("safety"), reverse("member_profile", args=[ana.pk]), reverse("home")]
    before = [_page_without_tokens(client, url) for url in pages]
    report_create(reporter=ana, reported_id=ben.pk, reason="harassment", detail="Abuse.")
    assert [_page_without_tokens(client, url) for url in pages] == before
    export = api_as(ben).get("/me/export").json()
    assert export["records"]["safety.Report"] == []
    assert "Abuse." not in json.dumps(export)


def test_a_blocked_member_cannot_reach_the_blockers_report_page(ana, ben, client):
    block_create(blocker=ana, blocked_id=ben.pk)
    client.force_login(ben)
    assert client.get(reverse("safety_report", args=[ana.pk])).status_code == 404


def test_the_report_page_shows_the_error_beside_the_field(ana, ben, client):
    client.force_login(ana)
    response = client.post(reverse("safety_report", args=[ben.pk]), {"reason": "other"})
    assert response.status_code == 422
    assert response.context["form"].errors["detail"]

    response = client.post(
        reverse("safety_report", args=[ben.pk]),
        {"reason": "impersonation", "detail": "Says he is me.", "also_block": "on"},
    )
    assert response.status_code == 302
    assert Report.objects.filter(reason="impersonation").exists()
    assert Block.objects.filter(blocker=ana, blocked=ben).exists()


def test_moderators_read_and_resolve_reports_in_the_admin(ana, ben, client, django_user_model):
    report = report_create(reporter=ana, reported_id=ben.pk, reason="spam")
    moderator = django_user_model.objects.create_superuser("mod", password="x" * 12, name="Mod")
    client.force_login(moderator)

    listing = client.get(reverse("admin:safety_report_changelist"))
    assert listing.status_code == 200
    assert b"Ben Okafor" in listing.content
    client.post(
        reverse("admin:safety_report_changelist"),
        {"action": "resolve", "_selected_action": [report.pk]},
    )
    report.refresh_from_db()
    assert report.resolved_at is not None
    assert report.outcome == "upheld"


def test_a_moderator_dismisses_a_report_in_the_admin(ana, ben, client, django_user_model):
    report = report_create(reporter=ana, reported_id=ben.pk, reason="spam")
    moderator = django_user_model.objects.create_superuser("mod", password="x" * 12, name="Mod")
    client.force_login(moderator)

    response = client.post(
        reverse("admin:safety_report_changelist"),
        {"action": "dismiss", "_selected_action": [report.pk]},
        follow=True,
    )

    assert "1 marked dismissed." in response.content.decode()
    report.refresh_from_db()
    assert (report.outcome, report.resolved_at is not None) == ("dismissed", True)
    dismissed_only = client.get(reverse("admin:safety_report_changelist") + "?outcome=dismissed")
    assert b"Ben Okafor" in dismissed_only.content


def test_an_unknown_outcome_is_refused_naming_the_field(ana, ben):
    report = report_create(reporter=ana, reported_id=ben.pk, reason="spam")
    with pytest.raises(InvalidInput) as raised:
        report_resolve(report_id=report.pk, outcome="open")
    assert raised.value.field == "outcome"
    report.refresh_from_db()
    assert (report.outcome, report.resolved_at) == ("open", None)


def test_the_database_refuses_a_resolved_report_without_an_outcome(ana, ben):
    report = report_create(reporter=ana, reported_id=ben.pk, reason="spam")
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.filter(pk=report.pk).update(resolved_at=report.created_at)
