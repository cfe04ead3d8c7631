"""On a phone (390 px), the home page's rows read as one sentence beside the face, and
the keeper's "Your circles" table fits its panel whole: a "·" that began a line alone
and a "Dunbar's layer" column hidden past the box's edge were what a new member saw."""

from __future__ import annotations

import pytest

from rapport.demo.seed import DEMO_PASSWORD, demo_community_seed
from tests.browser_fixtures import log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 390, "height": 800}, "has_touch": True, "is_mobile": True}

# For each row of the home page's lists: does its "· who, when" start on the line where
# its link ends, and does its text start beside the face (when it has one)?
ROWS = """() => [...document.querySelectorAll('main .list__item:has(> .list__text)')].map(row => {
  const link = row.querySelector('a'), meta = row.querySelector('.muted');
  const face = row.querySelector('.avatar');
  const linkLines = link.getClientRects(), metaLines = meta.getClientRects();
  const lastLink = linkLines[linkLines.length - 1], firstMeta = metaLines[0];
  return {
    text: row.innerText.trim().slice(0, 40),
    metaOnLinkLine: Math.abs(firstMeta.top - lastLink.top) < 4,
    besideFace: !face || link.getBoundingClientRect().top < face.getBoundingClientRect().bottom,
  };
})"""


def test_home_rows_read_as_one_line_beside_the_face_on_a_phone(browser, live_server):
    demo_community_seed()
    context = browser.new_context(base_url=live_server.url, **PHONE)
    page = context.new_page()
    log_in(page, "ana", DEMO_PASSWORD)
    page.goto("/")
    rows = page.evaluate(ROWS)
    screenshot(page, "phone-home-rows")
    context.close()

    assert len(rows) >= 5
    assert [row for row in rows if not (row["metaOnLinkLine"] and row["besideFace"])] == []


def test_the_keepers_circle_table_fits_a_phone_whole(browser, live_server):
    demo_community_seed()
    context = browser.new_context(base_url=live_server.url, **PHONE)
    page = context.new_page()
    log_in(page, "ana", DEMO_PASSWORD)
    page.goto("/keeper/")
    box = page.get_by_role("region", name="How many people each circle holds")
    widths = box.evaluate("el => [el.scrollWidth, el.clientWidth]")
    context.close()

    assert widths[0] <= widths[1]
