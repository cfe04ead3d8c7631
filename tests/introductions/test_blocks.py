"""A block between the two people introduced: no conversation, no contact, no tell.

Whoever blocks whom, and whether before anyone answered or after one said yes, the
introduction vanishes for both (as it would had the other left Rapport), never opens
their conversation nor records a favour, and the introducer sees it wait and expire
like one nobody answered. A block made while the last yes is on its way waits for it
or stops it, on PostgreSQL's row locks as on SQLite's single writer.
"""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
from django.core import mail
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from rapport.conversations.models import Conversation
from rapport.errors import NotFound
from rapport.introductions.models import Introduction
from rapport.introductions.services import introduction_accept
from rapport.introductions.tasks import expire_and_remind_introductions
from rapport.keeper.models import Interaction, Person
from rapport.members.services import member_update_profile
from rapport.safety.services import block_create

# Who blocks whom, by their place in ``people``: Ben says yes first, Cy answers last.
DIRECTIONS = {
    "the first to say yes blocks the other": (1, 2),
    "the other blocks the first to say yes": (2, 1),
}
# Ids far past any the tests make: what "no such introduction" looks like.
NOWHERE = 10_000_000


def _client(member) -> Client:
    client = Client()
    client.force_login(member)
    return client


def assert_they_never_met(introduction: Introduction, ben, cy) -> None:
    introduction.refresh_from_db()
    assert introduction.state == "pending"
    assert introduction.conversation_id is None
    assert not Conversation.objects.filter(
        member_low_id=min(ben.pk, cy.pk), member_high_id=max(ben.pk, cy.pk)
    ).exists()
    assert not Interaction.objects.filter(external_key=f"rapport-introduction:{introduction.pk}")


@pytest.mark.parametrize("blocker, blocked", DIRECTIONS.values(), ids=DIRECTIONS.keys())
def test_a_block_after_one_yes_stops_the_other_yes_and_reads_as_no_such_introduction(
    people, introduce, api_as, clock, blocker, blocked
):
    ana, ben, cy = people
    introduction = introduce()
    introduction_accept(member=ben, introduction_id=introduction.pk)
    block_create(blocker=people[blocker], blocked_id=people[blocked].pk)

    answered = api_as(cy).post(f"/introductions/{introduction.pk}/accept")
    by_page = _client(cy).post(reverse("introduction_accept", args=[introduction.pk]))

    # Word for word an introduction that does not exist (or whose other side left).
    nowhere = api_as(cy).post(f"/introductions/{NOWHERE}/accept")
    assert (answered.status_code, answered.json()) == (404, nowhere.json())
    assert by_page.status_code == 404
    assert_they_never_met(introduction, ben, cy)
    for side in (ben, cy):
        assert api_as(side).get("/introductions").json() == []
    assert api_as(ana).get(f"/introductions/{introduction.pk}").json()["state"] == "waiting"
    clock.shift(dt.timedelta(days=14, seconds=1))
    expire_and_remind_introductions.enqueue()
    assert not mail.outbox
    assert api_as(ana).get(f"/introductions/{introduction.pk}").json()["state"] == "expired"


@pytest.mark.parametrize("blocker, blocked", DIRECTIONS.values(), ids=DIRECTIONS.keys())
def test_a_block_before_either_answers_hides_it_from_both_and_nobody_is_reminded(
    people, introduce, api_as, clock, blocker, blocked
):
    ana, ben, cy = people
    introduction = introduce()
    block_create(blocker=people[blocker], blocked_id=people[blocked].pk)

    for side in (ben, cy):
        assert api_as(side).get("/introductions").json() == []
        assert api_as(side).get(f"/introductions/{introduction.pk}").status_code == 404
        for answer in ("accept", "decline"):
            url = f"/introductions/{introduction.pk}/{answer}"
            assert api_as(side).post(url).status_code == 404
    clock.shift(dt.timedelta(days=7, seconds=1))
    expire_and_remind_introductions.enqueue()
    assert not mail.outbox
    assert_they_never_met(introduction, ben, cy)
    assert api_as(ana).get(f"/introductions/{introduction.pk}").json()["state"] == "waiting"


def _yes_while_a_block_is_being_made(people, introduction, *, blocker, blocked) -> object:
    """Cy says yes while the block's transaction is open: the block is written, not yet
    committed. Returns what the yes came to (the introduction, or the error)."""
    written, outcome = threading.Event(), {}

    def block() -> None:
        try:
            with transaction.atomic():
                block_create(blocker=people[blocker], blocked_id=people[blocked].pk)
                written.set()
                time.sleep(1)  # the yes arrives meanwhile, and must wait for the commit
        finally:
            written.set()

    def answer() -> None:
        written.wait(timeout=30)
        try:
            outcome["yes"] = introduction_accept(member=people[2], introduction_id=introduction.pk)
        except Exception as error:  # the test's to assert
            outcome["yes"] = error

    def on_own_connection(call):
        def run() -> None:
            try:
                call()
            finally:
                connection.close()

        return threading.Thread(target=run)

    threads = [on_own_connection(block), on_own_connection(answer)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a racer never finished"
    return outcome["yes"]


def _race_a_block_against_the_last_yes(people, introduce, blocker, blocked) -> None:
    _ana, ben, cy = people
    introduction = introduce()
    introduction_accept(member=ben, introduction_id=introduction.pk)

    outcome = _yes_while_a_block_is_being_made(
        people, introduction, blocker=blocker, blocked=blocked
    )

    assert isinstance(outcome, NotFound), str(outcome)
    assert_they_never_met(introduction, ben, cy)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("blocker, blocked", DIRECTIONS.values(), ids=DIRECTIONS.keys())
def test_a_block_made_as_the_last_yes_arrives_still_keeps_them_apart_on_postgresql(
    postgres_only, people, introduce, blocker, blocked
):
    _race_a_block_against_the_last_yes(people, introduce, blocker, blocked)


@pytest.mark.django_db(transaction=True)
def test_a_block_made_as_the_last_yes_arrives_still_keeps_them_apart_on_sqlite(
    sqlite_on_file, people, introduce
):
    _race_a_block_against_the_last_yes(people, introduce, 2, 1)


@pytest.mark.parametrize("side_blocks", [True, False], ids=["side blocks", "introducer blocks"])
def test_a_favour_across_a_block_with_the_introducer_copies_no_blocker_profile(
    people, introduce, side_blocks
):
    """A block between the introducer and one side does not stop the introduction (its
    vanishing would tell of the block), so the favour is recorded; but an entry the
    keeper gains for a blocker holds their name alone, as the API's withheld profile."""
    ana, ben, cy = people
    introduction = introduce()
    blocker, blocked = (ben, ana) if side_blocks else (ana, ben)
    member_update_profile(
        member=blocker, headline="Head of a secret new venture", organisation="Hidden Ltd"
    )
    Person.objects.filter(owner=blocked, member=blocker).delete()  # removed from their keeper
    block_create(blocker=blocker, blocked_id=blocked.pk)

    introduction_accept(member=ben, introduction_id=introduction.pk)
    introduction_accept(member=cy, introduction_id=introduction.pk)

    entry = Person.objects.get(owner=blocked, member=blocker)
    assert (entry.name, entry.organisation, entry.role) == (blocker.name, "", "")
    assert entry.interactions.filter(
        external_key=f"rapport-introduction:{introduction.pk}"
    ).exists()
    # The blocker's own keeper may know the one they blocked, as their profile page does.
    assert Person.objects.get(owner=blocker, member=blocked).name == blocked.name
