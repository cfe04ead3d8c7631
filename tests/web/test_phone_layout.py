"""On a phone (390 px), no page of the demo scrolls sideways and nothing hangs below
the footer: wide tables scroll in their own box, long words wrap."""

from __future__ import annotations

import pytest

from rapport.demo.seed import DEMO_PASSWORD, demo_community_seed
from tests.browser_fixtures import log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

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
    return ["/introductions/", *paths, f"/members/{stranger.order_by('pk')[0].pk}/connect/"]


def test_no_demo_page_is_wider_than_a_phone(browser, live_server):
    demo_community_seed()
    context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 800})
    page = context.new_page()
    log_in(page, "ana", DEMO_PASSWORD)

    measured, about_one, loaded = {}, _pages_about_one_member(), {}
    for path in [*PAGES, *about_one]:
        loaded[path] = page.goto(path).status
        measured[path[:40]] = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.scrollHeight,"
            " Math.round(document.querySelector('footer').getBoundingClientRect().bottom"
            " + window.scrollY)]"
        )
    screenshot(page, "phone-search-long-word")
    context.close()

    too_wide = {path: width for path, (width, _, _) in measured.items() if width > 390}
    below_footer = {
        path: height - footer
        for path, (_, height, footer) in measured.items()
        if height - footer > 1
    }
    assert too_wide == {}
    assert below_footer == {}
    assert {path: loaded[path] for path in about_one} == dict.fromkeys(about_one, 200)
