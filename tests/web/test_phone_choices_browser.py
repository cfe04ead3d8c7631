"""On a phone, a choice's hint sits under its label, as on a wide screen: the rows of
"How do you know Ana?" had their hints pushed beside the label into a second, cramped
column ("OtherHow do you know each other?"), once a finger's row (pointer: coarse) made
the label a flex row."""

from __future__ import annotations

import pytest

from tests.browser_fixtures import log_in, screenshot
from tests.web.test_phone_layout import PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_each_way_of_knowing_someone_has_its_hint_under_it_on_a_phone(
    browser, live_server, make_member
):
    make_member("Nell Ewcomer", username="nell")
    ana = make_member("Ana Ruiz")
    context = browser.new_context(base_url=live_server.url, **PHONE)
    page = context.new_page()
    log_in(page, "nell")

    page.goto(f"/members/{ana.pk}/connect/")
    page.get_by_label("We worked together").check()
    screenshot(page, "phone-request-choices")

    # Each hint starts where its label's words start, below them, not to their right.
    rows = page.evaluate(
        """() => Array.from(document.querySelectorAll('.choices .choice label')).map(label => {
            const hint = label.querySelector('.hint').getBoundingClientRect();
            const words = document.createRange();
            words.selectNodeContents(label.firstChild);
            const first = words.getBoundingClientRect();
            return [label.firstChild.textContent.trim(), Math.round(hint.left - first.left),
                    hint.top >= first.bottom - 1];
        })"""
    )
    context.close()
    assert len(rows) == 7
    assert [row for row in rows if row[1] != 0 or not row[2]] == []
