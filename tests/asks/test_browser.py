"""In a real chromium: Ana asks, Ben answers privately, Ana closes it crediting Ben."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from rapport.keeper.models import Interaction
from tests.asks.conftest import ASK
from tests.browser_fixtures import log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_ask_answer_and_close_with_a_helper(new_page, make_member, connect):
    ana = make_member("Ana Ruiz", username="ana")
    ben = make_member("Ben Okafor", username="ben")
    connect(ana, ben)
    as_ana, as_ben = new_page(), new_page()
    log_in(as_ana, "ana")
    log_in(as_ben, "ben")

    as_ana.goto("/asks/new/")
    as_ana.get_by_label(re.compile("^In one line")).fill(ASK["title"])
    as_ana.get_by_label(re.compile("^More detail")).fill(ASK["detail"])
    screenshot(as_ana, "ask-form")
    as_ana.get_by_role("button", name="Post it").click()
    expect(as_ana.get_by_text("Your connections see it on their board")).to_be_visible()

    as_ben.goto("/asks/")
    screenshot(as_ben, "asks-board")
    as_ben.get_by_role("link", name=ASK["title"]).click()
    as_ben.get_by_role("textbox", name=re.compile("^Your answer")).fill(
        "I made that move in 2021. Coffee?"
    )
    as_ben.get_by_role("button", name="Send to Ana Ruiz").click()
    expect(as_ben.get_by_text("only the two of you see it")).to_be_visible()
    screenshot(as_ben, "ask-answered")

    as_ana.goto("/asks/")
    as_ana.get_by_role("link", name=ASK["title"]).click()
    expect(as_ana.get_by_text("I made that move in 2021. Coffee?")).to_be_visible()
    screenshot(as_ana, "ask-detail")
    as_ana.get_by_role("link", name="Close it and say who helped").click()
    as_ana.get_by_label("Ben Okafor").check()
    screenshot(as_ana, "ask-close")
    as_ana.get_by_role("button", name="Close it").click()
    expect(as_ana.get_by_text(re.compile("Helped by"))).to_be_visible()
    assert Interaction.objects.get(owner=ben, kind="advice").direction == "gave"
