"""The moderator's list of reports, at the width of a laptop: the action menu's
longest choice ("Dismiss the selected reports as unfounded (they stop counting toward
the member's standing)") made the menu wider than the list, under the filter beside
it. The choices say what they do in few words; the report's own page says the rest."""

from __future__ import annotations

import pytest

from rapport.safety.services import moderator_appoint, report_create
from tests.browser_fixtures import log_in, screenshot
from tests.conftest import pair_connect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_action_menu_stays_inside_the_list(new_page, make_member):
    ana = make_member("Ana Ruiz", username="ana")
    ben = make_member("Ben Okafor", username="ben")
    pair_connect(ben, ana)
    report_create(reporter=ana, reported_id=ben.pk, reason="spam")
    moderator_appoint(member=make_member("Mo Moderator", username="mo"))
    page = new_page()
    log_in(page, "mo")

    page.goto("/admin/safety/report/")
    screenshot(page, "report-list")
    overlap = page.evaluate(
        """() => {
            const menu = document.querySelector('#changelist-form .actions select');
            const filter = document.querySelector('#changelist-filter');
            return menu.getBoundingClientRect().right - filter.getBoundingClientRect().left;
        }"""
    )
    assert overlap <= 0, overlap


def test_every_column_of_the_list_shows_without_scrolling_sideways(new_page, make_member):
    """A moderator at a laptop's width reads each report's outcome and when it was
    resolved without scrolling the list sideways: the admin's navigation column (two
    or three models for a moderator, all of them on the admin's index and in the
    breadcrumbs) took a quarter of the width and pushed 'Resolved at' out of view."""
    ana = make_member("Ana Ruiz", username="ana")
    ben = make_member("Ben Okafor", username="ben")
    pair_connect(ben, ana)
    report_create(
        reporter=ana, reported_id=ben.pk, reason="other", detail="Sent the same text to all"
    )
    moderator_appoint(member=make_member("Mo Moderator", username="mo"))
    page = new_page()
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, "mo")

    page.goto("/admin/safety/report/")
    screenshot(page, "report-list-columns")
    hidden = page.evaluate(
        """() => {
            const results = document.querySelector('#changelist-form .results');
            return results.scrollWidth - results.clientWidth;
        }"""
    )
    assert hidden <= 0, f"{hidden} px of the list are past its right edge"
    assert page.get_by_role("columnheader", name="Resolved at").is_visible()
