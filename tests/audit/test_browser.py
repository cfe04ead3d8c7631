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
