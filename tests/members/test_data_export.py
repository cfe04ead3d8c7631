"""The personal data export: everything about the member that they may see, nothing
that the rest of Rapport hides from them."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import time_machine
from django.urls import reverse

from rapport.introductions.services import (
    introduction_accept,
    introduction_decline,
    introduction_make,
)
from rapport.keeper.models import Person
from rapport.keeper.services import person_create
from rapport.members.data_export import WITHHELD, member_data_export, member_relations
from rapport.members.services import api_token_create
from rapport.network.models import ConnectionRequest
from rapport.network.services import connection_request_decline, connection_request_withdraw
from rapport.safety.services import block_create, report_create
from tests.introductions.conftest import WHY_BEN, WHY_CY


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


def test_a_silent_decline_leaves_no_time_in_the_senders_export(ana, make_member, send_request):
    """A pending request with a decision time would give the decline away, and a
    'not accepted' one dated before its expiry would tell a decline from silence."""
    cy, dee = make_member("Cy Tran"), make_member("Dee Park")
    sent = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(sent, tick=False) as clock:
        declined = send_request(ana, cy)
        withdrawn = send_request(ana, dee)
        clock.shift(dt.timedelta(days=2))
        connection_request_decline(member=cy, request_id=declined.pk)
        connection_request_decline(member=dee, request_id=withdrawn.pk)
        clock.shift(dt.timedelta(days=3))
        connection_request_withdraw(member=ana, request_id=withdrawn.pk)

        def seen(request_id: int) -> tuple[str, object]:
            rows = member_data_export(member=ana)["records"]["network.ConnectionRequest"]
            row = next(row for row in rows if row["id"] == request_id)
            return row["state"], row["decided_at"]

        assert seen(declined.pk) == ("pending", None)
        # The withdrawal's own time, not the decline's three days before.
        assert seen(withdrawn.pk) == ("withdrawn", sent + dt.timedelta(days=5))
        expires_at = ConnectionRequest.objects.get(pk=declined.pk).expires_at
        clock.move_to(expires_at + dt.timedelta(hours=1))
        assert seen(declined.pk) == ("not_accepted", expires_at)
        # The recipient sees their own decision, dated.
        mine = member_data_export(member=cy)["records"]["network.ConnectionRequest"]
        assert [(row["state"], row["decided_at"]) for row in mine] == [
            ("declined", sent + dt.timedelta(days=2))
        ]


def test_one_sides_decline_of_an_introduction_has_no_time_in_the_others_export(
    ana, ben, make_member, connect
):
    cy = make_member("Cy Tran")
    connect(ana, ben)
    connect(ana, cy)
    with time_machine.travel(dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC), tick=False) as clock:
        introduction = introduction_make(
            introducer=ana, first_id=ben.pk, second_id=cy.pk, why_first=WHY_BEN, why_second=WHY_CY
        )
        introduction_accept(member=ben, introduction_id=introduction.pk)
        clock.shift(dt.timedelta(days=1))
        introduction_decline(member=cy, introduction_id=introduction.pk)

        def seen(member) -> tuple[str, object]:
            (row,) = member_data_export(member=member)["records"]["introductions.Introduction"]
            return row["state"], row["decided_at"]

        assert seen(ben) == ("waiting_for_other", None)
        clock.move_to(introduction.expires_at + dt.timedelta(hours=1))
        assert seen(ben) == ("not_going_ahead", introduction.expires_at)
        assert seen(ana)[0] == "declined"  # the introducer learns it, never from whom


def test_the_profile_in_an_export_is_what_the_member_gave_not_the_sites_bookkeeping(ana):
    """Staff flags are the site's business, and the search's fold of the name is the
    member's own words written again for the database: neither is theirs to read."""
    profile = member_data_export(member=ana)["member"]

    assert profile["name"] == ana.name
    assert not {"is_superuser", "is_staff", "groups", "user_permissions", "search_folded"} & set(
        profile
    )
