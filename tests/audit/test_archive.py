"""Archiving "contacts, not connections" in one go, and restoring them: kept, not
deleted, out of the keeper's lists, back again on request."""

from __future__ import annotations

import pytest
from django.urls import reverse

from rapport.audit.services import contacts_archive, people_restore
from rapport.errors import NotFound
from rapport.keeper.models import Interaction, Person
from rapport.keeper.services import person_create
from tests.audit.conftest import imported, said, thread
from tests.audit.test_archive_as_confirmed import the_form
from tests.web.page_text import main_text


@pytest.fixture
def contacts(ana):
    """Two people Ana talks to, and three LinkedIn connections she never wrote to,
    one of whom (Zoe) has Ana's email address on file and shares a name with another."""
    ida = imported(ana, "Ida Talker")
    thread(ana, ida, days_ago=[30, 20, 10])
    noa = person_create(owner=ana, name="Noa Family", circle="15")
    said(ana, noa, days_ago=3, kind="call", direction="mutual", source="manual")
    silent = [imported(ana, "Ola Silent"), imported(ana, "Pat Silent")]
    zoe = imported(ana, "Zoe Quiet", organisation="Fieldnote")
    said(ana, zoe, days_ago=700, kind="message", direction="received")
    twin = imported(ana, "zoe quiet", organisation="Fieldnote")
    return {"ida": ida, "noa": noa, "silent": [*silent, zoe, twin]}


def test_archiving_asks_first_then_archives_the_rest_only(ana, contacts, signed_in):
    client = signed_in(ana)

    confirm = client.get(reverse("audit_archive"))
    assert confirm.status_code == 200
    assert "Archive 4 contacts, not connections?" in main_text(confirm)
    assert not Person.objects.filter(archived_at__isnull=False).exists()

    response = client.post(reverse("audit_archive"), the_form(confirm))

    assert response.status_code == 302
    archived = set(Person.objects.filter(owner=ana, archived_at__isnull=False))
    assert archived == set(contacts["silent"])
    # Kept, not deleted: every person and interaction is still there.
    assert Person.objects.filter(owner=ana).count() == 6
    assert Interaction.objects.filter(owner=ana, people=contacts["silent"][2]).exists()
    assert "Archived 4 contacts, not connections" in main_text(client.get(reverse("audit")))


def test_archived_people_leave_the_keepers_lists(ana, contacts, signed_in):
    client = signed_in(ana)
    assert "Zoe Quiet" in main_text(client.get(reverse("keeper_duplicates")))
    contacts_archive(owner=ana)

    home = main_text(client.get(reverse("keeper")))
    assert "Ida Talker" in home and "Ola Silent" not in home
    assert "Zoe Quiet" not in main_text(client.get(reverse("keeper_duplicates")))
    names = [p["name"] for p in client.get("/api/keeper/people").json()]
    assert names == ["Ida Talker", "Noa Family"]
    acquaintances = next(
        c for c in client.get("/api/keeper/circles").json() if c["circle"] == "acquaintance"
    )
    assert acquaintances["size"] == 1  # Ida; the four archived are not counted
    assert "Pat Silent" not in client.get(reverse("keeper_seat_edit", args=[1])).content.decode()
    # Still reachable by their own page, and listed under the archived filter.
    assert client.get(reverse("keeper_person", args=[contacts["silent"][0].pk])).status_code == 200
    archived_page = main_text(client.get(reverse("audit_archived")))
    assert "Ola Silent" in archived_page and "Ida Talker" not in archived_page
    assert {p["name"] for p in client.get("/api/audit/archived").json()} == {
        "Ola Silent",
        "Pat Silent",
        "zoe quiet",
        "Zoe Quiet",
    }


def test_archiving_does_not_change_the_figures_only_marks_them(ana, contacts, signed_in):
    client = signed_in(ana)
    before = client.get("/api/audit").json()

    assert client.post("/api/audit/archive").json()["archived"] == 4
    after = client.get("/api/audit").json()

    for figure in ("connections", "exchanged", "exchanged_last_12_months", "both_ways", "rest"):
        assert after["figures"][figure] == before["figures"][figure]
    assert (before["figures"]["rest_archived"], after["figures"]["rest_archived"]) == (0, 4)
    assert (after["rest"]["to_archive"], after["rest"]["sample"]) == (0, [])
    assert client.post("/api/audit/archive").json()["archived"] == 0


def test_restore_one_then_all(ana, contacts, signed_in):
    client = signed_in(ana)
    contacts_archive(owner=ana)
    ola = contacts["silent"][0]

    response = client.post(reverse("audit_restore"), {"person_id": ola.pk})

    assert response.status_code == 302
    ola.refresh_from_db()
    assert ola.archived_at is None
    assert "Ola Silent" in main_text(client.get(reverse("keeper")))
    assert (
        client.post("/api/audit/restore", {}, content_type="application/json").json()["restored"]
        == 3
    )
    assert not Person.objects.filter(owner=ana, archived_at__isnull=False).exists()


def test_restoring_someone_elses_person_is_not_found(ana, contacts, make_member):
    contacts_archive(owner=ana)
    cy = make_member("Cy Tran")

    with pytest.raises(NotFound):
        people_restore(owner=cy, person_ids=[contacts["silent"][0].pk])
    assert people_restore(owner=cy) == 0
    assert Person.objects.filter(owner=ana, archived_at__isnull=False).count() == 4


def test_archiving_is_one_transaction(ana, contacts, monkeypatch):
    """A failure half-way leaves nobody archived."""
    from django.db.models import QuerySet

    calls = {"n": 0}
    original = QuerySet.update

    def failing_update(self, **values):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("the disk is full")
        return original(self, **values)

    monkeypatch.setattr("rapport.audit.services.BATCH", 2)
    monkeypatch.setattr(QuerySet, "update", failing_update)

    with pytest.raises(RuntimeError):
        contacts_archive(owner=ana)

    assert not Person.objects.filter(owner=ana, archived_at__isnull=False).exists()


def test_people_you_placed_or_seated_are_never_archived_in_bulk(ana, contacts):
    from rapport.keeper.services import key_seat_update

    ola, pat = contacts["silent"][:2]
    Person.objects.filter(pk=ola.pk).update(circle="150")
    key_seat_update(owner=ana, position=2, person_id=pat.pk)

    assert contacts_archive(owner=ana) == 2
    assert Person.objects.get(pk=ola.pk).archived_at is None
    assert Person.objects.get(pk=pat.pk).archived_at is None
