"""Writing a generated table: a column may be one value for every row."""

from __future__ import annotations

import numpy as np
import pytest

from rapport.members.models import Member
from rapport.seeding.tables import Table, table_write


def test_a_constant_first_column_does_not_set_the_number_of_rows():
    ids = np.arange(1, 4, dtype=np.int64)
    assert len(Table(Member, {"is_active": True, "id": ids})) == 3
    assert len(Table(Member, {"password": "!", "id": ids})) == 3
    assert len(Table(Member, {"password": "!"})) == 0


@pytest.mark.django_db
def test_every_row_is_written_whichever_column_comes_first():
    table = Table(
        Member,
        {
            "password": "!",
            "is_active": True,
            "id": np.arange(1, 4, dtype=np.int64),
            "username": ["ada", "grace", "edsger"],
        },
    )
    assert table_write(table) == 3
    assert sorted(Member.objects.values_list("username", flat=True)) == ["ada", "edsger", "grace"]
