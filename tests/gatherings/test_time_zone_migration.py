"""Gatherings saved before they had a zone of their own get none (blank): they read
as they always did, in each member's own zone. The column is added in place, so the
home page's triggers on the gatherings table (``web.0002``) stay; and it can be undone."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, connection, transaction

from rapport.gatherings.models import Gathering
from tests.conftest import new_member
from tests.migrating import migrate_to, migrate_to_latest

BEFORE = ("gatherings", "0005_gathering_move_mails_in_run")
WHEN = dt.datetime(2026, 11, 6, 19, 0, tzinfo=dt.UTC)


def _triggers_on_gatherings() -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' "
                "AND tbl_name = 'gatherings_gathering'"
            )
        else:
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal "
                "AND tgrelid = 'gatherings_gathering'::regclass"
            )
        return {name for (name,) in cursor.fetchall()}


@pytest.mark.django_db(transaction=True)
def test_gatherings_from_before_have_no_zone_and_the_triggers_stay():
    host = new_member("Ada Lowe", time_zone="Europe/London")
    triggers = _triggers_on_gatherings()
    assert triggers, "web.0002's triggers are expected on the gatherings table"
    try:
        old = migrate_to(BEFORE).get_model("gatherings", "Gathering")
        row = old.objects.create(
            host_id=host.pk,
            title="Transit data supper",
            starts_at=WHEN,
            ends_at=WHEN + dt.timedelta(hours=2),
            place="The Anchor, Manchester",
            no_agenda=True,
            created_at=WHEN - dt.timedelta(days=3),
            updated_at=WHEN - dt.timedelta(days=3),
        )
    finally:
        migrate_to_latest()

    assert Gathering.objects.get(pk=row.pk).time_zone == ""
    assert _triggers_on_gatherings() == triggers
    with pytest.raises(IntegrityError), transaction.atomic():
        Gathering.objects.filter(pk=row.pk).update(time_zone="Europe/Lisbon ")

    # And back: the column goes, the rows and the triggers stay.
    try:
        migrate_to(BEFORE)
        with connection.cursor() as cursor:
            columns = [
                column.name
                for column in connection.introspection.get_table_description(
                    cursor, "gatherings_gathering"
                )
            ]
        assert "time_zone" not in columns
        assert _triggers_on_gatherings() == triggers
    finally:
        migrate_to_latest()
    assert Gathering.objects.filter(pk=row.pk).exists()
