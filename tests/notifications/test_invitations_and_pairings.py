"""A gathering invitation and a coffee pairing are mailed as the other things are: once,
after the wait, never once answered or written in; a pairing never across a block (an
invitation outlives one with its host, as on its page: tests/notifications/test_blocks.py).

Through the services a member's action uses and the worker's five-minute job, with
the clock moved as the minutes pass.
"""

from __future__ import annotations

import datetime as dt

import pytest

from rapport.coffee.models import Pairing
from rapport.coffee.services import coffee_opt_in, coffee_round_run
from rapport.gatherings.services import (
    gathering_cancel,
    gathering_create,
    gathering_invite,
    gathering_rsvp,
    gathering_update,
)
from rapport.notifications.selectors import Window, notification_candidates, what_waits_for
from rapport.notifications.services import notification_frequency_set
from rapport.safety.services import block_create
from tests.notifications.conftest import NOW, SITE, minutes, run, write

# Thursday 4 June 2026, 18:00 UTC: 19:00 in London, 14:00 in Toronto.
STARTS = dt.datetime(2026, 6, 4, 18, 0, tzinfo=dt.UTC)
PLACE = "The back room of The Anchor, Manchester"
JOIN_LINK = "https://meet.example.org/transit-42?pwd=secret"
AGENDA = "Budget numbers for the depot bid: not for outside eyes."


def _mails_to(mailoutbox, to: str):
    return [mail for mail in mailoutbox if mail.to == [to]]


def _gathering(host, **overrides):
    fields = {
        "title": "Transit data supper",
        "starts_at": STARTS,
        "ends_at": STARTS + dt.timedelta(hours=2),
        "place": PLACE,
        "link": JOIN_LINK,
        "agenda": AGENDA,
        "visibility": "invite",
    }
    fields.update(overrides)
    return gathering_create(host=host, **fields)


@pytest.fixture
def invited(ana, ben):
    """Ben hosts a supper on Thursday and invites Ana."""
    gathering = _gathering(ben)
    gathering_invite(host=ben, gathering_id=gathering.pk, member_ids=[ana.pk])
    return gathering


@pytest.fixture
def dee(clock, make_member):
    return make_member(
        "Dee Park", email="dee@example.org", time_zone="Europe/London", interests="transit, maps"
    )


@pytest.fixture
def paired(ana, dee):
    """Ana and Dee (not connected) paired in Monday's coffee round, at 10:00 UTC."""
    for member in (ana, dee):
        coffee_opt_in(member=member, frequency="weekly")
    coffee_round_run(held_on=NOW.date(), now=NOW)
    return Pairing.objects.get()


# --- gathering invitations ---


def test_an_invitation_to_a_gathering_kept_at_its_place_says_that_time_then_the_members(
    ana, ben, clock, mailoutbox
):
    """A supper in Lisbon is kept in Lisbon time: the invitation says so first, as its
    page and reminder do, and Ana's own clock in London beside it."""
    gathering = _gathering(ben, time_zone="Europe/Lisbon")
    gathering_invite(host=ben, gathering_id=gathering.pk, member_ids=[ana.pk])
    clock.shift(minutes(11))
    assert run() == 1

    [mail] = _mails_to(mailoutbox, "ana@example.org")
    # 18:00 UTC is 19:00 in Lisbon in June, and 19:00 in London too: one clock is enough.
    assert "Ben Okafor invites you to Transit data supper, on Thursday 4 June 2026, 19:00 " in (
        mail.body
    )
    assert "19:00 Lisbon time. Answer yes, maybe or no" in mail.body


def test_an_invitation_kept_at_a_place_in_another_zone_gives_the_members_time_too(
    ana, ben, clock, mailoutbox
):
    gathering = _gathering(ben, time_zone="America/Toronto")
    gathering_invite(host=ben, gathering_id=gathering.pk, member_ids=[ana.pk])
    clock.shift(minutes(11))
    assert run() == 1

    [mail] = _mails_to(mailoutbox, "ana@example.org")
    assert (
        "Ben Okafor invites you to Transit data supper, on Thursday 4 June 2026, 14:00 Toronto "
        "time (19:00 your time, London). Answer yes, maybe or no on its page." in mail.body
    )


def test_an_invitation_is_mailed_once_with_host_title_time_in_the_members_zone_and_a_link(
    ana, ben, invited, clock, mailoutbox
):
    clock.shift(minutes(5))
    assert run() == 0  # still within the wait
    clock.shift(minutes(6))
    assert run() == 1

    [mail] = _mails_to(mailoutbox, "ana@example.org")
    assert mail.subject == "Ben Okafor invites you to Transit data supper"
    assert "GATHERING INVITATIONS" in mail.body
    assert (
        "Ben Okafor invites you to Transit data supper, on Thursday 4 June 2026, 19:00 BST, "
        "your time (London)." in mail.body
    )
    assert f"{SITE}/gatherings/{invited.pk}/" in mail.body
    # Where, the link to join and the agenda stay on the site: mail leaves it.
    assert "Anchor" not in mail.body and "meet.example.org" not in mail.body
    assert "depot" not in mail.body
    clock.shift(dt.timedelta(hours=2))
    run()
    assert len(_mails_to(mailoutbox, "ana@example.org")) == 1  # mailed once
    # The host is asked nothing (his morning's mail is of his new connection, Ana).
    [mail] = _mails_to(mailoutbox, "ben@example.org")
    assert "Transit data supper" not in mail.body


