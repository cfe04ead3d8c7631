"""The board's reasons say what was measured: a supporting seat offered for exchanges
that went both ways must not claim the favours balance, which the person's page judges
(``insights.reciprocity``) and may deny."""

from __future__ import annotations

from rapport.audit.board import Candidate, Seat, board_suggestions


def test_a_supporting_seat_offered_for_two_way_exchanges_says_so_not_even_favours():
    seat = Seat(position=4, group="support", role="Supporter", held_by=None)
    grace = Candidate(person_id=7, name="Grace", score=0.6, why="", reciprocity=0.8)

    (suggestion,) = board_suggestions([seat], [grace])

    assert suggestion.why.startswith("Your exchanges go both ways")
    assert "give and take" not in suggestion.why


def test_help_received_is_the_reason_before_exchanges():
    seat = Seat(position=4, group="support", role="Supporter", held_by=None)
    ben = Candidate(person_id=8, name="Ben", score=0.5, why="", help_received=2, reciprocity=0.9)

    (suggestion,) = board_suggestions([seat], [ben])

    assert suggestion.why.startswith("Helped you twice")
