"""Saying "we met" after one of the pair blocked the other.

A pairing outlives a block, and "we met" still answers as always (refusing it would
tell the blocked member of the block). But a keeper is private to its owner: the
member on the far side of a block must not put an entry, nor a coffee, into it.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from rapport.coffee.models import Pairing
from rapport.coffee.services import coffee_opt_in, coffee_round_run
from rapport.keeper.models import Interaction, Person
from rapport.safety.services import block_create

MONDAY = dt.date(2026, 11, 2)
NOW = dt.datetime(2026, 11, 2, 7, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def paired(make_member):
    ana = make_member("Ana Ruiz", interests="accessibility, ceramics")
    lena = make_member("Lena Vogel", interests="accessibility, cycling")
    for member in (ana, lena):
        coffee_opt_in(member=member, frequency="weekly")
    coffee_round_run(held_on=MONDAY, now=NOW)
    return ana, lena, Pairing.objects.get()


def _keeper(owner) -> list[tuple]:
    """Everything of ``owner``'s keeper entries a "we met" could write."""
    return list(
        Person.objects.filter(owner=owner)
        .order_by("pk")
        .values_list("pk", "member_id", "met_context", "met_on", "circle")
    )


def test_the_blocked_member_saying_we_met_writes_nothing_into_the_blockers_keeper(
    paired, api_as, _frozen
):
    ana, lena, pairing = paired
    block_create(blocker=lena, blocked_id=ana.pk)
    _frozen.move_to(NOW + dt.timedelta(days=3))
    lenas_keeper = _keeper(lena)

    said = api_as(ana).post(f"/coffee/pairings/{pairing.pk}/met")

    assert said.status_code == 200  # as ever: Ana learns nothing of the block
    assert Interaction.objects.filter(owner=ana, kind="coffee").count() == 1
    assert _keeper(lena) == lenas_keeper
    assert not Interaction.objects.filter(owner=lena).exists()


def test_the_blocker_saying_we_met_writes_only_their_own_keeper(paired, api_as, _frozen):
    ana, lena, pairing = paired
    block_create(blocker=lena, blocked_id=ana.pk)
    _frozen.move_to(NOW + dt.timedelta(days=3))
    anas_keeper = _keeper(ana)

    said = api_as(lena).post(f"/coffee/pairings/{pairing.pk}/met")

    assert said.status_code == 200
    assert Interaction.objects.filter(owner=lena, kind="coffee").count() == 1
    assert _keeper(ana) == anas_keeper
    assert not Interaction.objects.filter(owner=ana).exists()


def test_without_a_block_we_met_goes_in_both_keepers(paired, api_as, _frozen):
    ana, lena, pairing = paired
    _frozen.move_to(NOW + dt.timedelta(days=3))

    api_as(ana).post(f"/coffee/pairings/{pairing.pk}/met")

    assert Interaction.objects.filter(owner=ana, kind="coffee").count() == 1
    assert Interaction.objects.filter(owner=lena, kind="coffee").count() == 1
