"""`rapport seed` on a database that already has members refuses before it says it is
seeding, so the only line is the refusal (it printed "Seeding 10 members..." first)."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from rapport.members.models import Member
from rapport.network.models import Connection


def test_a_database_with_members_is_refused_before_anything_is_announced(make_member):
    make_member("Ana Ruiz", username="ana")
    make_member("Ben Okafor", username="ben")
    out = io.StringIO()

    with pytest.raises(CommandError) as error:
        call_command("seed", members=10, stdout=out)

    assert str(error.value).startswith(
        "The database already has 2 members. `rapport seed` builds a community in an "
        "empty database: create a fresh one"
    )
    assert out.getvalue() == ""
    assert sorted(Member.objects.values_list("username", flat=True)) == ["ana", "ben"]
    assert not Connection.objects.exists()
