"""The demo shows introductions at work, as Ana sees them."""

from __future__ import annotations

from rapport.conversations.selectors import messages_of
from rapport.introductions.selectors import introductions_made, introductions_received
from rapport.members.models import Member
from tests.demo.conftest import community, community_rows  # noqa: F401  (the fixtures)


def test_ana_has_one_to_answer_one_accepted_and_one_declined(community):  # noqa: F811
    ana = Member.objects.get(username="ana")

    (waiting,) = introductions_received(member=ana)
    made = {view.state: view for view in introductions_made(member=ana)}

    assert waiting.state == "waiting_for_you"
    assert waiting.introduction.introducer.username == "ingrid"
    assert waiting.other is None
    assert set(made) == {"accepted", "declined"}
    accepted = made["accepted"].introduction
    thread = messages_of(conversation=accepted.conversation)
    assert thread[0].sender_id == ana.pk
    assert {m.sender.username for m in thread[1:]} == {"ben", "ines"}
