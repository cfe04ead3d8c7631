"""The personal data export: everything about the member that they may see, nothing
that the rest of Rapport hides from them."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from rapport.keeper.models import Person
from rapport.keeper.services import person_create
from rapport.members.data_export import WITHHELD, member_data_export, member_relations
from rapport.members.services import api_token_create
from rapport.network.services import connection_request_decline
from rapport.safety.services import block_create, report_create


@pytest.fixture
def ana(make_member):
    return make_member("Ana Ruiz", username="ana", email="ana@example.org")


@pytest.fixture
def ben(make_member):
    return make_member("Ben Okafor", username="ben")


def test_every_model_that_can_point_at_a_member_is_in_the_export(ana):
    """A new app's model joins the export without anyone listing it."""
    export = member_data_export(member=ana)
    for model, _field in member_relations():
        if model._meta.label == "members.Member":
            continue
        assert model._meta.label in export["records"], model._meta.label
    for key in WITHHELD:
        assert key in export["withheld"]


def test_the_withheld_list_names_only_relations_that_exist():
    existing = {f"{model._meta.label}.{field.name}" for model, field in member_relations()}
    assert set(WITHHELD) <= existing, set(WITHHELD) - existing


def test_the_export_holds_the_profile_and_what_is_shared_but_no_secret(
    ana, ben, make_member, connect, send_request
):
    connect(ana, ben)
    person_create(owner=ana, name="Grace Mensah", organisation="Transit Lab")
    token, raw = api_token_create(member=ana, label="laptop")
    cy = make_member("Cy Tran")
    declined = send_request(ana, cy)
    connection_request_decline(member=cy, request_id=declined.pk)

    export = member_data_export(member=ana)
    text = json.dumps(export, default=str)

    assert export["format"] == "rapport-member-export"
    assert export["member"]["email"] == "ana@example.org"
    assert "password" not in export["member"] and ana.password not in text
    assert raw not in text and token.digest not in text
    assert [row["label"] for row in export["records"]["members.ApiToken"]] == ["laptop"]
    assert {row["name"] for row in export["records"]["keeper.Person"]} == {
        "Grace Mensah",
        "Ben Okafor",
    }
    # Both sides of the conversation: the first message is Ana's note to Ben.
    assert export["records"]["conversations.Message"]
    assert len(export["records"]["network.Connection"]) == 1
    # A decline is silent, in the export too.
    states = {row["id"]: row["state"] for row in export["records"]["network.ConnectionRequest"]}
    assert states[declined.pk] == "pending"
    assert export["members"][str(ben.pk)] == "Ben Okafor"


def test_the_export_keeps_other_members_private_records_out(ana, ben, connect):
    connect(ana, ben)
    bens_entry = Person.objects.get(owner=ben, member=ana)
    bens_entry.what_makes_them_tick = "Talks too much about trains."
    bens_entry.save()
    block_create(blocker=ben, blocked_id=ana.pk)
    report_create(reporter=ben, reported_id=ana.pk, reason="leaflet", detail="Pitches.")

    export = member_data_export(member=ana)
    text = json.dumps(export, default=str)

    assert "trains" not in text
    assert "Pitches." not in text
    assert export["records"]["safety.Block"] == []
    assert export["records"]["safety.Report"] == []
    assert all(row["owner_id"] == ana.pk for row in export["records"]["keeper.Person"])
    # Ben ended the connection by blocking: his past connections are his own.
    assert export["records"]["network.PastConnection"] == []


def test_the_download_is_a_json_attachment(ana, client):
    client.force_login(ana)
    response = client.get(reverse("account_export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith('attachment; filename="rapport-ana-')
    assert response["Cache-Control"] == "no-store"
    assert json.loads(response.content)["member"]["username"] == "ana"


def test_the_api_export_matches_the_download(ana, api_as):
    body = api_as(ana).get("/me/export").json()
    assert body["member"]["username"] == "ana"
    assert set(body) == {
        "format",
        "version",
        "exported_at",
        "member",
        "records",
        "withheld",
        "members",
    }


def test_the_command_line_writes_the_same_export(ana, tmp_path):
    from django.core.management import call_command

    out = tmp_path / "ana.json"
    call_command("export", "member", str(out), "--member", "ana")
    data = json.loads(out.read_text())
    assert data["format"] == "rapport-member-export"
    assert data["member"]["username"] == "ana"


def test_every_shared_model_says_what_each_member_sees():
    """A model several members appear in is withheld until its app declares a view in
    ``ROW_VIEWS`` (or lists it in ``SHARED_AS_IS``): a raw row could tell one member
    what the feature hides from them."""
    from rapport.members.data_export import undeclared_shared_models

    assert undeclared_shared_models() == set()


def test_an_introduction_hides_the_other_side_until_both_say_yes(make_member, connect):
    from rapport.introductions.services import introduction_accept, introduction_make

    ana, ben, cy = make_member("Ana Ruiz"), make_member("Ben Okafor"), make_member("Cy Tran")
    connect(ana, ben)
    connect(cy, ana)
    made = introduction_make(
        introducer=ana,
        first_id=ben.pk,
        second_id=cy.pk,
        why_first="She runs the tenants' energy group and wants panels on their hall.",
        why_second="He has put solar on a dozen school roofs and knows every pitfall.",
    )

    row = member_data_export(member=ben)["records"]["introductions.Introduction"][0]
    assert row["second_id"] is None
    assert row["why_second"] == ""
    assert "tenants" in row["why_first"]
    assert str(cy.pk) not in member_data_export(member=ben)["members"]

    introduction_accept(member=ben, introduction_id=made.pk)
    introduction_accept(member=cy, introduction_id=made.pk)
    row = member_data_export(member=ben)["records"]["introductions.Introduction"][0]
    assert row["second_id"] == cy.pk
    assert row["state"] == "accepted"
    # The introducer never learns which side said what.
    mine = member_data_export(member=ana)["records"]["introductions.Introduction"][0]
    assert (mine["first_answer"], mine["second_answer"]) == ("", "")


def test_a_request_held_for_a_moderator_is_not_in_the_recipients_export(ana, ben, send_request):
    held = send_request(ben, ana)
    type(held).objects.filter(pk=held.pk).update(state="held", hold_reason="Many declines.")

    assert member_data_export(member=ana)["records"]["network.ConnectionRequest"] == []
    row = member_data_export(member=ben)["records"]["network.ConnectionRequest"][0]
    assert (row["state"], row["hold_reason"]) == ("pending", "")
