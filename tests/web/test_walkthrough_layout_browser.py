"""What a walk through the demo saw that only a browser shows: "Leave the coffee rounds"
touching the Save button above it, a link that wrapped under a button starting
indented on a phone, and the key-people board's columns starting at different heights
where a group's heading took two lines."""

from __future__ import annotations

import pytest

from rapport.coffee.services import coffee_opt_in
from rapport.introductions.services import introduction_accept, introduction_make
from tests.browser_fixtures import log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 390, "height": 800}, "has_touch": True, "is_mobile": True}
WHY = "You both rebuilt a flaky queue this year and would each save the other a month."


def _box(page, selector: str) -> dict:
    return page.locator(selector).first.bounding_box()


@pytest.fixture
def sized_page(browser, live_server):
    """A page of a given size (``new_page`` fixes its own viewport)."""
    contexts = []

    def open_page(**options):
        context = browser.new_context(base_url=live_server.url, **options)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def test_leaving_the_coffee_rounds_stands_clear_of_save(new_page, make_member):
    ana = make_member("Ana Ruiz")
    coffee_opt_in(member=ana, frequency="weekly", topics="plain language")
    page = new_page()
    log_in(page, ana.username)

    page.goto("/coffee/")
    save = _box(page, "main button:has-text('Save')")
    leave = _box(page, "main button:has-text('Leave the coffee rounds')")
    screenshot(page, "walk-coffee-leave")

    assert leave["y"] - (save["y"] + save["height"]) >= 12


def test_a_link_wrapped_under_a_button_starts_level_with_it_on_a_phone(
    sized_page, make_member, connect
):
    ana, grace = make_member("Ana Ruiz"), make_member("Grace Mensah")
    priya = make_member("Priya Raman-Venkataraghavan")
    connect(ana, grace)
    connect(ana, priya)
    intro = introduction_make(
        introducer=ana, first_id=grace.pk, second_id=priya.pk, why_first=WHY, why_second=WHY
    )
    introduction_accept(member=priya, introduction_id=intro.pk)
    introduction_accept(member=grace, introduction_id=intro.pk)
    page = sized_page(**PHONE)
    log_in(page, grace.username)

    page.goto("/introductions/")
    button = _box(page, "main .actions > a.button")
    link = _box(page, "main .actions > a:not(.button)")
    screenshot(page, "walk-introduction-actions-phone")

    assert link["y"] > button["y"] + button["height"] - 1  # wrapped under the button
    assert abs(link["x"] - button["x"]) < 1


def test_the_key_people_columns_start_level(sized_page, make_member):
    ana = make_member("Ana Ruiz")
    page = sized_page(viewport={"width": 1280, "height": 900})
    log_in(page, ana.username)

    page.goto("/keeper/seats/")
    tops = page.evaluate(
        """() => [...document.querySelectorAll('.seat-group')].map(group => ({
          heading: (() => {
            const words = document.createRange();
            words.selectNodeContents(group.querySelector('h2'));
            return words.getBoundingClientRect().height;
          })(),
          seat: Math.round(group.querySelector('.seat').getBoundingClientRect().top),
        }))"""
    )
    screenshot(page, "walk-key-people")

    assert len({round(column["heading"]) for column in tops}) > 1  # a heading wraps
    assert len({column["seat"] for column in tops}) == 1
