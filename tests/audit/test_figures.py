"""The audit's figures, as a member reads them on the page, in the API and from the
command line: each definition in docs/audit.md, one case at a time."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from rapport.conversations.selectors import conversation_with
from rapport.conversations.services import message_send
from rapport.keeper.models import Person
from rapport.keeper.services import person_create
from rapport.network.services import connection_end
from tests.audit.conftest import imported, said, thread
from tests.audit.test_archive_as_confirmed import the_form
from tests.web.page_text import main_text


@pytest.fixture
def network(ana, make_member, connect):
    """Ana's connections, one per definition."""
    people = {
        name: imported(ana, name)
        for name in ("Ida Both", "Jon Sent", "Kim Old", "Lea Endorsed", "Max Gathered")
    }
    people |= {name: imported(ana, name) for name in ("Noa Coffee", "Ola Silent", "Pat Silent")}
    thread(ana, people["Ida Both"], days_ago=[20, 10])
    said(ana, people["Jon Sent"], days_ago=30, direction="gave")
    said(ana, people["Kim Old"], days_ago=500, direction="received")
    said(
        ana,
        people["Lea Endorsed"],
        days_ago=100,
        kind="help",
        favour="help",
        direction="received",
        key="linkedin:endorsement-received:1",
    )
    said(ana, people["Max Gathered"], days_ago=10, kind="gathering", source="manual")
    said(ana, people["Noa Coffee"], days_ago=5, kind="coffee", direction="mutual", source="manual")
    # Ben is a member Ana connected with here; they talk on Rapport.
    ben = make_member("Ben Okafor")
    connect(ana, ben)
    message_send(
        sender=ben,
        conversation_id=conversation_with(member=ben, other_id=ana.pk).pk,
        body="Coffee next week?",
    )
    # Ana's brother is in her keeper, not a connection anywhere.
    tomas = person_create(owner=ana, name="Tomás Ruiz", circle="5")
    said(ana, tomas, days_ago=3, kind="call", direction="mutual", source="manual")
    people["Tomás Ruiz"] = tomas
    people["Ben Okafor"] = Person.objects.get(owner=ana, member=ben)
    return people


def _api(client) -> dict:
    response = client.get("/api/audit")
    assert response.status_code == 200
    return response.json()


def test_each_figure_follows_its_definition(ana, network, signed_in):
    body = _api(signed_in(ana))
    figures = body["figures"]

    # Eight imported and Ben from Rapport; Tomás is in the keeper, not a connection.
    assert (figures["connections"], figures["imported"], figures["on_rapport"]) == (9, 8, 1)
    # A message either way, a coffee, a Rapport conversation; not an endorsement, not
    # a gathering, not silence.
    assert figures["exchanged"] == 5
    # Kim's message was 500 days ago.
    assert figures["exchanged_last_12_months"] == 4
    # Ida wrote and was written to; the coffee and the Rapport conversation are mutual;
    # Jon was only written to, Kim only wrote.
    assert figures["both_ways"] == 3
    assert figures["never"] == 4


def test_each_connection_lands_in_one_group(ana, network, signed_in):
    body = _api(signed_in(ana))
    figures = body["figures"]
    strongest = {tie["name"] for tie in body["strongest"]}

    assert strongest == {"Ida Both", "Jon Sent", "Noa Coffee", "Ben Okafor", "Tomás Ruiz"}
    assert figures["in_strongest"] == 4  # Tomás is not a connection
    assert (figures["in_touch_beyond"], figures["dormant"], figures["chosen"]) == (0, 0, 0)
    assert figures["rest"] == 5  # Kim, Lea, Max, Ola, Pat
    total = sum(
        figures[group] for group in ("in_strongest", "in_touch_beyond", "dormant", "chosen", "rest")
    )
    assert total == figures["connections"]
    assert body["rest"]["sample"] == [
        "Kim Old",
        "Lea Endorsed",
        "Max Gathered",
        "Ola Silent",
        "Pat Silent",
    ]


