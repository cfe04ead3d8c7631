"""The database itself refuses an interaction of an unknown kind, direction or favour,
whoever writes it (the import writes plain rows, past the model's validation), and
takes every known one: the checks are written as equalities for speed
(rapport/constraints.py) and must still mean what the IN lists meant."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from rapport.keeper.models import Interaction
from rapport.keeper.vocabulary import Direction, Kind

pytestmark = pytest.mark.django_db


def _write(owner, **fields) -> None:
    values = {"kind": "message", "direction": "gave", "favour": "", **fields}
    Interaction.objects.create(
        owner=owner, occurred_at=timezone.now(), created_at=timezone.now(), **values
    )


@pytest.mark.parametrize(
    "field, value",
    [("kind", "poke"), ("direction", "sideways"), ("favour", "message"), ("kind", "")],
)
def test_an_unknown_value_is_refused_by_the_database(make_member, field, value):
    owner = make_member("ana")
    with pytest.raises(IntegrityError), transaction.atomic():
        _write(owner, **{field: value})
    assert not Interaction.objects.filter(owner=owner).exists()


def test_every_known_value_is_taken(make_member):
    owner = make_member("ana")
    for kind in Kind.codes:
        _write(owner, kind=kind)
    for direction in Direction.codes:
        _write(owner, direction=direction)
    for favour in ["", *Kind.favours]:
        _write(owner, favour=favour)
    assert Interaction.objects.filter(owner=owner).count() == (
        len(Kind.codes) + len(Direction.codes) + len(Kind.favours) + 1
    )


@pytest.mark.skipif(connection.vendor != "sqlite", reason="reads SQLite's own schema text")
def test_the_checks_are_equalities_not_in_lists():
    with connection.cursor() as cursor:
        cursor.execute("SELECT sql FROM sqlite_master WHERE name = 'keeper_interaction'")
        (schema,) = cursor.fetchone()
    checks = schema[schema.index("CONSTRAINT") :]
    assert "\"kind\" = 'message'" in checks
    assert " IN (" not in checks.upper()
