"""The keeper's texts are counted as the API counts them (``rapport.prose``): a run of
spaces or line breaks is one character. The person page and the API take what makes
someone tick, an interaction's note and a seat's why at the limit however it was
typed, refuse one character more alike, naming the field and the limit, and keep the
same text: paragraphs a blank line apart, single spaces. A keeper document keeps its
texts as the file has them."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from rapport.keeper.models import Interaction, KeySeat, Person
from rapport.keeper.portable import keeper_export, keeper_import
from rapport.keeper.services import NOTE_MAX, interaction_log, key_seat_update, person_create
from rapport.limits import limit_of
from rapport.members.models import Member
from tests.keeper.test_api import KeeperApi
from tests.typed_texts import typed_at
from tests.web.page_text import main_text
from tests.web.test_accounts import field_errors

NOW = dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC)
TICK_MAX = limit_of(Person, "what_makes_them_tick")
WHY_MAX = limit_of(KeySeat, "why")


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _page(member: Member) -> Client:
    client = Client()
    client.force_login(member)
    return client


def _api(member: Member) -> KeeperApi:
    client = Client()
    client.force_login(member)
    return KeeperApi(client)


def test_what_makes_them_tick_at_its_limit_is_kept_alike_by_page_and_api(make_member):
    ana, ben = make_member("Ana Ruiz"), make_member("Ben Okafor")
    tick = typed_at(
        TICK_MAX, "Loves long walks and bad puns; ask about the allotment and the bees."
    )

    by_page = _page(ana).post(
        reverse("keeper_person_new"),
        {"name": "Grace Mensah", "circle": "50", "what_makes_them_tick": tick.typed},
    )
    by_api = _api(ben).post(
        "/keeper/people", {"name": "Grace Mensah", "what_makes_them_tick": tick.typed}
    )

    assert (by_page.status_code, by_api.status_code) == (302, 201), by_api.content
    kept = {person.what_makes_them_tick for person in Person.objects.all()}
    assert kept == {tick.kept} and by_api.json()["what_makes_them_tick"] == tick.kept
    assert tick.stored_longer  # a blank line is stored as two characters, counted as one
    # Its page still shows the paragraphs.
    shown = _page(ana).get(reverse("keeper_person", args=[Person.objects.get(owner=ana).pk]))
    assert "<br><br>" in shown.content.decode()


def test_what_makes_them_tick_beyond_its_limit_is_refused_alike(make_member):
    ana = make_member("Ana Ruiz")
    grace = person_create(owner=ana, name="Grace Mensah", what_makes_them_tick="As it was.")
    tick = typed_at(
        TICK_MAX, "Loves long walks and bad puns; ask about the allotment and the bees."
    )

    by_page = _page(ana).post(
        reverse("keeper_person_edit", args=[grace.pk]),
        {"name": "Grace Mensah", "circle": "50", "what_makes_them_tick": tick.over},
    )
    by_api = _api(ana).patch(f"/keeper/people/{grace.pk}", {"what_makes_them_tick": tick.over})

    assert by_page.status_code == 422
    assert "What makes them tick is 4,001 characters; the limit is 4,000." in field_errors(
        by_page, "what_makes_them_tick"
    )
    assert (by_api.status_code, by_api.json()["field"]) == (422, "what_makes_them_tick")
    assert by_api.json()["message"].endswith("is 4,001 characters; the limit is 4,000.")
    grace.refresh_from_db()
    assert grace.what_makes_them_tick == "As it was."


def test_an_interaction_note_at_its_limit_is_kept_alike_and_one_more_refused(make_member):
    ana = make_member("Ana Ruiz")
    grace = person_create(owner=ana, name="Grace Mensah")
    note = typed_at(
        NOTE_MAX, "Talked about the move to Lisbon and the new team; wants to meet Sam."
    )

    by_page = _page(ana).post(
        reverse("keeper_interaction_new"),
        {"people": "Grace Mensah", "kind": "call", "direction": "mutual", "note": note.typed},
    )
    by_api = _api(ana).post(
        "/keeper/interactions", {"person_ids": [grace.pk], "kind": "call", "note": note.typed}
    )
    refused = _page(ana).post(
        reverse("keeper_interaction_new"),
        {"people": "Grace Mensah", "kind": "call", "direction": "mutual", "note": note.over},
    )
    refused_by_api = _api(ana).post(
        "/keeper/interactions", {"person_ids": [grace.pk], "kind": "call", "note": note.over}
    )

    assert (by_page.status_code, by_api.status_code) == (302, 201), by_api.content
    assert [i.note for i in Interaction.objects.all()] == [note.kept, note.kept]
    assert refused.status_code == 422
    assert "The note is 4,001 characters; the limit is 4,000." in main_text(refused)
    assert (refused_by_api.status_code, refused_by_api.json()["field"]) == (422, "note")
    assert refused_by_api.json()["message"] == "note is 4,001 characters; the limit is 4,000."
    assert Interaction.objects.count() == 2


def test_a_seats_why_is_one_line_at_its_limit_on_the_page_and_in_the_api(make_member):
    """Every page shows a seat's why within a line ("— why."), so it is kept as one."""
    ana = make_member("Ana Ruiz")
    why = typed_at(
        WHY_MAX,
        "Always tells me the truth about my drafts, even when it stings.",
        several_lines=False,
    )

    by_page = _page(ana).post(
        reverse("keeper_seat_edit", args=[2]), {"role": "Critic", "why": why.typed}
    )
    by_api = _api(ana).put("/keeper/seats/3", {"role": "Critic", "why": why.typed})
    refused = _page(ana).post(
        reverse("keeper_seat_edit", args=[4]), {"role": "Critic", "why": why.over}
    )
    refused_by_api = _api(ana).put("/keeper/seats/5", {"role": "Critic", "why": why.over})

    assert (by_page.status_code, by_api.status_code) == (302, 200), by_api.content
    seats = {seat.position: seat.why for seat in KeySeat.objects.filter(owner=ana)}
    assert seats[2] == seats[3] == why.kept and len(why.kept) == WHY_MAX
    assert refused.status_code == 422
    assert "The why is 1,001 characters; the limit is 1,000." in field_errors(refused, "why")
    assert (refused_by_api.status_code, refused_by_api.json()["field"]) == (422, "why")
    assert refused_by_api.json()["message"] == "why is 1,001 characters; the limit is 1,000."
    assert seats[4] == seats[5] == ""


