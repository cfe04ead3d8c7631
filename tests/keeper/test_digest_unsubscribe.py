"""The weekly digest's unsubscribe link: in the mail, in its headers, and its page.

A member who no longer wants the digest stops it from the mail, without signing in:
opening the link asks and changes nothing, the page's button or a mail client's
one-click POST (RFC 8058) turns the digest off. Its token is signed under the digest's
own salt: a notification mail's link is no digest link, nor the reverse.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.core import signing
from django.test import Client
from django.urls import reverse

from rapport.keeper.digest import (
    UNSUBSCRIBE_SALT,
    DigestOutcome,
    keeper_digest_send,
    keeper_digest_set_enabled,
)
from rapport.keeper.models import DigestPreference
from rapport.keeper.services import interaction_log, person_create
from rapport.members.services import member_erase
from rapport.notifications.models import NotificationPreference
from rapport.notifications.unsubscribe import unsubscribe_token
from tests.web.page_queries import page_queries

MONDAY = dt.datetime(2026, 6, 1, 7, 0, tzinfo=dt.UTC)
SITE = "https://rapport.example.org"
ONE_CLICK = "List-Unsubscribe=One-Click"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.RAPPORT_SITE_URL = SITE


@pytest.fixture
def ana(make_member):
    """Ana, with Grace three days overdue: her Monday digest has something in it."""
    ana = make_member("Ana Ruiz", email="ana@example.org")
    with time_machine.travel(MONDAY - dt.timedelta(days=400), tick=False):
        grace = person_create(owner=ana, name="Grace Mensah", circle="5")
    with time_machine.travel(MONDAY - dt.timedelta(days=10), tick=False):
        interaction_log(owner=ana, person_ids=[grace.pk], kind="coffee")
    return ana


def _send(ana, moment: dt.datetime = MONDAY) -> str:
    with time_machine.travel(moment, tick=False):
        return keeper_digest_send(owner=ana, today=moment.date())


def _link(member) -> str:
    token = unsubscribe_token(member, salt=UNSUBSCRIBE_SALT)
    return reverse("keeper_digest_unsubscribe", kwargs={"token": token})


def _digest_enabled(member) -> bool | None:
    """The member's switch; None while they have no row (the default, on)."""
    return DigestPreference.objects.filter(owner=member).values_list("enabled", flat=True).first()


def _notification_frequency(member) -> str | None:
    return (
        NotificationPreference.objects.filter(member=member)
        .values_list("frequency", flat=True)
        .first()
    )


# --- the mail ------------------------------------------------------------------------


def test_the_digest_carries_the_link_and_the_one_click_headers(ana, mailoutbox):
    assert _send(ana) == DigestOutcome.SENT

    [mail] = mailoutbox
    link = re.fullmatch(r"<(.+)>", mail.extra_headers["List-Unsubscribe"])[1]
    assert link.startswith(f"{SITE}/keeper/digest/unsubscribe/") and link.endswith("/")
    assert mail.extra_headers["List-Unsubscribe-Post"] == ONE_CLICK
    assert mail.extra_headers["Auto-Submitted"] == "auto-generated"
    assert f"Unsubscribe from this digest: {link}" in mail.body
    assert f"Your keeper's settings: {SITE}/keeper/settings/" in mail.body
    [(html, _mimetype)] = mail.alternatives
    assert f'<a href="{link}">Unsubscribe from this digest</a>' in html
    assert f'<a href="{SITE}/keeper/settings/">' in html
    # The link is Ana's, over https, and asks before it does anything.
    page = Client().get(link.removeprefix(SITE)).content.decode()
    assert "tells Ana Ruiz who is due" in page