def test_an_invitation_is_told_in_the_members_own_zone(ana, ben, clock, mailoutbox):
    gathering = _gathering(ana)
    gathering_invite(host=ana, gathering_id=gathering.pk, member_ids=[ben.pk])
    clock.move_to(dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC))  # 08:00 in Toronto
    assert run() == 1

    [mail] = _mails_to(mailoutbox, "ben@example.org")
    assert "on Thursday 4 June 2026, 14:00 EDT, your time (Toronto)." in mail.body


def test_an_invitation_answered_within_the_wait_or_cancelled_is_never_mailed(
    ana, ben, invited, clock, make_member, connect, mailoutbox
):
    cy = make_member("Cy Tran", email="cy@example.org", time_zone="Europe/London")
    connect(ben, cy)
    other = _gathering(ben, title="Depot walk")
    gathering_invite(host=ben, gathering_id=other.pk, member_ids=[cy.pk])
    clock.shift(minutes(4))
    gathering_rsvp(member=ana, gathering_id=invited.pk, answer="no")
    gathering_cancel(host=ben, gathering_id=other.pk)

    clock.shift(minutes(10))
    assert run() == 0
    assert mailoutbox == []


def test_the_host_is_never_mailed_their_own_gathering(ana, ben, clock, mailoutbox):
    """Closing a community gathering to invited guests invites whoever said yes, the
    host among them: nobody waits for the host's answer."""
    gathering = _gathering(ben, visibility="community")
    gathering_rsvp(member=ana, gathering_id=gathering.pk, answer="yes")
    gathering_update(host=ben, gathering_id=gathering.pk, visibility="invite")
    clock.shift(minutes(11))
    assert run() == 0
    assert mailoutbox == []


def test_a_daily_member_is_told_of_the_invitation_at_eight(ana, ben, invited, clock, mailoutbox):
    notification_frequency_set(member=ana, frequency="daily")
    clock.shift(minutes(11))
    assert run() == 0
    clock.move_to(dt.datetime(2026, 6, 2, 7, 0, tzinfo=dt.UTC))  # 08:00 on Tuesday in London
    assert run() == 1
    [mail] = _mails_to(mailoutbox, "ana@example.org")
    assert "Ben Okafor invites you to Transit data supper" in mail.body
    assert "once a day, at 08:00 your time (London)" in mail.body


# --- coffee pairings ---


def test_a_coffee_pairing_is_mailed_once_to_each_with_who_when_and_a_link(
    ana, dee, paired, clock, mailoutbox
):
    clock.shift(minutes(11))
    assert run() == 2

    [mail] = _mails_to(mailoutbox, "ana@example.org")
    assert mail.subject == "You were paired for coffee with Dee Park"
    assert "COFFEE PAIRINGS" in mail.body
    hold = paired.hold_starts_at.astimezone(dt.timezone(dt.timedelta(hours=1)))
    assert (
        f"You were paired for coffee with Dee Park: a half-hour hold on "
        f"{hold:%A} {hold.day} {hold:%B} at {hold:%H:%M} BST, your time (London)." in mail.body
    )
    assert f"{SITE}/coffee/pairings/{paired.pk}/" in mail.body
    [mail] = _mails_to(mailoutbox, "dee@example.org")
    assert mail.subject == "You were paired for coffee with Ana Ruiz"

    clock.shift(dt.timedelta(hours=2))
    assert run() == 0  # mailed once


def test_a_pairing_the_member_wrote_in_first_is_not_mailed_to_them(
    ana, dee, paired, clock, mailoutbox
):
    clock.shift(minutes(3))
    write(ana, dee, "Hello Dee! Thursday suits me.")
    clock.shift(minutes(11))
    run()

    assert _mails_to(mailoutbox, "ana@example.org") == []
    [mail] = _mails_to(mailoutbox, "dee@example.org")  # Dee has not written yet
    assert "You were paired for coffee with Ana Ruiz" in mail.body


def test_a_pairing_across_a_block_is_never_mailed(ana, dee, paired, clock, mailoutbox):
    block_create(blocker=dee, blocked_id=ana.pk)
    clock.shift(minutes(11))
    assert run() == 0
    assert mailoutbox == []


# --- what it costs ---


def test_the_candidates_are_found_in_one_query_and_each_member_read_in_six(
    ana, ben, dee, invited, paired, clock, django_assert_num_queries
):
    for n in range(3):  # more invitations for Ana cost no more queries
        gathering = _gathering(ben, title=f"Supper {n}")
        gathering_invite(host=ben, gathering_id=gathering.pk, member_ids=[ana.pk])
    now = NOW + minutes(11)

    with django_assert_num_queries(1):
        found = notification_candidates(now=now)
    assert {ana.pk, dee.pk} <= set(found) and found == sorted(found)

    with django_assert_num_queries(6):
        waiting = what_waits_for(member=ana, window=Window.at(now))
    assert [g.title for g in waiting.invitations] == [
        "Transit data supper",
        "Supper 0",
        "Supper 1",
        "Supper 2",
    ]
    assert [p.other.name for p in waiting.pairings] == ["Dee Park"]
    with django_assert_num_queries(6):
        assert [
            p.other.name for p in what_waits_for(member=dee, window=Window.at(now)).pairings
        ] == ["Ana Ruiz"]
