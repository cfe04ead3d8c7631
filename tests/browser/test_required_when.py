"""In a real chromium: a field that a choice makes required says so as the choice
changes, to a screen reader (``aria-required``, as chromium exposes it) and to the eye
("(required)" in its label), and stops saying so when another choice frees it
(rapport.js, syncRequiredWhen). Each state also passes the checks every demo page's
content passes (tests/web/accessibility_audit.js): among them, a label never says
"(required)" of a field not exposed as required.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from rapport.keeper.services import person_create
from tests.browser_fixtures import log_in, screenshot
from tests.web.test_accessibility_browser import AUDIT, accessible_field, unnamed_controls

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def audit(page) -> list[str]:
    """The page as it stands, after clicks: the focus and skip-link checks of
    ``page_problems`` start from a page just loaded, and are left out."""
    return page.evaluate(AUDIT) + unnamed_controls(page)


def expect_required(page, selector: str, label: str, *, needed: bool) -> None:
    """The field is exposed as required, and its label ends in "(required)", or neither."""
    field = page.locator(selector)
    if needed:
        expect(field).to_have_attribute("aria-required", "true")
        expect(page.locator(f'label[for="{selector[1:]}"]')).to_have_text(
            re.compile(rf"^{re.escape(label)} \(required\):?$")
        )
    else:
        expect(field).not_to_have_attribute("aria-required", "true")
        expect(page.locator(f'label[for="{selector[1:]}"]')).to_have_text(
            re.compile(rf"^{re.escape(label)}:?$")
        )
    # Chromium's tree gives a drop-down list (a combobox) no "required" state at all,
    # even for the native attribute: for it, the attribute is all there is to check.
    if field.evaluate("el => el.tagName") != "SELECT":
        assert accessible_field(page, selector)["required"] is needed


def test_the_request_forms_detail_is_required_while_other_is_chosen(new_page, make_member):
    make_member("Ana Ruiz", username="ana")
    ben = make_member("Ben Okafor", username="ben")
    page = new_page()
    log_in(page, "ana")
    page.goto(f"/members/{ben.pk}/connect/")
    expect_required(page, "#id_context_detail", "Details", needed=False)

    page.get_by_label(re.compile("^Other")).check()
    expect_required(page, "#id_context_detail", "How do you know each other?", needed=True)
    assert audit(page) == []
    screenshot(page, "request-form-other")

    page.get_by_label(re.compile("^We worked together")).check()
    expect_required(page, "#id_context_detail", "Where, and when? (optional)", needed=False)

    # "A member introduced us": the picker shows, and it is the one required.
    page.get_by_label(re.compile("^A member introduced us")).check()
    expect(page.locator("#id_introducer_id")).to_be_visible()
    expect_required(page, "#id_introducer_id", "The member who introduced you", needed=True)
    expect_required(page, "#id_context_detail", "How were you introduced? (optional)", needed=False)
    assert audit(page) == []

    # Sent without the detail "Other" needs: the page comes back saying so, and a
    # change of mind still frees the field.
    page.get_by_label(re.compile("^Other")).check()
    page.get_by_label(re.compile("^Your note")).fill(
        "Ben, we met on the allotment committee's tool swap last spring. How are the "
        "tomatoes doing this year?"
    )
    page.get_by_role("button", name="Send request").click()
    detail = page.locator("#id_context_detail")
    expect(detail).to_have_attribute("aria-invalid", "true")
    expect(detail).to_be_focused()
    expect_required(page, "#id_context_detail", "How do you know each other?", needed=True)
    page.get_by_label(re.compile("^We met at a gathering")).check()
    expect_required(page, "#id_context_detail", "Which gathering?", needed=True)
    page.get_by_label(re.compile("^A coffee round paired us")).check()
    expect_required(page, "#id_context_detail", "Which round? (optional)", needed=False)


def test_the_gathering_forms_agenda_is_required_until_no_agenda_is_ticked(new_page, make_member):
    make_member("Ana Ruiz", username="ana")
    page = new_page()
    log_in(page, "ana")
    page.goto("/gatherings/new/")
    expect_required(page, "#id_agenda", "Agenda", needed=True)
    # A place or a link: a group that says so, neither field required alone.
    where = page.get_by_role("group", name="Where (a place, a link, or both)")
    expect(where).to_have_attribute("aria-describedby", "where-hint")
    expect(page.locator("#where-hint")).to_have_text("Fill in at least one of the two.")
    expect_required(page, "#id_place", "Place", needed=False)
    expect_required(page, "#id_link", "Link to join online", needed=False)
    assert audit(page) == []
    screenshot(page, "gathering-form")

    no_agenda = page.get_by_label(re.compile("^No agenda, just conversation"))
    no_agenda.check()
    expect_required(page, "#id_agenda", "Agenda", needed=False)
    assert audit(page) == []
    no_agenda.uncheck()
    expect_required(page, "#id_agenda", "Agenda", needed=True)


def test_a_form_htmx_swapped_in_follows_its_choice_too(new_page, make_member):
    ana = make_member("Ana Ruiz", username="ana")
    grace = person_create(owner=ana, name="Grace Mensah")
    page = new_page()
    log_in(page, "ana")
    page.goto(f"/keeper/people/{grace.pk}/")
    expect_required(page, "#date_label", "Label", needed=False)
    # The panel comes back from the server with an error, in place of the old one.
    page.locator("#date_kind").select_option("other")
    expect_required(page, "#date_label", "Label", needed=True)
    page.get_by_label("Day and month").fill("31 April")
    page.get_by_role("button", name="Add the date").click()
    expect(page.get_by_label("Day and month")).to_have_attribute("aria-invalid", "true")
    expect_required(page, "#date_label", "Label", needed=True)
    page.locator("#date_kind").select_option("anniversary")
    expect_required(page, "#date_label", "Label", needed=False)
    assert audit(page) == []
