"""In a real chromium: Ana hosts a gathering, Ben and Cy say they will come, Ana
confirms who came afterwards, and Ben asks Cy to connect "met at" it, which Rapport
vouches for in Cy's requests."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from rapport.gatherings.models import Attendance, Gathering
from rapport.network.models import ConnectionRequest
from tests.browser_fixtures import log_in, screenshot
from tests.conftest import GOOD_NOTE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Transit data breakfast"
LOCAL = "%Y-%m-%dT%H:%M"


def test_host_answer_confirm_who_came_and_ask_to_connect_met_there(new_page, make_member):
    make_member("Ana Ruiz", username="ana")
    ben = make_member("Ben Okafor", username="ben")
    cy = make_member("Cy Tran", username="cy", headline="Planner at the city's transit office")
    as_ana, as_ben, as_cy = new_page(), new_page(), new_page()
    for page, username in ((as_ana, "ana"), (as_ben, "ben"), (as_cy, "cy")):
        log_in(page, username)
    starts = timezone.localtime().replace(hour=8, minute=0, second=0, microsecond=0)
    starts += dt.timedelta(days=2)

    as_ana.goto("/gatherings/new/")
    as_ana.get_by_label(re.compile("^Title")).fill(TITLE)
    as_ana.get_by_label(re.compile("^Starts")).fill(starts.strftime(LOCAL))
    as_ana.get_by_label(re.compile("^Ends")).fill((starts + dt.timedelta(hours=2)).strftime(LOCAL))
    as_ana.get_by_label(re.compile("^Place")).fill("Café Oswald, Leeds")
    as_ana.get_by_label(re.compile("^No agenda, just conversation")).check()
    as_ana.get_by_label("Open to the community").check()
    as_ana.get_by_role("button", name="Create").click()
    expect(as_ana.get_by_text(f"{TITLE} is on. Invite people below.")).to_be_visible()
    expect(as_ana.get_by_text("No agenda, just conversation.")).to_be_visible()
    gathering = Gathering.objects.get(title=TITLE)

    for page in (as_ben, as_cy):
        page.goto("/gatherings/")
        page.get_by_role("link", name=TITLE).click()
        page.get_by_label("Yes, I'll be there").check()
        page.get_by_role("button", name="Answer").click()
        expect(page.get_by_text("Your answer: Yes, I'll be there.")).to_be_visible()
    as_ana.reload()
    expect(as_ana.locator(".guests")).to_contain_text("Ben Okafor")
    expect(as_ana.locator(".guests")).to_contain_text("Cy Tran")

    # Two days on, the breakfast is over: the host says who came.
    with time_machine.travel(starts + dt.timedelta(hours=3)):
        as_ana.reload()
        as_ana.get_by_role("link", name="Confirm who came").click()
        # Those who said yes are ticked already.
        expect(as_ana.get_by_role("checkbox", name=re.compile("^Ben Okafor"))).to_be_checked()
        expect(as_ana.get_by_role("checkbox", name=re.compile("^Cy Tran"))).to_be_checked()
        as_ana.get_by_role("button", name="Confirm").click()
        expect(as_ana.get_by_text("Those who came now see one another here")).to_be_visible()
        assert set(
            Attendance.objects.filter(gathering=gathering, attended=True).values_list(
                "member__username", flat=True
            )
        ) == {"ana", "ben", "cy"}

        as_ben.goto(f"/gatherings/{gathering.pk}/")
        expect(as_ben.get_by_role("heading", name="Who came")).to_be_visible()
        as_ben.get_by_role("link", name="Ask to connect with Cy Tran").click()
        as_ben.get_by_label(re.compile("^We met at a gathering")).check()
        as_ben.locator("#id_context_detail").fill(TITLE)
        as_ben.get_by_label(re.compile("^Your note")).fill(GOOD_NOTE.format(name="Cy"))
        as_ben.get_by_role("button", name="Send request").click()
        expect(as_ben.get_by_text("Your request to Cy Tran is sent.")).to_be_visible()

        as_cy.goto("/requests/")
        expect(as_cy.locator(".verified")).to_have_text(f"Met at {TITLE}")
        screenshot(as_cy, "gathering-met-at-request")
    sent = ConnectionRequest.objects.get(sender=ben, recipient=cy)
    assert (sent.context, sent.verified) == ("gathering", f"Met at {TITLE}")
