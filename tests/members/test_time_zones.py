"""Each member's time zone: set at sign-up from the browser, changed on the profile or
through the API, private to its member, and the zone every signed-in request runs in."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from rapport.members.models import Member
from rapport.members.time_zones import time_zone_choices, time_zone_names
from tests.conftest import PASSWORD
from tests.web.page_text import main_text

NOW = dt.datetime(2026, 11, 2, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


def _field_errors(response, field: str) -> str:
    html = response.content.decode()
    found = re.search(rf'<ul class="errorlist" id="id_{field}_error">(.*?)</ul>', html, re.S)
    return found.group(1) if found else ""


def _signed_in(member: Member) -> Client:
    client = Client()
    client.force_login(member)
    return client


def _signup(client: Client, **extra: str):
    fields = {
        "username": "ada",
        "name": "Ada Lovelace",
        "password": PASSWORD,
        "password_again": PASSWORD,
        **extra,
    }
    return client.post(reverse("signup"), fields)


# --- sign-up ------------------------------------------------------------------------


def test_the_sign_up_form_carries_a_hidden_field_for_the_browsers_zone(client, db):
    html = client.get(reverse("signup")).content.decode()

    field = re.search(r"<input[^>]*name=\"time_zone\"[^>]*>", html)
    assert field is not None
    assert 'type="hidden"' in field.group(0) and "data-browser-time-zone" in field.group(0)


def test_signing_up_keeps_the_zone_the_browser_sent(client, db):
    response = _signup(client, time_zone="America/New_York")

    assert response.status_code == 302
    assert Member.objects.get(username="ada").time_zone == "America/New_York"


@pytest.mark.parametrize("sent", [None, "", "Mars/Olympus", "localtime", "../../etc/passwd"])
def test_signing_up_without_a_zone_rapport_knows_falls_back_to_utc(client, db, sent):
    extra = {} if sent is None else {"time_zone": sent}

    response = _signup(client, **extra)

    assert response.status_code == 302
    assert Member.objects.get(username="ada").time_zone == "UTC"


def test_the_api_signs_up_with_a_zone_and_names_one_it_does_not_know(anonymous):
    body = {"username": "ada", "password": PASSWORD, "name": "Ada Lovelace"}

    refused = anonymous.post("/signup", {**body, "time_zone": "Mars/Olympus"})
    assert refused.status_code == 422
    assert (refused.json()["code"], refused.json()["field"]) == ("unknown_time_zone", "time_zone")
    assert not Member.objects.exists()

    assert anonymous.post("/signup", {**body, "time_zone": "asia/tokyo"}).status_code == 201
    assert Member.objects.get(username="ada").time_zone == "Asia/Tokyo"
    assert anonymous.post("/signup", {**body, "username": "bob"}).status_code == 201
    assert Member.objects.get(username="bob").time_zone == "UTC"


# --- the profile --------------------------------------------------------------------


def test_the_profile_offers_zones_by_region_and_shows_the_members_own(make_member):
    ana = make_member("Ana Ruiz", time_zone="Europe/Lisbon")
    response = _signed_in(ana).get(reverse("profile_edit"))
    html = response.content.decode()

    assert '<optgroup label="Europe">' in html and '<optgroup label="America">' in html
    assert '<option value="Europe/Lisbon" selected>Lisbon</option>' in html
    assert "Argentina / Buenos Aires" in html
    # 12:00 UTC on 2 November is 12:00 in Lisbon, on winter time.
    assert "Times on Rapport are in your time zone, Lisbon, where it is now 12:00 WET" in main_text(
        response
    )


def test_an_alias_the_member_holds_stays_selected(make_member):
    """A browser may report an old name; saving the profile must not change it unasked."""
    ana = make_member("Ana Ruiz", time_zone="US/Eastern")

    html = _signed_in(ana).get(reverse("profile_edit")).content.decode()

    assert '<optgroup label="Other">' in html
    assert '<option value="US/Eastern" selected>US/Eastern</option>' in html
    assert "US/Eastern" in dict(time_zone_choices("US/Eastern"))["Other"][0]


def test_changing_the_zone_on_the_profile_changes_every_time_shown(make_member):
    ana = make_member("Ana Ruiz")
    client = _signed_in(ana)

    response = client.post(reverse("profile_edit"), {"name": "Ana Ruiz", "time_zone": "Asia/Tokyo"})

    assert response.status_code == 302
    ana.refresh_from_db()
    assert ana.time_zone == "Asia/Tokyo"
    page = main_text(client.get(reverse("profile_edit")))
    assert "Times on Rapport are in your time zone, Tokyo, where it is now 21:00 JST" in page


def test_an_unknown_zone_is_refused_beside_its_field(make_member):
    ana = make_member("Ana Ruiz", time_zone="Europe/Lisbon")

    response = _signed_in(ana).post(
        reverse("profile_edit"), {"name": "Ana Ruiz", "time_zone": "Mars/Olympus"}
    )

    assert response.status_code == 422
    assert "not a time zone Rapport knows" in _field_errors(response, "time_zone")
    ana.refresh_from_db()
    assert ana.time_zone == "Europe/Lisbon"


def test_a_profile_form_sent_without_a_zone_leaves_it(make_member):
    ana = make_member("Ana Ruiz", time_zone="Europe/Lisbon")

    response = _signed_in(ana).post(reverse("profile_edit"), {"name": "Ana Lima"})

    assert response.status_code == 302
    ana.refresh_from_db()
    assert (ana.name, ana.time_zone) == ("Ana Lima", "Europe/Lisbon")


def test_the_api_reads_and_changes_your_zone_and_names_an_unknown_one(make_member, api_as):
    ana = make_member("Ana Ruiz", time_zone="Europe/Lisbon")
    api = api_as(ana)
    assert api.get("/me").json()["time_zone"] == "Europe/Lisbon"

    refused = api.patch("/me", {"time_zone": "Europe/Atlantis"})
    assert refused.status_code == 422
    assert refused.json()["field"] == "time_zone"
    assert "Europe/Atlantis" in refused.json()["message"]
    ana.refresh_from_db()
    assert ana.time_zone == "Europe/Lisbon"

    changed = api.patch("/me", {"time_zone": "america/new_york"})
    assert changed.status_code == 200
    assert changed.json()["time_zone"] == "America/New_York"
    ana.refresh_from_db()
    assert ana.time_zone == "America/New_York"


def test_nobody_else_learns_a_members_zone(make_member, api_as):
    ana = make_member("Ana Ruiz", time_zone="Pacific/Chatham")
    ben = make_member("Ben Okafor")

    profile = _signed_in(ben).get(reverse("member_profile", args=[ana.pk]))
    assert profile.status_code == 200
    assert "Chatham" not in profile.content.decode()
    api = api_as(ben)
    assert "time_zone" not in api.get(f"/members/{ana.pk}").json()
    assert all("time_zone" not in found for found in api.get("/members", {"q": "Ruiz"}).json())


def test_the_database_refuses_a_member_without_a_zone(make_member):
    ana = make_member("Ana Ruiz")

    with pytest.raises(IntegrityError), transaction.atomic():
        Member.objects.filter(pk=ana.pk).update(time_zone="")


def test_every_name_offered_is_one_rapport_accepts():
    offered = {
        name
        for _region, places in time_zone_choices()
        if isinstance(places, list)
        for name, _label in places
    }

    assert "Europe/Lisbon" in offered and "America/Argentina/Buenos_Aires" in offered
    assert offered <= time_zone_names()
    assert "localtime" not in time_zone_names() and "Factory" not in time_zone_names()


# --- the zone of each request -------------------------------------------------------


def test_each_request_runs_in_its_members_zone_and_leaves_none_behind(make_member, api_as):
    tokyo = make_member("Kenji Sato", time_zone="Asia/Tokyo")

    page = _signed_in(tokyo).get(reverse("profile_edit"))
    assert "21:00 JST" in main_text(page)
    assert timezone.get_current_timezone_name() == "UTC"

    # A token's member too.
    assert api_as(tokyo).get("/me").status_code == 200
    assert timezone.get_current_timezone_name() == "UTC"
    assert timezone.localdate() == dt.date(2026, 11, 2)


def test_a_zone_this_machine_no_longer_knows_shows_utc_rather_than_failing(make_member):
    ana = make_member("Ana Ruiz")
    Member.objects.filter(pk=ana.pk).update(time_zone="Europe/Atlantis")

    response = _signed_in(ana).get(reverse("profile_edit"))

    assert response.status_code == 200
    assert "Times on Rapport are in your time zone, UTC, where it is now 12:00 UTC" in main_text(
        response
    )


def test_an_anonymous_request_reads_no_session(client, db):
    """No session key, no session read: the zone costs a visitor nothing."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("home"))

    assert response.status_code == 200
    assert not any("members_session" in query["sql"] for query in captured)


def test_the_zone_costs_the_profile_page_no_query(make_member):
    in_utc = _signed_in(make_member("Ana Ruiz"))
    in_tokyo = _signed_in(make_member("Kenji Sato", time_zone="Asia/Tokyo"))

    counts = []
    for client in (in_utc, in_tokyo):
        client.get(reverse("profile_edit"))
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("profile_edit")).status_code == 200
        counts.append(len(captured))

    # The session, its member (zone included) and home version in one query; the
    # navigation's unread count is kept per home version; then the member's own photo
    # for the page's photo form (rapport/photos/).
    assert counts == [2, 2]
