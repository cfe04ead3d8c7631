"""In a real chromium: Ana and Lena opt into the coffee rounds, the round pairs them,
Ana sends the suggested opener, and both say "we met"."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from rapport.coffee.models import Pairing
from rapport.coffee.services import coffee_round_run
from rapport.conversations.models import Message
from rapport.keeper.models import Interaction, Person
from tests.browser_fixtures import log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_opt_in_get_paired_send_the_opener_and_say_we_met(new_page, make_member):
    ana = make_member(
        "Ana Ruiz",
        username="ana",
        organisation="Fieldnote Health",
        location="Manchester, UK",
        interests="accessibility, ceramics",
        looking_for="People who made accessibility audits stick after the consultants left.",
        can_help_with="Research sessions with patients and nurses.",
    )
    lena = make_member(
        "Lena Vogel",
        username="lena",
        organisation="Kontur Mobility",
        location="Berlin, Germany",
        interests="accessibility, cycling",
        looking_for="Advice on running research with patients.",
        can_help_with="Accessibility audits that stick.",
    )
    as_ana, as_lena = new_page(), new_page()
    for page, username in ((as_ana, "ana"), (as_lena, "lena")):
        log_in(page, username)
        page.goto("/coffee/")
        expect(page.get_by_role("heading", name="Join the rounds")).to_be_visible()
        page.get_by_label("Every week").check()
        page.get_by_label(re.compile("^What would you like to talk about")).fill("plain language")
        page.get_by_role("button", name="Pair me up").click()
        expect(page.get_by_text("You are in the coffee rounds: every week.")).to_be_visible()
        expect(page.get_by_text("No pairings yet.")).to_be_visible()

    today = timezone.localdate()
    # What the worker does on Mondays: the round of this week's Monday.
    coffee_round = coffee_round_run(held_on=today - dt.timedelta(days=today.weekday()))

    pairing = Pairing.objects.get(round=coffee_round)
    as_ana.goto("/coffee/")
    as_ana.get_by_role("link", name="Lena Vogel").click()
    expect(as_ana.get_by_role("heading", name="Coffee with Lena Vogel")).to_be_visible()
    why = as_ana.locator("section", has=as_ana.get_by_role("heading", name="Why the two of you"))
    expect(why).to_contain_text("You both care about accessibility")
    expect(why).to_contain_text("plain language")
    opener = as_ana.get_by_label("Your message")
    expect(opener).to_have_value(re.compile("^Hi Lena, the coffee round paired us this week."))
    screenshot(as_ana, "coffee-pairing")
    as_ana.get_by_role("button", name="Send", exact=True).click()
    expect(
        as_ana.get_by_text("Hi Lena, the coffee round paired us this week.").first
    ).to_be_visible()
    assert Message.objects.get(conversation=pairing.conversation).sender == ana

    as_ana.goto(f"/coffee/pairings/{pairing.pk}/")
    # Her own message is not hers to reply to.
    expect(as_ana.get_by_role("link", name="see what you wrote")).to_be_visible()
    as_ana.get_by_role("button", name="We met", exact=True).click()
    expect(as_ana.get_by_text("You said you met. It is in your keeper.")).to_be_visible()
    expect(as_ana.get_by_role("link", name="Ask Lena Vogel to connect")).to_be_visible()

    as_lena.goto("/coffee/")
    expect(as_lena.locator(".pairing-row")).to_contain_text("Met")
    as_lena.get_by_role("link", name="Ana Ruiz").click()
    expect(as_lena.get_by_text("Ana Ruiz said you met.")).to_be_visible()
    as_lena.get_by_role("button", name="Yes, we met").click()
    expect(as_lena.get_by_text("You said you met. It is in your keeper.")).to_be_visible()

    for owner, other in ((ana, lena), (lena, ana)):
        person = Person.objects.get(owner=owner, member=other)
        assert (person.circle, person.met_context) == ("acquaintance", "coffee")
        assert Interaction.objects.filter(owner=owner, kind="coffee").count() == 1