def test_a_circle_you_chose_keeps_someone_out_of_the_rest(ana, network, signed_in):
    Person.objects.filter(pk=network["Ola Silent"].pk).update(circle="50")

    figures = _api(signed_in(ana))["figures"]

    assert (figures["chosen"], figures["rest"]) == (1, 4)


def test_the_page_the_api_the_command_and_the_report_say_the_same(
    ana, network, signed_in, tmp_path
):
    client = signed_in(ana)
    sentences = _api(client)["sentences"]
    page = main_text(client.get(reverse("audit")))
    report = client.get(reverse("audit_report_html")).content.decode()
    out = io.StringIO()
    call_command("audit", "--member", "ana", "--html", str(tmp_path / "audit.html"), stdout=out)

    assert (
        sentences[0]
        == "You have 9 connections (8 imported from LinkedIn and 1 made on Rapport; someone in both counts once)."
    )
    assert sentences[1] == (
        "You have exchanged a message with 5 of them (56%); 4 in the last 12 months (44%); "
        "3 both ways (33%)."
    )
    for sentence in sentences:
        assert sentence in page
        assert sentence in out.getvalue()
        assert sentence.replace("'", "&#x27;") in report
    assert (tmp_path / "audit.html").read_text() == report


def test_no_connections_yet_says_where_to_start(make_member, signed_in):
    newcomer = make_member("New Comer")

    body = _api(signed_in(newcomer))
    page = main_text(signed_in(newcomer).get(reverse("audit")))

    assert body["figures"]["connections"] == 0
    assert body["strongest"] == [] and body["board"] == [] and body["months"]["months"] == []
    assert "You have no connections to audit yet" in page


def test_another_members_network_is_not_in_your_audit(ana, network, make_member, signed_in):
    cy = make_member("Cy Tran")

    body = _api(signed_in(cy))

    assert body["figures"]["connections"] == 0
    assert body["strongest"] == []


def test_members_met_here_but_not_connected_are_not_connections(
    ana, network, make_member, connect, send_request, signed_in
):
    """A keeper entry is linked to a member whenever two members meet here, connected
    or not: Wei over a coffee pairing, Lena while her request waits. Neither is a
    connection; Dee, whom Ana connected with and then moved to her past connections,
    still is (docs/audit.md: "is or was connected with")."""
    wei, lena, dee = (make_member(name) for name in ("Wei Chen", "Lena Hoffmann", "Dee Past"))
    coffee = person_create(owner=ana, name="Wei Chen", member_id=wei.pk, met_context="coffee")
    said(ana, coffee, days_ago=4, kind="coffee", direction="mutual", source="rapport")
    send_request(lena, ana)
    person_create(owner=ana, name="Lena Hoffmann", member_id=lena.pk)
    connect(ana, dee)
    connection_end(member=ana, other_id=dee.pk)
    client = signed_in(ana)

    body = _api(client)
    page = main_text(client.get(reverse("audit")))
    report = client.get(reverse("audit_report_html")).content.decode()
    out = io.StringIO()
    call_command("audit", "--member", "ana", stdout=out)

    figures = body["figures"]
    # Eight imported, Ben and Dee from Rapport.
    assert (figures["connections"], figures["imported"], figures["on_rapport"]) == (10, 8, 2)
    sentence = (
        "You have 10 connections (8 imported from LinkedIn and 2 made on Rapport; "
        "someone in both counts once)."
    )
    assert sentence in page and sentence in report and sentence in out.getvalue()
    # Wei's coffee puts him among the strongest ties, not among the connections there:
    # those are Ida, Jon, Noa, Ben and Dee (her request's note).
    assert "Wei Chen" in {tie["name"] for tie in body["strongest"]}
    assert figures["in_strongest"] == 5
    # Lena, never talked to, is not in the rest, nor archived with it.
    assert figures["rest"] == 5 and "Lena Hoffmann" not in body["rest"]["sample"]
    client.post(reverse("audit_archive"), the_form(client.get(reverse("audit_archive"))))
    assert Person.objects.get(owner=ana, member=lena).archived_at is None
