"""The help page: what a newcomer needs to know about rules no other network has, open
to visitors and members alike, each section pointing to where the thing is done, and
its numbers read from the instance's settings, so that the page says what the site does."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from html import unescape
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from rapport.coffee.openers import HOLD_PASSED, paired_when
from rapport.gatherings import notices
from rapport.safety import sending_limits
from tests.web.page_text import main_text

pytestmark = pytest.mark.django_db


class _Links(HTMLParser):
    """Every href on the page, and which section (an <h2 id=...>'s <section>) holds it."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.by_section: dict[str, list[str]] = {}
        self._section: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "section" and found.get("id"):
            self._section = found["id"]
            self.by_section[self._section] = []
        if tag == "a" and found.get("href"):
            href = found["href"] or ""
            self.hrefs.append(href)
            if self._section is not None:
                self.by_section[self._section].append(href)

    def handle_endtag(self, tag: str) -> None:
        if tag == "section":
            self._section = None


def _links(response) -> _Links:
    parser = _Links()
    parser.feed(response.content.decode())
    return parser


def _signed_in(member) -> Client:
    client = Client()
    client.force_login(member)
    return client


def test_a_visitor_reads_the_help_page_without_signing_in(client):
    response = client.get(reverse("help"))

    assert response.status_code == 200
    text = main_text(response)
    assert "How Rapport works" in text
    # The question a newcomer from another network asks first.
    assert "Why can't I see how many connections someone has?" in text
    assert "Log in" in response.content.decode()
    # Each page a section names is a name here, not a link that would only lead to the
    # log-in form; the one way on is to log in or sign up.
    pages = {urlsplit(href).path for href in _links(response).hrefs if not href.startswith("#")}
    assert pages == {reverse(name) for name in ("home", "login", "signup", "help")}
    assert "The pages named below open once you log in" in text


def test_a_member_reads_the_same_page_with_their_navigation(make_member):
    response = _signed_in(make_member("Nell Ewcomer")).get(reverse("help"))

    assert response.status_code == 200
    assert "How Rapport works" in main_text(response)
    assert "Log out" in response.content.decode()


def test_every_section_says_where_the_thing_is_done_and_every_link_opens(make_member):
    """Each link on the page, followed by a signed-in member, opens (or redirects, as a
    download or an action does): a renamed page cannot leave the help pointing nowhere."""
    client = _signed_in(make_member("Nell Ewcomer"))
    response = client.get(reverse("help"))
    links = _links(response)

    sections = links.by_section
    assert len(sections) >= 15, sorted(sections)
    elsewhere = {
        section: [href for href in hrefs if not href.startswith("#")]
        for section, hrefs in sections.items()
    }
    assert {section for section, hrefs in elsewhere.items() if not hrefs} == set()

    statuses = {}
    for href in set(links.hrefs):
        url = urlsplit(href)
        if url.netloc or not url.path:
            continue  # another site, or a place on this page
        statuses[href] = client.get(href).status_code
    assert reverse("help") in statuses  # the footer's own link
    assert {href: status for href, status in statuses.items() if status not in (200, 302)} == {}
    # Every place on this page that a link names is there.
    html = response.content.decode()
    anchors = {href[1:] for href in links.hrefs if href.startswith("#")}
    assert {anchor for anchor in anchors if f'id="{anchor}"' not in html} == set()


def test_the_numbers_are_the_instances_own(client, settings):
    settings.RAPPORT_CONNECTION_CAP = 120
    settings.RAPPORT_REQUEST_BUDGET_PENDING = 3
    settings.RAPPORT_REQUEST_BUDGET_WEEK = 7

    text = main_text(client.get(reverse("help")))

    assert "at most 120 active connections" in text
    assert "150 active connections" not in text
    assert "3 requests waiting for an answer at once and 7 in any seven days" in text
    # The numbers the code holds rather than the settings: a note's length, the time a
    # request or an introduction waits, the key people's seats, the mail's rhythm.
    assert "between 40 and 600 characters" in text
    assert "after 30 days" in text
    assert "after 14 days" in text
    assert "A board of 12 key people" in text
    assert "the last 6 rounds" in text
    assert "waited unseen for 10 minutes" in text
    assert "between 21:00 and 08:00" in text


def test_the_sending_limits_are_said_with_the_numbers_the_site_enforces(client, monkeypatch):
    """What one member may send others: the figures ``sending_limits`` holds, so that a
    change there changes the page with it."""
    text = main_text(client.get(reverse("help")))

    assert "20 messages a minute and 500 in 24 hours" in text
    assert "10 asks and offers" in text
    assert "50 answers to asks" in text
    assert "10 introductions" in text
    assert "300 gathering invitations" in text
    assert "Reports to the moderators, 10 in 24 hours" in text
    assert "Uploaded imports run one at a time, 10 in 24 hours" in text
    assert "Profile photos, 20 uploads in 24 hours" in text
    assert "at most once every 15 minutes" in text
    assert "doubles the wait before the next, up to 2 hours" in text
    assert "24 hours without one start again at 15 minutes" in text
    assert "starts within that wait, the wait stays 15 minutes" in text
    assert "#sending-limits" in client.get(reverse("help")).content.decode()

    monkeypatch.setattr(
        sending_limits,
        "MESSAGES_PER_MINUTE",
        dataclasses.replace(sending_limits.MESSAGES_PER_MINUTE, limit=12),
    )
    monkeypatch.setattr(
        sending_limits,
        "INVITATIONS_PER_DAY",
        dataclasses.replace(sending_limits.INVITATIONS_PER_DAY, limit=250),
    )
    monkeypatch.setattr(
        sending_limits,
        "REPORTS_PER_DAY",
        dataclasses.replace(sending_limits.REPORTS_PER_DAY, limit=4),
    )
    monkeypatch.setattr(
        sending_limits,
        "PHOTO_UPLOADS_PER_DAY",
        dataclasses.replace(sending_limits.PHOTO_UPLOADS_PER_DAY, limit=7),
    )
    monkeypatch.setattr(notices, "MOVE_MAIL_EVERY", dt.timedelta(minutes=30))
    monkeypatch.setattr(notices, "MOVE_MAIL_WAIT_MAX", dt.timedelta(hours=4))
    monkeypatch.setattr(notices, "MOVE_MAIL_RUN_ENDS_AFTER", dt.timedelta(hours=12))
    changed = main_text(client.get(reverse("help")))
    assert "Profile photos, 7 uploads in 24 hours" in changed
    assert "at most once every 30 minutes" in changed
    assert "doubles the wait before the next, up to 4 hours" in changed
    assert "12 hours without one start again at 30 minutes" in changed
    assert "Reports to the moderators, 4 in 24 hours" in changed
    assert "12 messages a minute and 500 in 24 hours" in changed
    assert "250 gathering invitations" in changed
    assert "300 gathering invitations" not in changed


def _section_text(response, section: str) -> str:
    html = response.content.decode()
    start = html.index(f'<section id="{section}"')
    return " ".join(
        re.sub(r"<[^>]+>", " ", unescape(html[start : html.index("</section>", start)])).split()
    )


def test_the_coffee_section_says_where_the_opener_waits_and_how_it_dates(client):
    """Until either writes, the pair's conversation points to the member's opener; the
    opener says when the round paired them as the code says it on the day it is read."""
    text = _section_text(client.get(reverse("help")), "coffee")

    assert "Until one of you writes, your conversation points to your suggested opener" in text
    assert "never put in the box for you" in text
    held_on = dt.date(2026, 11, 23)  # a Monday, as every round's day
    said = [paired_when(held_on, held_on + dt.timedelta(days=days)) for days in (2, 9, 16)]
    assert said == ["this week", "last week", "on 23 November"]
    assert '"this week", then "last week", then "on 23 November"' in text
    assert "one day soon" in HOLD_PASSED and '"one day soon"' in text


def test_the_landing_page_and_every_footer_lead_to_help(client, make_member):
    landing = client.get(reverse("home")).content.decode()
    main = landing[landing.index("<main") : landing.index("</main>")]
    assert f'href="{reverse("help")}"' in main

    member_page = _signed_in(make_member("Nell Ewcomer")).get(reverse("connections"))
    footer = member_page.content.decode().split('<footer class="site-footer">')[1]
    assert f'href="{reverse("help")}"' in footer


def test_the_landing_page_says_the_instances_cap(client, settings):
    settings.RAPPORT_CONNECTION_CAP = 120

    text = main_text(client.get(reverse("home")))

    assert "120 connections" in text
    assert "150 connections" not in text


def test_the_page_costs_no_query_for_a_visitor_and_only_the_navigation_for_a_member(
    client, make_member, django_assert_num_queries
):
    with django_assert_num_queries(0):
        assert client.get(reverse("help")).status_code == 200

    member = _signed_in(make_member("Nell Ewcomer"))
    # The session with its member (one query), and the navigation's own numbers (one).
    with django_assert_num_queries(2):
        assert member.get(reverse("help")).status_code == 200


def test_what_the_insights_measure_is_said_with_the_engines_own_numbers(client):
    """The circles, tie strength, give and take, dormant ties, the audit's contacts and
    the note coaching, each with the figures the code that measures it holds."""
    response = client.get(reverse("help"))
    text = main_text(response)

    assert '<a href="#measures">What the insights measure</a>' in response.content.decode()
    assert "What the insights measure" in text
    assert "Dunbar's layers of 5, 15, 50 and 150" in text
    assert "less than once a year is outside them" in text
    assert "at least twice as often as the next one out" in text
    assert "its 5 most personal contacts" in text
    assert "52 contacts a year or more" in text
    assert "in the last 12 months" in text
    assert "Under 3 favours" in text
    assert "quiet for over 12 months" in text
    assert "the 20 closest" in text
    assert "Contacts, not connections" in text
    assert "at most 150 strongest ties" in text
    assert "the last 50 notes you sent" in text
    assert "is not asked for again" in text
    assert text.count("Why:") >= 17  # one for each section, this one's measures too


def test_the_insights_numbers_follow_the_engine(client, monkeypatch):
    from rapport.audit import report
    from rapport.insights import circles, notes, reciprocity, suggestions, tie_strength

    monkeypatch.setattr(circles, "MIN_FACTOR", 3.0)
    monkeypatch.setattr(tie_strength, "INTIMATE_CORE", 7)
    monkeypatch.setattr(reciprocity, "WINDOW", dt.timedelta(days=730))
    monkeypatch.setattr(reciprocity, "PATTERN_FROM", 4)
    monkeypatch.setattr(suggestions, "DORMANT_QUIET_DAYS", 182.625)
    monkeypatch.setattr(report, "DORMANT_SHOWN", 25)
    monkeypatch.setattr(notes, "EARLIER_NOTES_COMPARED", 40)

    text = main_text(client.get(reverse("help")))

    assert "at least 3 times as often" in text
    assert "its 7 most personal contacts" in text
    assert "in the last 24 months" in text
    assert "Under 4 favours" in text
    assert "quiet for over 6 months" in text
    assert "the 25 closest" in text
    assert "the last 40 notes you sent" in text
