"""Answering an introduction in the browser, where htmx answers without a reload: the
introduction leaves "Waiting for your answer" for the answered ones at once."""

from __future__ import annotations

from playwright.sync_api import expect

from rapport.introductions.services import introduction_accept, introduction_make
from tests.browser_fixtures import log_in

WHY = (
    "You both put solar panels on community buildings this year, and each of you hit a "
    "problem the other has already solved."
)


def test_an_answered_introduction_moves_to_the_answered_ones_without_a_reload(
    new_page, make_member, connect
):
    ana, ben, cy = (make_member(name) for name in ("Ana Ruiz", "Ben Okafor", "Cy Tran"))
    connect(ana, ben)
    connect(cy, ana)
    introduction = introduction_make(
        introducer=ana, first_id=ben.pk, second_id=cy.pk, why_first=WHY, why_second=WHY
    )
    introduction_accept(member=ben, introduction_id=introduction.pk)
    page = new_page()
    log_in(page, cy.username)
    page.goto("/introductions/")
    waiting = page.get_by_role("region", name="Waiting for your answer")
    expect(waiting.get_by_text("Waiting for your answer")).to_have_count(1)

    waiting.get_by_role("button", name="Yes, introduce us").click()

    answered = page.get_by_role("region", name="Introductions you answered")
    expect(
        answered.get_by_role("link", name="Open your conversation with Ben Okafor")
    ).to_be_visible()
    expect(waiting).to_contain_text("No introduction is waiting for your answer.")
    expect(page.locator(f"#introduction-{introduction.pk}")).to_have_count(1)
