"""`rapport demo` gives Ana an audit worth reading, with or without the imports demo."""

from __future__ import annotations

from django.utils import timezone

from rapport.audit import demo
from rapport.keeper.models import Interaction, Person
from tests.audit.conftest import imported, thread


def test_without_an_imported_export_ana_gets_a_stand_in(ana, signed_in):
    demo.seed(members={"ana": ana}, now=timezone.now())
    client = signed_in(ana)

    body = client.get("/api/audit").json()
    figures = body["figures"]

    assert figures["imported"] == demo.CONNECTIONS
    assert 0 < figures["exchanged"] < figures["connections"] / 2
    assert 0 < figures["both_ways"] < figures["exchanged"]
    assert figures["never"] > figures["connections"] / 2
    assert len(body["strongest"]) >= 12
    assert body["dormant"] and len(body["board"]) == 12
    assert body["circles"]["layers"][0]["found"]
    assert sum(month["conversations"] for month in body["months"]["months"]) > 300
    assert body["rest"]["to_archive"] > 150
    assert client.get("/audit/").status_code == 200
    assert not Interaction.objects.filter(owner=ana).exclude(source="import").exists()


def test_after_the_imports_demo_only_what_ana_logged_herself_is_added(ana, signed_in):
    silent = imported(ana, "Ida Never Wrote")
    talker = imported(ana, "Jon Writes Often")
    thread(ana, talker, days_ago=[50, 30, 10])

    demo.seed(members={"ana": ana}, now=timezone.now())

    assert Person.objects.filter(owner=ana).count() == 2  # no stand-in
    body = signed_in(ana).get("/api/audit").json()
    assert [item["name"] for item in body["dormant"]] == ["Ida Never Wrote"]
    assert silent.interactions.filter(source="manual").count() == 18
    jon = next(item for item in body["board"] if item["name"] == "Jon Writes Often")
    assert jon["why"].startswith("Gave you advice once; ")
