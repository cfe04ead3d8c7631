"""Introducing a pair that is taken: the introducer who made the first introduction is
told what their own list shows; anyone else learns only that one is waiting."""

from __future__ import annotations

import pytest

from rapport.errors import Conflict
from rapport.introductions.services import introduction_decline


def _message(call) -> str:
    with pytest.raises(Conflict) as raised:
        call()
    assert raised.value.code == "introduction_pending"
    return raised.value.message


def test_the_introducer_whose_introduction_was_declined_is_told_so_not_that_it_waits(
    people, introduce
):
    _ana, ben, cy = people
    made = introduce()
    introduction_decline(member=cy, introduction_id=made.pk)

    message = _message(introduce)

    assert message.startswith(
        f"You introduced {ben.name} and {cy.name} already: one of them declined it. "
        "The pair stays taken until "
    )
    assert "waiting" not in message


def test_the_introducer_of_a_pending_one_is_told_it_waits(people, introduce):
    _ana, ben, cy = people
    introduce()

    assert _message(introduce).startswith(
        f"You introduced {ben.name} and {cy.name} already: it waits for their answers."
    )


def test_another_introducer_learns_nothing_of_a_decline(people, introduce, make_member, connect):
    _ana, ben, cy = people
    dee = make_member("Dee Park")
    connect(dee, ben)
    connect(dee, cy)
    made = introduce()
    introduction_decline(member=cy, introduction_id=made.pk)

    assert _message(lambda: introduce(introducer=dee)) == (
        f"{ben.name} and {cy.name} already have an introduction waiting for their answers."
    )
