"""The invariants hold in the database too, whatever writes the row."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from rapport.introductions.models import Introduction
from tests.introductions.conftest import WHY_BEN, WHY_CY


def _broken(row: Introduction, **changes) -> bool:
    try:
        with transaction.atomic():
            Introduction.objects.filter(pk=row.pk).update(**changes)
    except IntegrityError:
        return True
    return False


@pytest.mark.parametrize(
    "changes",
    [
        {"state": "accepted"},  # nobody said yes
        {"first_answer": "accepted", "second_answer": "accepted"},  # both yes, still pending
        {"state": "declined", "decided_at": None},
        {"first_answer": "declined"},  # a "no" on a pending introduction
        {"state": "sideways"},
        {"why_first": "short"},
        {"withheld": True, "first_answer": "accepted"},
    ],
)
def test_a_row_that_contradicts_itself_is_refused(introduce, changes):
    assert _broken(introduce(), **changes)


def test_three_different_people_and_an_ordered_pair(people, introduce):
    _ana, ben, cy = people
    row = introduce()

    assert _broken(row, first_id=cy.pk)
    assert _broken(row, introducer_id=ben.pk)
    assert _broken(row, member_low_id=row.member_high_id, member_high_id=row.member_low_id)


def test_one_pending_introduction_per_pair_whoever_writes_it(people, introduce, make_member):
    _ana, ben, cy = people
    first = introduce()
    dee = make_member("Dee Park")

    with pytest.raises(IntegrityError), transaction.atomic():
        Introduction.objects.create(
            introducer=dee,
            first=cy,
            second=ben,
            member_low_id=first.member_low_id,
            member_high_id=first.member_high_id,
            why_first=WHY_CY,
            why_second=WHY_BEN,
            created_at=first.created_at,
            expires_at=first.expires_at,
        )
