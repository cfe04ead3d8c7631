"""A field in error looks it, whatever its type: a red border, not only red words
above it (a bare [aria-invalid] rule lost to input[type="text"]'s own border)."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BAD = "rgb(163, 23, 27)"  # --bad


def test_every_field_in_error_has_the_error_border(new_page):
    page = new_page()
    page.goto("/signup/")
    page.get_by_role("button", name="Create my account").click()
    page.wait_for_selector('[aria-invalid="true"]')

    borders = page.eval_on_selector_all(
        '[aria-invalid="true"]',
        "fields => fields.map(f => [f.name, getComputedStyle(f).borderTopColor])",
    )

    assert {name for name, _ in borders} == {"username", "name", "password"}
    assert all(colour == BAD for _, colour in borders), borders
