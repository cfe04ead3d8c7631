"""What a walkthrough of the demo found on the keeper's person page and the requests
page: the tab a page belongs under is marked, a member profile is linked once, the
suggested circle's reason ends its sentence, and the sender's own request says how
they know the recipient in the words they wrote."""

from __future__ import annotations

import datetime as dt
import re

from django.urls import reverse
from django.utils import timezone

from rapport.keeper.models import Person
from rapport.keeper.services import interaction_log, person_create
from tests.web.page_text import main_text


def _current_tab(html: str) -> list[str]:
    nav = html[html.index('aria-label="Keeper"') :]
    nav = nav[: nav.index("</nav>")]
    return re.findall(r'aria-current="page">([^<]+)<', nav)


def test_a_person_page_sits_under_people_and_links_their_profile_once(
    make_member, connect, signed_in
):
    ana, ben = make_member("Ana Ruiz"), make_member("Ben Okafor")
    connect(ana, ben)
    person = Person.objects.get(owner=ana, member=ben)
    client = signed_in(ana)

    for url in (
        reverse("keeper_person", args=[person.pk]),
        reverse("keeper_person_edit", args=[person.pk]),
        reverse("keeper_person_date_new", args=[person.pk]),
    ):
        assert _current_tab(client.get(url).content.decode()) == ["People"], url

    html = client.get(reverse("keeper_person", args=[person.pk])).content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    assert main.count(f'href="{reverse("member_profile", args=[ben.pk])}"') == 1


def test_the_suggested_circle_reads_as_a_sentence(make_member, signed_in):
    ana = make_member("Ana Ruiz")
    person = person_create(owner=ana, name="Grace Hopper")
    # A suggestion needs something logged (tests/keeper/test_walk_second_pass.py).
    interaction_log(
        owner=ana,
        person_ids=[person.pk],
        kind="call",
        occurred_at=timezone.now() - dt.timedelta(days=200),
    )
    html = signed_in(ana).get(reverse("keeper_person", args=[person.pk])).content.decode()

    # The span holds the reason alone (tests/keeper/test_verdicts.py reads it); the
    # sentence's full stop follows it.
    sentence = re.search(r'<span class="suggestion__reason">([^<]*)</span>([^<]*)</p>', html)
    assert sentence is not None
    assert sentence.group(2) == ".", sentence.groups()
    assert not sentence.group(1).endswith("."), sentence.group(1)


def test_the_sender_sees_how_they_said_they_know_the_recipient(
    make_member, send_request, signed_in
):
    ana, siobhan = make_member("Ana Ruiz"), make_member("Siobhan Gallagher")
    send_request(
        ana,
        siobhan,
        context="other",
        context_detail="Brightwater's member sign-up, through Ben",
    )

    text = main_text(signed_in(ana).get(reverse("requests_inbox")))

    assert "Other: Brightwater's member sign-up, through Ben · sent" in text
