"""The audit reads a fixed number of queries however large the network, keeps a large
network's result while nothing changes, and reads moments exactly."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from rapport.audit import report
from rapport.audit.epoch import EpochSeconds
from rapport.audit.report import network_audit
from rapport.keeper.models import Interaction
from tests.audit.conftest import imported, said, thread
from tests.audit.test_ties import _bulk_talkers
from tests.web.page_queries import page_queries

# The session and the member (2); the cache key (3); the keeper's people, their
# interactions and the board (3); then what the page adds (archived total, the flash).
PAGES = [
    ("audit", 10),
    ("audit_report_html", 8),
    ("audit_archive", 9),
    ("audit_archived", 5),
]


@pytest.mark.parametrize(("name", "limit"), PAGES)
def test_pages_cost_the_same_for_a_small_and_a_large_network(name, limit, ana, signed_in):
    from rapport.audit.services import contacts_archive

    client = signed_in(ana)
    talker = imported(ana, "Ida Both")
    thread(ana, talker, days_ago=[20, 10])
    imported(ana, "Ola Silent")
    if name == "audit_archived":
        contacts_archive(owner=ana)
    few = page_queries(client, reverse(name))

    _bulk_talkers(ana, 200, prefix="Bulk", messages_each=6, days_apart=20)
    for n in range(30):
        imported(ana, f"Silent {n:02d}")
    if name == "audit_archived":
        contacts_archive(owner=ana)

    many = page_queries(client, reverse(name), at_most=limit)
    assert many == few


def test_the_api_costs_the_same_too(ana, signed_in):
    client = signed_in(ana)
    said(ana, imported(ana, "Ida Both"), days_ago=10)
    few = page_queries(client, "/api/audit")
    _bulk_talkers(ana, 200, prefix="Bulk", messages_each=6, days_apart=20)

    many = page_queries(client, "/api/audit", at_most=8)
    assert many == few


def test_a_large_history_is_computed_once_until_something_changes(ana, monkeypatch):
    monkeypatch.setattr(report, "AUDIT_CACHE_FROM", 1)
    ida = imported(ana, "Ida Both")
    thread(ana, ida, days_ago=[30, 20])
    now = timezone.now()

    first = network_audit(member=ana, now=now)
    with CaptureQueriesContext(connection) as again:
        second = network_audit(member=ana, now=now)

    assert second == first
    assert len(again) == 3  # the key only
    said(ana, ida, days_ago=1)
    third = network_audit(member=ana, now=now)
    assert third.figures.exchanged == 1 and third.strongest[0].why != first.strongest[0].why


def test_an_old_kept_audit_is_shown_while_a_new_one_is_made(
    ana, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(report, "AUDIT_CACHE_FROM", 1)
    thread(ana, imported(ana, "Ida Both"), days_ago=[30, 20])
    yesterday = timezone.now() - dt.timedelta(days=1, hours=1)
    old = network_audit(member=ana, now=yesterday)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        shown = network_audit(member=ana, now=timezone.now())
        again = network_audit(member=ana, now=timezone.now())

    assert shown.generated_at == old.generated_at == again.generated_at
    assert len(callbacks) == 1  # one refresh queued, not one a visit
    assert network_audit(member=ana, now=timezone.now()).generated_at == timezone.now()


def test_archiving_changes_the_key(ana, monkeypatch):
    from rapport.audit.services import contacts_archive

    monkeypatch.setattr(report, "AUDIT_CACHE_FROM", 1)
    said(ana, imported(ana, "Ida Both"), days_ago=10)
    imported(ana, "Ola Silent")
    now = timezone.now()
    assert network_audit(member=ana, now=now).rest.archived == 0

    contacts_archive(owner=ana, now=now)

    assert network_audit(member=ana, now=now).rest.archived == 1


def test_moments_are_read_to_the_microsecond(ana):
    ida = imported(ana, "Ida Both")
    moments = [
        dt.datetime(2001, 2, 3, 4, 5, 6, 789_000, tzinfo=dt.UTC),
        dt.datetime(2026, 5, 31, 23, 59, 59, 500_000, tzinfo=dt.UTC),
        timezone.now() - dt.timedelta(days=3, microseconds=250_000),
    ]
    for moment in moments:
        Interaction.objects.create(
            owner=ana, occurred_at=moment, kind="message", created_at=moment
        ).people.add(ida)

    read = sorted(
        Interaction.objects.filter(owner=ana)
        .annotate(at=EpochSeconds("occurred_at"))
        .values_list("at", flat=True)
    )

    assert read == pytest.approx(sorted(m.timestamp() for m in moments), abs=1e-3)


def test_conversations_per_month_count_each_conversation_once(ana, signed_in):
    ida, jon = imported(ana, "Ida Both"), imported(ana, "Jon Sent")
    said(ana, ida, days_ago=1, others=(jon,))  # a group message: one conversation
    said(ana, ida, days_ago=45)  # in April
    said(ana, ida, days_ago=46, kind="gathering", source="manual")  # not a conversation

    months = signed_in(ana).get("/api/audit").json()["months"]

    assert months["months"] == [
        {"month": "2026-04", "conversations": 1},
        {"month": "2026-05", "conversations": 1},
        {"month": "2026-06", "conversations": 0},
    ]
    assert months["sentence"].startswith(
        "2 conversations since April 2026; 2 in the last 12 months"
    )


def test_a_connection_ended_by_the_other_member_changes_the_key(
    ana, make_member, connect, monkeypatch
):
    """Wei ending his connection with Ana changes nothing in her keeper (it is his
    past connection, private to him), yet her figures change: he is no longer one."""
    from rapport.network.services import connection_end

    monkeypatch.setattr(report, "AUDIT_CACHE_FROM", 1)
    thread(ana, imported(ana, "Ida Both"), days_ago=[30, 20])
    wei = make_member("Wei Chen")
    connect(wei, ana)
    now = timezone.now()
    assert network_audit(member=ana, now=now).figures.on_rapport == 1

    connection_end(member=wei, other_id=ana.pk)

    assert network_audit(member=ana, now=now).figures.on_rapport == 0
