"""The notification settings page, its API, and the unsubscribe link's page."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from rapport.members.services import member_erase
from rapport.notifications.models import NotificationPreference
from rapport.notifications.unsubscribe import SALT, unsubscribe_token
from tests.web.page_queries import page_queries

URL = "/settings/notifications/"


def _frequency(member) -> str | None:
    return (
        NotificationPreference.objects.filter(member=member)
        .values_list("frequency", flat=True)
        .first()
    )


@pytest.fixture
def ana(make_member):
    return make_member("Ana Ruiz", email="ana@example.org", time_zone="Europe/Lisbon")


@pytest.fixture
def signed_in(ana) -> Client:
    client = Client()
    client.force_login(ana)
    return client


# --- the settings page ---------------------------------------------------------------


def test_the_page_shows_the_default_and_the_rules_without_writing_anything(ana, signed_in):
    page = signed_in.get(URL).content.decode()

    assert 'value="soon" required id="id_frequency_0" checked>' in page
    assert "Never what they say" in page
    assert "between 21:00 and 08:00 your time (Lisbon)" in page
    assert _frequency(ana) is None  # reading the page made no row


def test_choosing_daily_then_off_on_the_page(ana, signed_in):
    response = signed_in.post(URL, {"frequency": "daily"})
    assert response.status_code == 302 and response["Location"] == URL
    assert _frequency(ana) == "daily"
    assert "Notifications once a day" in signed_in.get(URL).content.decode()

    signed_in.post(URL, {"frequency": "off"})
    assert _frequency(ana) == "off"


def test_a_choice_that_is_not_one_is_refused_beside_the_field(ana, signed_in):
    response = signed_in.post(URL, {"frequency": "hourly"})
    assert response.status_code == 422
    assert "Select a valid choice" in response.content.decode()
    assert _frequency(ana) is None


def test_a_member_without_an_address_is_told_why_nothing_comes(make_member):
    client = Client()
    client.force_login(make_member("Cy Tran"))
    assert "no email address" in client.get(URL).content.decode()


def test_the_page_costs_a_few_queries(signed_in):
    page_queries(signed_in, URL, at_most=3)


def test_the_page_is_in_the_menu_and_on_the_account_page(signed_in):
    home = signed_in.get(reverse("home")).content.decode()
    nav = home[home.index('<nav aria-label="Main">') : home.index("</nav>")]
    assert f'<a href="{URL}"' in nav
    assert f'<a href="{URL}"' in signed_in.get(reverse("account_settings")).content.decode()
    page = signed_in.get(URL).content.decode()
    assert f'<a href="{URL}" aria-current="page">Notifications</a>' in page


# --- the API -------------------------------------------------------------------------


def test_the_api_reads_and_changes_the_members_own_choice(ana, api_as):
    api = api_as(ana)
    assert api.get("/me/notifications").json() == {
        "frequency": "soon",
        "has_email": True,
        "last_sent_at": None,
    }

    changed = api.patch("/me/notifications", {"frequency": "daily"})

    assert changed.status_code == 200
    assert changed.json()["frequency"] == "daily"
    assert api.get("/me/notifications").json()["frequency"] == "daily"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"frequency": "hourly"}, "frequency"),
        ({"frequency": None}, "frequency"),
        ({}, "frequency"),
        ({"frequency": "off", "email": "x@example.org"}, "email"),
    ],
)
def test_the_api_refuses_a_bad_value_naming_the_field(ana, api_as, body, field):
    response = api_as(ana).patch("/me/notifications", body)
    assert response.status_code == 422
    assert response.json()["code"] == "invalid"
    assert response.json()["field"] == field
    assert _frequency(ana) is None


def test_the_api_costs_a_few_queries(ana, api_as):
    assert api_as(ana).queries("/me/notifications") <= 3


# --- the unsubscribe link ------------------------------------------------------------


def _link(member) -> str:
    return reverse("notifications_unsubscribe", kwargs={"token": unsubscribe_token(member)})


def test_opening_the_link_asks_and_changes_nothing(ana):
    response = Client().get(_link(ana))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Stop the mails that tell Ana Ruiz what waits for them" in page
    assert '<form method="post"' in page
    assert response["Cache-Control"] == "no-store"
    assert _frequency(ana) is None  # a mail scanner following links unsubscribes nobody


def test_the_button_turns_mail_off_without_login_or_csrf_token(ana):
    client = Client(enforce_csrf_checks=True)

    response = client.post(_link(ana))

    assert response.status_code == 200
    assert "No more notification mail goes to Ana Ruiz" in response.content.decode()
    assert _frequency(ana) == "off"


def test_a_mail_clients_one_click_post_turns_mail_off(ana):
    """RFC 8058: a POST whose body is ``List-Unsubscribe=One-Click``."""
    response = Client(enforce_csrf_checks=True).post(
        _link(ana),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert _frequency(ana) == "off"


def test_a_link_signed_for_one_member_opens_nothing_for_another(ana, make_member):
    ben = make_member("Ben Okafor", email="ben@example.org")
    token = unsubscribe_token(ana)
    _payload, timestamp, signature = token.split(":")
    forged = f"{unsubscribe_token(ben).split(':')[0]}:{timestamp}:{signature}"
    for bad in (forged, token[:-2] + "xx", "not-a-token", "W1sxLDJdXQ:1abc:def"):
        response = Client().post(reverse("notifications_unsubscribe", kwargs={"token": bad}))
        assert response.status_code == 404, bad
        assert "This link does not work" in response.content.decode()
    assert _frequency(ana) is None and _frequency(ben) is None


def test_a_value_signed_for_something_else_is_no_unsubscribe_link(ana):
    from django.core import signing

    other_salt = signing.dumps([ana.pk, 0], salt="rapport.something.else")
    assert SALT != "rapport.something.else"
    response = Client().get(reverse("notifications_unsubscribe", kwargs={"token": other_salt}))
    assert response.status_code == 404


def test_the_link_of_an_erased_member_does_nothing(ana, make_member):
    link = _link(ana)
    member_erase(member=ana)

    for method in ("get", "post"):
        response = getattr(Client(), method)(link)
        assert response.status_code == 404
    assert NotificationPreference.objects.count() == 0


def test_the_service_itself_refuses_a_frequency_naming_the_field(ana):
    from rapport.errors import InvalidInput
    from rapport.notifications.services import notification_frequency_set

    with pytest.raises(InvalidInput) as refused:
        notification_frequency_set(member=ana, frequency="hourly")
    assert refused.value.field == "frequency"
    assert refused.value.code == "unknown_frequency"
    assert _frequency(ana) is None