def test_a_mail_clients_one_click_post_turns_the_digest_off(ana, mailoutbox):
    """What a mail client does with the two headers: one POST, no cookie, no CSRF token,
    the body RFC 8058 names; and no digest the next week."""
    _send(ana)
    [mail] = mailoutbox
    path = re.fullmatch(rf"<{SITE}(/.+)>", mail.extra_headers["List-Unsubscribe"])[1]

    response = Client(enforce_csrf_checks=True).post(
        path, ONE_CLICK, content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 200
    assert _digest_enabled(ana) is False
    assert _send(ana, MONDAY + dt.timedelta(days=7)) == DigestOutcome.DISABLED
    assert len(mailoutbox) == 1


# --- the page ------------------------------------------------------------------------


def test_opening_the_link_asks_and_changes_nothing(ana):
    # One link: a token made a second later carries another time stamp.
    link = _link(ana)
    response = Client().get(link)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Stop the weekly email that tells Ana Ruiz who is due for a conversation?" in page
    assert f'<form method="post" action="{link}">' in page
    assert response["Cache-Control"] == "no-store"
    assert _digest_enabled(ana) is None  # a mail scanner following links unsubscribes nobody


def test_the_button_turns_the_digest_off_and_says_how_to_turn_it_back_on(ana):
    response = Client(enforce_csrf_checks=True).post(_link(ana))

    assert response.status_code == 200
    page = response.content.decode()
    assert "No more weekly keep-in-touch digest goes to Ana Ruiz" in page
    assert 'Turn the digest back on in <a href="/keeper/settings/">' in page
    assert _digest_enabled(ana) is False
    assert _notification_frequency(ana) is None  # notification mail is another switch


def test_turning_it_off_again_keeps_it_off(ana):
    keeper_digest_set_enabled(owner=ana, enabled=False)

    assert Client().post(_link(ana)).status_code == 200
    assert _digest_enabled(ana) is False


def test_signed_in_as_someone_else_the_link_still_acts_on_its_own_member(ana, make_member):
    """The token is the credential: who is signed in changes nothing."""
    ben = make_member("Ben Okafor", email="ben@example.org")
    client = Client()
    client.force_login(ben)

    assert "tells Ana Ruiz" in client.get(_link(ana)).content.decode()
    client.post(_link(ana))

    assert _digest_enabled(ana) is False
    assert _digest_enabled(ben) is None


def test_a_notification_token_is_no_digest_link(ana):
    notification_link = reverse(
        "keeper_digest_unsubscribe", kwargs={"token": unsubscribe_token(ana)}
    )
    for method in ("get", "post"):
        response = getattr(Client(), method)(notification_link)
        assert response.status_code == 404
        assert "This link does not work" in response.content.decode()
    assert _digest_enabled(ana) is None


def test_a_digest_token_is_no_notification_link(ana):
    digest_token = unsubscribe_token(ana, salt=UNSUBSCRIBE_SALT)
    response = Client().post(reverse("notifications_unsubscribe", kwargs={"token": digest_token}))

    assert response.status_code == 404
    assert _notification_frequency(ana) is None
    assert _digest_enabled(ana) is None


def test_an_altered_link_answers_404_and_says_so(ana, make_member):
    ben = make_member("Ben Okafor", email="ben@example.org")
    token = unsubscribe_token(ana, salt=UNSUBSCRIBE_SALT)
    _payload, timestamp, signature = token.split(":")
    bens_payload = unsubscribe_token(ben, salt=UNSUBSCRIBE_SALT).split(":")[0]
    for bad in (f"{bens_payload}:{timestamp}:{signature}", token[:-2] + "xx", "not-a-token"):
        response = Client().post(reverse("keeper_digest_unsubscribe", kwargs={"token": bad}))
        assert response.status_code == 404, bad
        page = response.content.decode()
        assert "This link does not work" in page
        assert '<a href="/keeper/settings/">' in page
    assert _digest_enabled(ana) is None and _digest_enabled(ben) is None


def test_the_link_of_an_erased_member_does_nothing(ana):
    link = _link(ana)
    member_erase(member=ana)

    for method in ("get", "post"):
        assert getattr(Client(), method)(link).status_code == 404
    assert DigestPreference.objects.count() == 0


def test_a_notification_link_made_before_the_digest_had_one_still_works(ana):
    """The notification token is made as it always was, so mails already sent still
    unsubscribe: [member id, joined in microseconds since 1970], signed with this salt."""
    epoch = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    joined = (ana.date_joined - epoch) // dt.timedelta(microseconds=1)
    old_token = signing.dumps([ana.pk, joined], salt="rapport.notifications.unsubscribe")

    response = Client().post(reverse("notifications_unsubscribe", kwargs={"token": old_token}))

    assert response.status_code == 200
    assert _notification_frequency(ana) == "off"


def test_the_page_costs_one_query_however_it_is_opened(ana, make_member):
    """One query, for the member the token names; signed in, the session's own."""
    assert page_queries(Client(), _link(ana), at_most=1) == 1
    ben = make_member("Ben Okafor")
    signed_in = Client()
    signed_in.force_login(ben)
    page_queries(signed_in, _link(ana), at_most=3)
