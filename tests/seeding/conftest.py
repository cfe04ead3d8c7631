"""A small seeded community, written once per module through the real command.

Seeding takes seconds even for a few hundred members, so the tests that only read
share one community, removed again when the module is done.
"""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from rapport.members.models import Member

NOW = dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC)
MEMBERS = 300


def seed(members: int = MEMBERS, seed: int = 7) -> str:
    out = StringIO()
    call_command("seed", members=members, seed=seed, now=NOW, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def seeded_once(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        printed = seed()
    yield printed
    with django_db_blocker.unblock():
        # Every seeded row hangs off a member, so deleting them cascades to the rest.
        Member.objects.all().delete()


@pytest.fixture
def seeded(seeded_once, db) -> str:
    return seeded_once
