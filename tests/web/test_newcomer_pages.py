"""A new member's first hour: the pages they meet with nothing in them yet, and the
words on the forms they fill first, as a walk through the demo found them."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from rapport.asks.services import ask_post
from rapport.conversations.selectors import conversation_with
from tests.web.page_text import main_text

pytestmark = pytest.mark.django_db


def _signed_in(member) -> Client:
    client = Client()
    client.force_login(member)
    return client


def test_no_conversations_yet_says_where_to_start(make_member):
    page = _signed_in(make_member("Nell Ewcomer")).get(reverse("conversations"))

    html = page.content.decode()
    assert "No conversations yet" in main_text(page)
    assert f'<a href="{reverse("search")}">Find someone you know</a>' in html


def test_the_reply_box_writes_its_limit_as_every_other_form_does(make_member, connect):
    """It said "At most 5000 characters", where the profile says "Up to 2,000"."""
    nell, ben = make_member("Nell Ewcomer"), make_member("Ben Okafor")
    connect(nell, ben)
    conversation = conversation_with(member=nell, other_id=ben.pk)

    page = main_text(_signed_in(nell).get(reverse("conversation", args=[conversation.pk])))

    assert "At most 5,000 characters." in page


def test_the_ask_form_writes_its_limits_with_a_thousands_comma(make_member):
    page = main_text(_signed_in(make_member("Nell Ewcomer")).get(reverse("ask_new")))

    assert "At most 2,000 characters: what you have tried" in page
    assert "2000" not in page


def test_an_ask_open_into_next_year_says_which_year(make_member):
    nell = make_member("Nell Ewcomer")
    with time_machine.travel(dt.datetime(2026, 12, 20, 12, 0, tzinfo=dt.UTC), tick=False):
        ask_post(poster=nell, kind="ask", title="Advice on testing wayfinding maps")

        page = main_text(_signed_in(nell).get(reverse("asks")))

    assert "Posted 20 Dec 2026 · open until 19 Jan 2027" in page


def test_an_address_waiting_for_its_link_is_not_called_missing(make_member):
    """Signing up with an address leaves it waiting for its link: the Notifications page
    said "Your account has no email address ... add one", sending a member who had just
    given one to give it again."""
    client = Client()
    client.post(
        reverse("signup"),
        {
            "username": "nell",
            "name": "Nell Ewcomer",
            "email": "nell@example.net",
            "password": "correct horse battery",
            "password_again": "correct horse battery",
            "time_zone": "Europe/London",
        },
    )

    notifications = main_text(client.get(reverse("notification_settings")))
    account = main_text(client.get(reverse("account_settings")))

    assert "add one" not in notifications
    assert "nell@example.net waits for you to open the link we mailed to it" in notifications
    assert "Your account has no email address" not in account
    assert "No email address yet: nell@example.net waits for confirmation" in account
