"""The audit page in a real chromium: it reads well, and archiving works end to end.

Screenshots go to test-artifacts/ (audit.png, audit-archive.png) for a person to look at.
"""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from rapport.audit import demo
from rapport.keeper.models import Person
from tests.browser_fixtures import log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_ana_reads_her_audit_and_archives_the_rest(new_page, make_member):
    ana = make_member("Ana Ruiz", username="ana")
    demo.seed(members={"ana": ana}, now=timezone.now())
    page = new_page()
    log_in(page, "ana")

    page.goto("/audit/")
    expect(page.get_by_role("heading", name="Your network audit")).to_be_visible()
    expect(page.get_by_role("img", name="Your circles beside Dunbar's layers")).to_be_visible()
    expect(page.get_by_role("img", name="Conversations per month")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("^Your strongest"))).to_be_visible()
    screenshot(page, "audit")

    page.get_by_role("link", name=re.compile("^Archive all")).click()
    expect(
        page.get_by_role("heading", name=re.compile("contacts, not connections\\?$"))
    ).to_be_visible()
    screenshot(page, "audit-archive")
    page.get_by_role("button", name=re.compile("^Archive all")).click()
    expect(
        page.get_by_text(re.compile("^Archived [0-9,]+ contacts, not connections"))
    ).to_be_visible()
    archived = Person.objects.filter(owner=ana, archived_at__isnull=False).count()
    assert archived > 150

    page.get_by_role("link", name=re.compile("archived, or restore them")).click()
    page.get_by_role("button", name=re.compile("^Restore all")).click()
    expect(page.get_by_text(re.compile(f"Restored {archived:,} people"))).to_be_visible()
    assert not Person.objects.filter(owner=ana, archived_at__isnull=False).exists()


# Each strongest tie at a phone's width: a card as wide as its box, its why given room
# to read, none taller than a few lines and nothing to scroll sideways. The table
# squeezed "Why" to 81 px and each row to about 490 px, in a 640 px box.
TIE_ROWS = """() => {
  const box = document.querySelector(".audit-scroll");
  const rows = [...document.querySelectorAll(".audit-table--ties tbody tr")].slice(0, 10);
  return {
    sideways: box.scrollWidth - box.clientWidth,
    tallest: Math.max(...rows.map((row) => row.getBoundingClientRect().height)),
    narrowestWhy: Math.min(...rows.map((row) => row.querySelector(".audit-why").getBoundingClientRect().width)),
  };
}"""


@pytest.mark.parametrize("where", ["page", "report"])
def test_strongest_ties_read_as_cards_on_a_phone(where, new_page, make_member):
    ana = make_member("Ana Ruiz", username="ana")
    demo.seed(members={"ana": ana}, now=timezone.now())
    page = new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, "ana")
    if where == "page":
        page.goto("/audit/")
    else:
        # Opened as a downloaded file is: on a blank page, under no site's policy.
        report = page.context.request.get("/audit/report.html").text()
        page.goto("about:blank")
        page.set_content(report)

    rows = page.evaluate(TIE_ROWS)

    assert rows["sideways"] <= 0
    assert rows["narrowestWhy"] >= 250
    assert rows["tallest"] <= 260
    screenshot(page, f"audit-ties-390-{where}")

    page.set_viewport_size({"width": 1280, "height": 800})
    # On a wide screen it stays a table: the why beside the name, under its heading.
    why = page.get_by_role("columnheader", name="Why").bounding_box()
    first_why = page.locator(".audit-table--ties tbody tr .audit-why").first.bounding_box()
    assert why and first_why and abs(why["x"] - first_why["x"]) < 1
