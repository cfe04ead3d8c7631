"""Across a block, the mail tells what the pages that answer it show, and no more:
an introduction is left out only for a block with the other person, and outlives one
with its introducer; an invitation outlives a block with its host. The home's "waiting
for you" lists follow the same rule (tests/web/test_home_waiting.py): a member told on
the site but not by mail, or the other way round, could tell a block from the
difference (docs/security.md, "Blocks and reports").
"""

from __future__ import annotations

import datetime as dt

import pytest

from rapport.gatherings.selectors import gatherings_of, mine
from rapport.gatherings.services import gathering_create, gathering_invite
from rapport.introductions.selectors import introductions_received
from rapport.introductions.services import introduction_make
from rapport.notifications.selectors import Window, what_waits_for
from rapport.safety.services import block_create
from tests.notifications.conftest import NOW, minutes, run

WHY = "You both care about public transport data and would enjoy comparing notes."
STARTS = dt.datetime(2026, 6, 4, 18, 0, tzinfo=dt.UTC)
INTRODUCED = "Cy Tran would like to introduce you to someone."
INVITED = "Ben Okafor invites you to Transit data supper"


@pytest.fixture
def cy(clock, make_member, connect, ana):
    cy = make_member("Cy Tran", email="cy@example.org", time_zone="Europe/London")
    connect(cy, ana)
    return cy


@pytest.fixture
def dee(clock, make_member, connect, cy):
    dee = make_member("Dee Park", email="dee@example.org", time_zone="Europe/London")
    connect(cy, dee)
    return dee


def _introduce(introducer, first, second):
    return introduction_make(
        introducer=introducer,
        first_id=first.pk,
        second_id=second.pk,
        why_first=WHY,
        why_second=WHY,
    )


def _invite(host, guest, title="Transit data supper"):
    gathering = gathering_create(
        host=host,
        title=title,
        starts_at=STARTS,
        ends_at=STARTS + dt.timedelta(hours=2),
        place="The back room of The Anchor, Manchester",
        no_agenda=True,
    )
    gathering_invite(host=host, gathering_id=gathering.pk, member_ids=[guest.pk])
    return gathering


def _mail_to_ana(mailoutbox) -> str:
    """The body of the one mail Ana was sent, or "" when none."""
    mails = [mail for mail in mailoutbox if mail.to == ["ana@example.org"]]
    assert len(mails) <= 1
    return mails[0].body if mails else ""


def _block(request, blocker: str, blocked: str) -> None:
    """``blocker`` blocks ``blocked``, each named by their fixture."""
    blocked_id = request.getfixturevalue(blocked).pk
    block_create(blocker=request.getfixturevalue(blocker), blocked_id=blocked_id)


# Who blocks whom, by fixture name: Cy introduces Ana to Dee; Ben invites Ana.
INTRODUCTION_OUTLIVES = {
    "Ana blocks the introducer": ("ana", "cy"),
    "the introducer blocks Ana": ("cy", "ana"),
}
INTRODUCTION_HIDDEN = {
    "Ana blocks the other person": ("ana", "dee"),
    "the other person blocks Ana": ("dee", "ana"),
}
INVITATION_OUTLIVES = {
    "Ana blocks the host": ("ana", "ben"),
    "the host blocks Ana": ("ben", "ana"),
}


@pytest.mark.parametrize(
    ("blocker", "blocked"), INTRODUCTION_OUTLIVES.values(), ids=INTRODUCTION_OUTLIVES.keys()
)
def test_an_introduction_is_mailed_across_a_block_with_its_introducer(
    request, ana, cy, dee, clock, mailoutbox, blocker, blocked
):
    _introduce(cy, ana, dee)
    _block(request, blocker, blocked)
    clock.shift(minutes(11))
    run()
    assert INTRODUCED in _mail_to_ana(mailoutbox)


@pytest.mark.parametrize(
    ("blocker", "blocked"), INTRODUCTION_HIDDEN.values(), ids=INTRODUCTION_HIDDEN.keys()
)
def test_an_introduction_across_a_block_with_the_other_person_is_never_mailed(
    request, ana, cy, dee, clock, mailoutbox, blocker, blocked
):
    _introduce(cy, ana, dee)
    _invite(cy, ana, "Depot walk")  # something else to mail her
    _block(request, blocker, blocked)
    clock.shift(minutes(11))
    run()
    body = _mail_to_ana(mailoutbox)
    assert "Cy Tran invites you to Depot walk" in body
    assert "introduce you" not in body


@pytest.mark.parametrize(
    ("blocker", "blocked"), INVITATION_OUTLIVES.values(), ids=INVITATION_OUTLIVES.keys()
)
def test_an_invitation_is_mailed_across_a_block_with_its_host(
    request, ana, ben, clock, mailoutbox, blocker, blocked
):
    _invite(ben, ana)
    _block(request, blocker, blocked)
    clock.shift(minutes(11))
    run()
    body = _mail_to_ana(mailoutbox)
    assert f"{INVITED}, on Thursday 4 June 2026" in body


def test_across_blocks_the_mail_lists_what_the_pages_list(ana, clock, make_member, connect):
    """The mail's SQL holds the pages' rule, block by block: the introductions that
    ``introductions_received`` lets the member answer, the invitations ``gatherings_of``
    shows them unanswered."""
    for n, (blocker, blocked) in enumerate(
        [("ana", "introducer"), ("introducer", "ana"), ("ana", "other"), ("other", "ana")]
    ):
        who = {"introducer": make_member(f"Introducer {n}"), "other": make_member(f"Other {n}")}
        who["ana"] = ana
        connect(who["introducer"], ana)
        connect(who["introducer"], who["other"])
        _introduce(who["introducer"], ana, who["other"])
        _invite(who["introducer"], ana, f"Gathering {n}")
        block_create(blocker=who[blocker], blocked_id=who[blocked].pk)
    later = NOW + minutes(11)

    waits = what_waits_for(member=ana, window=Window.at(later))

    answer = [
        view.introduction.pk
        for view in introductions_received(member=ana, now=later)
        if view.can_answer
    ]
    assert sorted(i.pk for i in waits.introductions) == sorted(answer)
    assert len(answer) == 2  # the two across a block with their introducer
    unanswered = [
        g.pk
        for g in gatherings_of(member=ana, now=later).upcoming
        if (row := mine(g)) is not None and row.invited and not row.rsvp
    ]
    assert sorted(g.pk for g in waits.invitations) == sorted(unanswered)
    assert len(unanswered) == 4  # every one, across a block with its host either way
