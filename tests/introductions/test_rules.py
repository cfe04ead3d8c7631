"""Who may be introduced to whom, and what the sentences must (not) say."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils.html import escape

from rapport.errors import Conflict, InvalidInput, NotFound
from rapport.introductions.models import Introduction
from rapport.introductions.services import (
    introduction_accept,
    introduction_decline,
    introduction_make,
)
from rapport.introductions.tasks import expire_and_remind_introductions
from rapport.keeper.models import Interaction
from rapport.members.models import Member
from rapport.members.services import member_update_profile
from rapport.network.services import connection_request_send
from rapport.safety.services import block_create
from tests.conftest import GOOD_NOTE
from tests.introductions.conftest import WHY_BEN, WHY_CY


def _code(call) -> tuple[str, str | None]:
    with pytest.raises((InvalidInput, Conflict, NotFound)) as raised:
        call()
    return raised.value.code, raised.value.field


def test_only_your_own_connections_can_be_introduced(people, introduce, make_member):
    ana, ben, cy = people
    dee = make_member("Dee Park")

    assert _code(lambda: introduce(second=dee)) == ("not_your_connection", "second_id")
    assert _code(lambda: introduce(introducer=ben, first=ana, second=cy)) == (
        "not_your_connection",
        "second_id",
    )
    assert _code(lambda: introduce(second=ben)) == ("same_person", "second_id")
    assert _code(lambda: introduce(first=ana)) == ("introducing_yourself", "first_id")


def test_two_members_already_connected_need_no_introduction(people, introduce, connect):
    _ana, ben, cy = people
    connect(ben, cy)

    assert _code(introduce) == ("already_connected", None)


def test_one_open_introduction_per_pair_until_it_is_decided_and_over(
    people, introduce, make_member, connect, clock
):
    _ana, ben, cy = people
    dee = make_member("Dee Park")
    connect(dee, ben)
    connect(dee, cy)
    first = introduce()

    assert _code(lambda: introduce(introducer=dee)) == ("introduction_pending", None)
    # A decline keeps the pair taken until the time runs out, or Dee would learn of it.
    introduction_decline(member=cy, introduction_id=first.pk)
    assert _code(lambda: introduce(introducer=dee)) == ("introduction_pending", None)
    clock.shift(dt.timedelta(days=14, seconds=1))
    again = introduce(introducer=dee)
    assert again.state == "pending"


def test_each_sentence_describes_the_other_without_naming_them(people, introduce):
    _ana, _ben, _cy = people

    named = _code(lambda: introduce(why_first="You should really meet Cy: " + WHY_BEN))
    surname = _code(lambda: introduce(why_second=WHY_CY + " Okafor is great."))
    short = _code(lambda: introduce(why_first="Meet them."))

    assert named == ("why_names_other", "why_first")
    assert surname == ("why_names_other", "why_second")
    assert short == ("why_length", "why_first")
    assert not Introduction.objects.exists()


def test_a_block_between_the_two_keeps_it_from_both_and_it_expires(
    people, introduce, api_as, clock
):
    ana, ben, cy = people
    block_create(blocker=cy, blocked_id=ben.pk)

    introduction = introduce()

    # Ana cannot tell it apart from one nobody has answered yet.
    assert api_as(ana).get(f"/introductions/{introduction.pk}").json()["state"] == "waiting"
    for side in (ben, cy):
        assert api_as(side).get("/introductions").json() == []
        assert api_as(side).get(f"/introductions/{introduction.pk}").status_code == 404
        assert api_as(side).post(f"/introductions/{introduction.pk}/accept").status_code == 404
    clock.shift(dt.timedelta(days=7, seconds=1))
    expire_and_remind_introductions.enqueue()
    assert not mail.outbox  # nobody is reminded of it either
    clock.shift(dt.timedelta(days=7))
    expire_and_remind_introductions.enqueue()
    assert api_as(ana).get(f"/introductions/{introduction.pk}").json()["state"] == "expired"


def test_a_block_made_later_hides_it_from_both_and_it_never_completes(
    people, introduce, api_as, clock
):
    ana, ben, cy = people
    introduction = introduce()
    introduction_accept(member=ben, introduction_id=introduction.pk)

    block_create(blocker=ben, blocked_id=cy.pk)

    for side in (ben, cy):
        assert api_as(side).get("/introductions").json() == []
        assert api_as(side).post(f"/introductions/{introduction.pk}/accept").status_code == 404
    clock.shift(dt.timedelta(days=7, seconds=1))
    expire_and_remind_introductions.enqueue()
    assert not mail.outbox
    assert api_as(ana).get(f"/introductions/{introduction.pk}").json()["state"] == "waiting"


def test_an_accepted_introduction_is_a_verified_context_for_a_request(people, introduce):
    ana, ben, cy = people
    introduction = introduce()
    introduction_accept(member=ben, introduction_id=introduction.pk)
    introduction_accept(member=cy, introduction_id=introduction.pk)

    request = connection_request_send(
        sender=cy,
        recipient_id=ben.pk,
        context="introduced",
        introducer_id=ana.pk,
        note=GOOD_NOTE.format(name="Ben"),
    )

    assert request.verified == "Introduced by Ana Ruiz"


def test_without_an_accepted_introduction_nothing_is_vouched_for(people, introduce):
    ana, ben, cy = people
    introduction_accept(member=ben, introduction_id=introduce().pk)  # Cy has not answered

    request = connection_request_send(
        sender=cy,
        recipient_id=ben.pk,
        context="introduced",
        introducer_id=ana.pk,
        note=GOOD_NOTE.format(name="Ben"),
    )

    assert request.verified == ""


def test_the_favour_is_recorded_in_all_three_keepers(people, introduce):
    ana, ben, cy = people
    introduction = introduce()
    introduction_accept(member=ben, introduction_id=introduction.pk)
    introduction_accept(member=cy, introduction_id=introduction.pk)

    gave = Interaction.objects.get(owner=ana, kind="introduction")
    received = {
        owner: Interaction.objects.get(owner=owner, kind="introduction") for owner in (ben, cy)
    }

    assert (gave.direction, gave.favour) == ("gave", "introduction")
    assert {person.member_id for person in gave.people.all()} == {ben.pk, cy.pk}
    for _owner, interaction in received.items():
        assert (interaction.direction, interaction.favour) == ("received", "introduction")
        assert [person.member_id for person in interaction.people.all()] == [ana.pk]


def test_a_week_on_each_side_yet_to_answer_gets_one_reminder(people, introduce, clock):
    _ana, ben, _cy = people
    introduction = introduce()
    introduction_accept(member=ben, introduction_id=introduction.pk)
    clock.shift(dt.timedelta(days=6))
    expire_and_remind_introductions.enqueue()
    assert not mail.outbox

    clock.shift(dt.timedelta(days=1, seconds=1))
    expire_and_remind_introductions.enqueue()
    expire_and_remind_introductions.enqueue()

    (reminder,) = mail.outbox
    assert reminder.to == ["cy@example.org"]
    assert "Ana Ruiz" in reminder.subject
    assert WHY_CY in reminder.body
    assert "Ben" not in reminder.body


def test_the_reminder_links_to_the_introductions_page_and_names_the_introducer_as_typed(
    people, introduce, clock, settings, client
):
    settings.RAPPORT_SITE_URL = "https://rapport.example.org"
    ana, _ben, cy = people
    member_update_profile(member=ana, name="Ana O'Neil & Co")
    introduce()
    clock.shift(dt.timedelta(days=7, seconds=1))
    expire_and_remind_introductions.enqueue()

    reminder = next(m for m in mail.outbox if m.to == ["cy@example.org"])
    assert reminder.subject == "Ana O'Neil & Co would still like to introduce you to someone"
    assert "A week ago Ana O'Neil & Co offered" in reminder.body
    link = "https://rapport.example.org/introductions/"
    assert f"Say yes or no on Rapport: {link}" in reminder.body
    client.force_login(cy)
    page = client.get(link.removeprefix(settings.RAPPORT_SITE_URL)).content.decode()
    assert escape(WHY_CY) in page


def test_the_reminder_gives_the_last_day_in_each_readers_own_zone(people, introduce, clock):
    """Made at 23:00 UTC on 1 June, it lapses at 23:00 UTC on 15 June: 08:00 on 16 June
    in Tokyo, where Cy lives."""
    _ana, _ben, cy = people
    member_update_profile(member=cy, time_zone="Asia/Tokyo")
    clock.move_to(dt.datetime(2026, 6, 1, 23, 0, tzinfo=dt.UTC), tick=False)
    introduce()
    clock.shift(dt.timedelta(days=7, seconds=1))

    expire_and_remind_introductions.enqueue()

    bodies = {message.to[0]: message.body for message in mail.outbox}
    assert "by 16 June 2026." in bodies["cy@example.org"]
    assert "by 15 June 2026." in bodies["ben@example.org"]


def test_a_side_is_reminded_even_after_the_other_declined(people, introduce, clock):
    _ana, ben, _cy = people
    introduction_decline(member=ben, introduction_id=introduce().pk)
    clock.shift(dt.timedelta(days=7, seconds=1))

    expire_and_remind_introductions.enqueue()

    assert [message.to for message in mail.outbox] == [["cy@example.org"]]


def test_a_side_who_blocked_the_introducer_is_not_reminded_of_them(people, introduce, clock):
    """Mail from someone you blocked is what the block was for; the other side, who
    did not, is reminded as usual."""
    ana, _ben, cy = people
    introduce()
    block_create(blocker=cy, blocked_id=ana.pk)
    clock.shift(dt.timedelta(days=7, seconds=1))

    expire_and_remind_introductions.enqueue()

    assert [message.to for message in mail.outbox] == [["ben@example.org"]]


def test_a_side_whose_account_was_deactivated_is_not_reminded(people, introduce, clock):
    """A moderator deactivated Cy: nothing is mailed to an account that cannot sign in
    to answer, as the notification mail does. Ben is reminded as usual."""
    _ana, _ben, cy = people
    introduce()
    Member.objects.filter(pk=cy.pk).update(is_active=False)
    clock.shift(dt.timedelta(days=7, seconds=1))

    expire_and_remind_introductions.enqueue()

    assert [message.to for message in mail.outbox] == [["ben@example.org"]]


def test_a_leaflet_sentence_is_refused(people, introduce):
    pitch = (
        "I offer best-in-class growth consulting services. Buy my package today and "
        "grow your revenue 10x with our proven funnel system. Contact me for rates!"
    )

    assert _code(lambda: introduce(why_first=pitch)) == ("note_reads_as_leaflet", "why_first")


def test_a_member_who_is_not_there_is_not_found(people):
    ana, ben, _cy = people

    assert _code(
        lambda: introduction_make(
            introducer=ana, first_id=ben.pk, second_id=123456, why_first=WHY_BEN, why_second=WHY_CY
        )
    ) == ("not_found", "second_id")


def test_a_sentence_about_someone_else_is_not_judged_as_a_request(introduce):
    # No question for Ben, no mention of him, nothing they share, and "leads": as a
    # request this would read as a leaflet; as an introduction it is what it should be.
    plain = (
        "She leads the tenants' energy group in Levenshulme and wants to put panels on "
        "their community hall, which your team did for schools."
    )

    assert introduce(why_first=plain).state == "pending"
