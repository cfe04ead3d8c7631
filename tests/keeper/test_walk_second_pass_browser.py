"""What the second walk through the keeper saw that only a browser shows: in a row of
actions, every button after the first form stood lower than the first ("Reach out"
above "Snooze 1 week", "Merge" above "Keep the other instead"), pushed down by the room
that a form on a line of its own takes above itself."""

from __future__ import annotations

import pytest

from rapport.keeper.services import person_create
from tests.browser_fixtures import log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _tops(buttons) -> list[int]:
    return [round(button.bounding_box()["y"]) for button in buttons.all()]


def test_the_buttons_of_a_row_of_actions_stand_level(new_page, make_member):
    ana = make_member("Ana Ruiz")
    grace = person_create(owner=ana, name="Grace Mensah", circle="15")
    page = new_page()
    log_in(page, ana.username)

    page.goto(f"/keeper/people/{grace.pk}/")
    row = page.locator("main .actions").filter(has_text="Snooze 1 week")
    tops = _tops(row.locator("button.button"))
    screenshot(page, "walk-keeper-person-actions")
    assert len(tops) == 4  # Reach out, a week, a month, until a date
    assert len(set(tops)) == 1, tops

    page.goto("/keeper/settings/")
    page.get_by_role("button", name="Create a calendar link").click()
    tops = _tops(page.locator("main .actions button"))
    screenshot(page, "walk-keeper-settings-calendar")
    assert len(tops) == 2 and len(set(tops)) == 1, tops  # Replace and Revoke, side by side
