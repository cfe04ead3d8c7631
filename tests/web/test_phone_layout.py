"""On a phone (390 px, a touch screen), no page of the demo scrolls sideways and nothing
hangs below the footer: wide tables scroll in their own box, which says so and scrolls
from the keyboard, long words wrap. Each page passes the accessibility checks there as
on a wide screen (tests/web/test_accessibility_browser.py): targets a finger can hit, a
scrolling box that takes focus and is named. And a finger finds every button, field
and link of a menu in 44 x 44 px (WCAG 2.5.5, AAA), measured by where a press lands
(accessibility_audit.js, options.touch)."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from playwright.sync_api import expect

from rapport.demo.seed import DEMO_PASSWORD, demo_community_seed
from tests.browser_fixtures import log_in, screenshot
from tests.web.test_accessibility_browser import AUDIT, page_problems

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A phone as chromium emulates one: its width, a touch screen (pointer: coarse).
PHONE = {"viewport": {"width": 390, "height": 800}, "has_touch": True, "is_mobile": True}
# Apple's 44 pt, WCAG 2.5.5 (AAA): a finger's area, in CSS px.
FINGER = 44

PAGES = [
    "/",
    "/insights/",
    "/audit/",
    "/keeper/",
    "/keeper/due/",
    "/connections/",
    "/requests/",
    "/conversations/",
    "/gatherings/",
    "/asks/",
    "/coffee/",
    "/import/",
    "/me/",
    "/search/?q=" + "a" * 300,
    "/help/",
    "/no-such-page/",
]


def _pages_about_one_member() -> list[str]:
    """Ana's pages with a member's face beside the heading or in each row: a
    conversation, a gathering, an ask, a coffee pairing and a request's form."""
    from django.db.models import Q

    from rapport.asks.models import Ask
    from rapport.coffee.models import Pairing
    from rapport.conversations.models import Conversation
    from rapport.gatherings.models import Gathering
    from rapport.members.models import Member
    from rapport.network.selectors import connected_ids

    ana = Member.objects.get(username="ana")
    mine = Q(member_low=ana) | Q(member_high=ana)
    first = {
        "conversations": Conversation.objects.filter(mine),
        "gatherings": Gathering.objects.filter(attendances__member=ana, attendances__attended=True),
        "asks": Ask.objects.filter(poster_id__in=connected_ids(member_id=ana.pk)),
        "coffee/pairings": Pairing.objects.filter(mine),
    }
    paths = [f"/{part}/{rows.order_by('pk')[0].pk}/" for part, rows in first.items()]
    stranger = Member.objects.exclude(pk__in=[ana.pk, *connected_ids(member_id=ana.pk)])
    from rapport.keeper.models import Person

    kept = Person.objects.filter(owner=ana).order_by("pk")[0]
    return [
        "/introductions/",
        *paths,
        f"/members/{stranger.order_by('pk')[0].pk}/connect/",
        f"/keeper/people/{kept.pk}/",
        "/settings/account/",
    ]


def _measure(page, path: str) -> tuple[list[int], list[str]]:
    """Width, height and the footer's bottom; what the checks find, a finger's included."""
    size = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.scrollHeight,"
        " Math.round(document.querySelector('footer').getBoundingClientRect().bottom"
        " + window.scrollY)]"
    )
    return size, page_problems(page) + page.evaluate(AUDIT, {"touch": FINGER})


def test_no_demo_page_is_wider_than_a_phone(browser, live_server):
    demo_community_seed()
    context = browser.new_context(base_url=live_server.url, **PHONE)
    page = context.new_page()
    log_in(page, "ana", DEMO_PASSWORD)

    measured, about_one, loaded, problems = {}, _pages_about_one_member(), {}, {}
    for path in [*PAGES, *about_one]:
        loaded[path] = page.goto(path).status
        measured[path[:40]], problems[path[:40]] = _measure(page, path)
    screenshot(page, "phone-search-long-word")
    # A form sent back with its errors: each field with its message, the same size.
    page.goto("/gatherings/new/")
    page.get_by_role("button", name="Create").click()
    expect(page.locator("#id_title_error")).to_be_visible()
    measured["refused"], problems["refused"] = _measure(page, "refused")
    screenshot(page, "phone-refused-form")
    context.close()

    too_wide = {path: width for path, (width, _, _) in measured.items() if width > 390}
    below_footer = {
        path: height - footer
        for path, (_, height, footer) in measured.items()
        if height - footer > 1
    }
    assert too_wide == {}
    assert below_footer == {}
    assert {path: found for path, found in problems.items() if found} == {}
    assert {path: loaded[path] for path in about_one} == dict.fromkeys(about_one, 200)


def edge_shades(page, box) -> tuple[int, int]:
    """The lightest pixel of the table's first and last column in its box (255: white),
    each darker under an edge's shadow (rapport.css, .table-scroll)."""
    outer, table = box.bounding_box(), box.locator("table").bounding_box()
    assert outer and table
    clip = {"x": outer["x"], "y": table["y"], "width": outer["width"], "height": table["height"]}
    shot = Image.open(io.BytesIO(page.screenshot(clip=clip))).convert("L")
    columns = [shot.crop((x, 0, x + 1, shot.height)) for x in (0, shot.width - 1)]
    left, right = (column.getextrema()[1] for column in columns)
    return left, right


def test_a_table_wider_than_a_phone_shows_it_scrolls_and_scrolls_from_the_keyboard(
    browser, live_server
):
    demo_community_seed()
    context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 800})
    page = context.new_page()
    log_in(page, "ana", DEMO_PASSWORD)
    page.goto("/insights/")
    box = page.get_by_role("region", name="Circles found in your contact history, beside")
    assert box.evaluate("el => el.scrollWidth > el.clientWidth")

    # A shadow on the side with more to see: the right at first, the left at the end.
    left, right = edge_shades(page, box)
    assert left == 255 and right < 230
    box.evaluate("el => { el.scrollLeft = el.scrollWidth; }")
    left, right = edge_shades(page, box)
    assert left < 230 and right == 255
    box.evaluate("el => { el.scrollLeft = 0; }")

    # From "Skip to content", the next Tab stop is the box; an arrow key scrolls it.
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(box).to_be_focused()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("el => el.scrollLeft > 0", arg=box.element_handle())
    context.close()
