"""A new member's first hour, second walk through the demo: the words that told them
something untrue (a photo "required"), named a thing two ways (a time zone as
"America/Sao_Paulo" on one page and "Sao Paulo" in the menu), or sent them where they
cannot go (a file in Rapport's source)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from rapport.gatherings.services import gathering_create
from rapport.keeper.services import person_create
from tests.conftest import PASSWORD as MEMBER_PASSWORD
from tests.web.page_text import main_text

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 12, 4, 13, 53, tzinfo=dt.UTC)  # 22:53 in Tokyo
PASSWORD = "correct horse battery"


def _signed_in(member) -> Client:
    client = Client()
    client.force_login(member)
    return client


def _signed_up_with_an_address() -> Client:
    """A member who gave an address at sign-up: it waits for its link."""
    client = Client()
    response = client.post(
        reverse("signup"),
        {
            "username": "nell",
            "name": "Nell Ewcomer",
            "email": "nell@example.net",
            "password": PASSWORD,
            "password_again": PASSWORD,
            "time_zone": "Europe/London",
        },
    )
    assert response.status_code == 302
    return client


# --- 1. an optional photo is not called required --------------------------------------


def test_the_photo_upload_is_not_labelled_required(make_member):
    """A profile needs no photo ("Without a photo, members see your initials"), yet its
    upload read "Your photo (required):"."""
    page = _signed_in(make_member("Nell Ewcomer")).get(reverse("profile_edit"))

    html = page.content.decode()
    [photo_input] = re.findall(r'<input type="file"[^>]*>', html)
    assert "aria-required" not in photo_input
    assert "photo (required)" not in main_text(page).lower()
    assert "Full name (required)" in main_text(page)  # a needed field still says so


# --- 2. a time zone named as the menu names it -----------------------------------------


@pytest.fixture
def paulista(make_member):
    return make_member("Rosa Lindqvist", time_zone="America/Sao_Paulo")


def test_the_profile_names_the_zone_as_its_menu_does(paulista):
    page = _signed_in(paulista).get(reverse("profile_edit"))

    text = main_text(page)
    assert "Times on Rapport are in your time zone, Sao Paulo, where it is now" in text
    assert "America/Sao_Paulo" not in text
    # The menu's option, and what a machine reads, keep the IANA name.
    assert '<option value="America/Sao_Paulo" selected>Sao Paulo</option>' in (
        page.content.decode()
    )


def test_notification_settings_name_the_zone_for_people(paulista):
    text = main_text(_signed_in(paulista).get(reverse("notification_settings")))

    assert "between 21:00 and 08:00 your time (Sao Paulo)" in text
    assert "America/Sao_Paulo" not in text


def test_a_gathering_and_its_form_name_the_zone_for_people(paulista):
    starts = NOW + dt.timedelta(days=3)
    gathering = gathering_create(
        host=paulista,
        title="Transit data supper",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2),
        link="https://meet.example.org/transit",
        no_agenda=True,
    )
    client = _signed_in(paulista)

    page = client.get(reverse("gathering", args=[gathering.pk]))
    form = main_text(client.get(reverse("gathering_edit", args=[gathering.pk])))

    assert "Your time, Sao Paulo (" in main_text(page)
    assert "America/Sao_Paulo" not in main_text(page)
    assert "with none chosen, in your own, Sao Paulo: change it in your profile" in form
    # <time datetime> still carries the instant with its offset, for machines.
    local_start = starts.astimezone(dt.timezone(dt.timedelta(hours=-3))).isoformat()
    assert f'datetime="{local_start}"' in page.content.decode()


def test_the_api_keeps_the_iana_name(paulista):
    from rapport.members.services import api_token_create

    _token, secret = api_token_create(member=paulista, label="script")
    response = Client().get("/api/me", HTTP_AUTHORIZATION=f"Bearer {secret}")

    assert response.json()["time_zone"] == "America/Sao_Paulo"


# --- 3. the audit names its moment's zone and links what it mentions ------------------


def test_the_audit_says_its_zone_links_the_import_page_and_points_at_no_source_file(
    make_member,
):
    nell = make_member("Nell Ewcomer", time_zone="Asia/Tokyo")
    with time_machine.travel(NOW, tick=False):
        page = _signed_in(nell).get(reverse("audit"))

    text, html = main_text(page), page.content.decode()
    assert "As of 4 December 2026, 22:53 JST" in text
    assert "docs/audit.md" not in text
    assert f'on the <a href="{reverse("imports")}">import page</a>' in html


def test_the_downloaded_audit_names_its_zone_and_no_source_file(make_member):
    nell = make_member("Nell Ewcomer", time_zone="Asia/Tokyo")
    with time_machine.travel(NOW, tick=False):
        report = _signed_in(nell).get(reverse("audit_report_html")).content.decode()

    assert "Made by Rapport on 4 December 2026, 22:53 JST" in re.sub(r"<[^>]+>", "", report)
    assert "docs/audit.md" not in report


# --- 4. the digest's settings know an address that waits for its link ----------------


def test_the_digest_settings_do_not_call_a_waiting_address_missing():
    client = _signed_up_with_an_address()

    text = main_text(client.get(reverse("keeper_settings")))

    assert "add one" not in text and "no email address" not in text
    assert "nell@example.net waits for you to open the link we mailed to it" in text


def test_the_digest_settings_still_ask_for_an_address_when_there_is_none(make_member):
    text = main_text(_signed_in(make_member("Nell Ewcomer")).get(reverse("keeper_settings")))

    assert "Your account has no email address, so no digest can be sent: add one" in text


# --- 5. a person's work, each part once --------------------------------------------------


def test_the_keeper_list_names_an_organisation_once(make_member):
    nell = make_member("Nell Ewcomer")
    person_create(
        owner=nell,
        name="Ben Okafor",
        role="Engineering manager at Brightwater Energy Co-op",
        organisation="Brightwater Energy Co-op",
    )
    person_create(owner=nell, name="Grace Mensah", role="Nurse", organisation="St Mary's")
    client = _signed_in(nell)

    text = main_text(client.get(reverse("keeper")))

    assert "Ben Okafor Engineering manager at Brightwater Energy Co-op Acquaintance" in text
    assert "Brightwater Energy Co-op, Brightwater Energy Co-op" not in text
    assert "Grace Mensah Nurse, St Mary's" in text
    ben = main_text(client.get(reverse("keeper_person", args=[_pk(nell, "Ben Okafor")])))
    assert "Brightwater Energy Co-op, Brightwater Energy Co-op" not in ben


def _pk(owner, name: str) -> int:
    from rapport.keeper.models import Person

    return Person.objects.get(owner=owner, name=name).pk


# --- 6. an empty keeper leads with what to do first ------------------------------------


def test_an_empty_keeper_leads_with_adding_people_not_logging(make_member):
    page = _signed_in(make_member("Nell Ewcomer")).get(reverse("keeper"))

    text, html = main_text(page), page.content.decode()
    assert 'name="people"' not in html and "Log an interaction" not in text
    start = text.index("Nobody here yet")
    assert start < text.index("Your circles")
    assert f'href="{reverse("keeper_person_new")}"' in html
    assert f'href="{reverse("imports")}"' in html


def test_a_keeper_with_someone_in_it_offers_logging(make_member):
    nell = make_member("Nell Ewcomer")
    person_create(owner=nell, name="Grace Mensah")

    text = main_text(_signed_in(nell).get(reverse("keeper")))

    assert "Log an interaction" in text and "Nobody here yet" not in text


# --- 7. confirming a first address says nothing of an address before ------------------


def _confirm(client: Client, mailoutbox) -> str:
    [link] = re.findall(r"https?://\S+/settings/account/email/\S+", mailoutbox[-1].body)
    return main_text(client.post(link))


def test_confirming_a_first_address_does_not_speak_of_one_before(
    mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client = _signed_up_with_an_address()

    text = _confirm(client, mailoutbox)

    assert "Your email address is confirmed" in text
    assert "go to nell@example.net from now on" in text
    assert "has been told" not in text and "if any" not in text


def test_confirming_a_new_address_says_the_old_one_was_told(
    make_member, mailoutbox, django_capture_on_commit_callbacks
):
    ana = make_member("Ana Ruiz", email="ana@example.org")
    client = _signed_in(ana)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("account_settings"),
            {"form": "email", "email": "ana@example.net", "current_password": MEMBER_PASSWORD},
        )

    text = _confirm(client, mailoutbox)

    assert "The address your account had, ana@example.org, has been told." in text


def test_every_zone_reads_on_pages_as_the_menu_offers_it_with_its_region_where_unclear():
    """The menu's groups say the region; a page has no group, so a place that names no
    place alone (Australia/North, Australia/ACT) or that two regions share (Istanbul)
    says its region. Every other zone reads as the menu offers it."""
    from rapport.members.time_zones import time_zone_choices, time_zone_label

    for region, places in time_zone_choices()[1:]:
        for name, shown in places:
            assert time_zone_label(name) in (shown, f"{shown} ({region})")
    assert time_zone_label("America/Sao_Paulo") == "Sao Paulo"
    assert time_zone_label("Australia/North") == "North (Australia)"
    assert time_zone_label("Australia/ACT") == "ACT (Australia)"
    assert time_zone_label("Europe/Istanbul") == "Istanbul (Europe)"
    assert time_zone_label("Asia/Istanbul") == "Istanbul (Asia)"
    shown_alone = [
        time_zone_label(name) for _r, places in time_zone_choices()[1:] for name, _ in places
    ]
    assert len(shown_alone) == len(set(shown_alone))
    assert time_zone_label("UTC") == "UTC"
    # An alias the menu lists as it is ("Other") reads as it is.
    assert time_zone_label("US/Eastern") == "US/Eastern"
    assert dict(time_zone_choices("US/Eastern")[1:])["Other"] == [("US/Eastern", "US/Eastern")]