def test_a_keeper_document_keeps_its_texts_as_the_file_has_them(make_member):
    """Moved to another instance, a keeper reads as it did: texts at their limit with
    paragraphs come back, and double spaces an older keeper held stay."""
    ana, ben = make_member("Ana Ruiz"), make_member("Ben Okafor")
    tick = typed_at(
        TICK_MAX, "Loves long walks and bad puns; ask about the allotment and the bees."
    )
    note = typed_at(
        NOTE_MAX, "Talked about the move to Lisbon and the new team; wants to meet Sam."
    )
    grace = person_create(owner=ana, name="Grace Mensah", what_makes_them_tick=tick.typed)
    interaction_log(owner=ana, person_ids=[grace.pk], kind="call", note=note.typed)
    key_seat_update(owner=ana, position=1, role="Critic", person_id=grace.pk, why="Honest.")
    document = keeper_export(owner=ana)
    assert document["people"][0]["what_makes_them_tick"] == tick.kept
    older = "Met  at the   Leeds meetup.\n\n\n\nAsk about  the pilot."
    document["interactions"].append(
        {**document["interactions"][0], "note": older, "external_key": ""}
    )
    document["seats"][0]["why"] = "Honest,  always."

    keeper_import(owner=ben, document=document)

    imported = Person.objects.get(owner=ben, name="Grace Mensah")
    assert imported.what_makes_them_tick == tick.kept
    notes = sorted(Interaction.objects.filter(owner=ben).values_list("note", flat=True))
    assert notes == sorted([note.kept, older])
    assert KeySeat.objects.get(owner=ben, position=1).why == "Honest,  always."
