"""The demo shows asks and offers at work, as Ana sees them."""

from __future__ import annotations

from rapport.asks.selectors import asks_board, asks_of
from rapport.keeper.models import Interaction
from rapport.members.models import Member
from tests.demo.conftest import community, community_rows  # noqa: F401  (the fixtures)


def test_the_board_has_asks_and_offers_and_one_closed_with_a_helper(community):  # noqa: F811
    ana = Member.objects.get(username="ana")

    board = asks_board(viewer=ana)
    mine = {ask.state: ask for ask in asks_of(poster=ana)}

    assert {ask.kind for ask in board} == {"ask", "offer"}
    assert len(board) >= 4
    assert set(mine) == {"open", "closed"}
    received = Interaction.objects.get(owner=ana, kind="advice", source="rapport")
    assert received.direction == "received"
    assert [p.member.username for p in received.people.all()] == ["ingrid"]
