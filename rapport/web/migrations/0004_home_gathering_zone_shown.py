"""A gathering's zone and end, now on the home page, move its guests' home versions.

The home page's invitations tell a gathering's start at its place, in the zone its
host chose ("18:00 London time"), with the reader's own time beside it when their
clock reads otherwise, which ``time_at_the_place`` judges by the start and the end
(``web.views._invitation_rows``). ``web.0002`` moves the versions of the members
invited who have not answered only when the title, start, state or host change: a
host who changes the zone alone (London to Lisbon, whose clocks agree) would leave
their kept pages naming the old zone. So the update trigger watches ``time_zone`` and
``ends_at`` too; the members it moves and the function it calls are ``web.0002``'s.

The SQL is written out, as in ``web.0002``, and reversing this migration puts
``web.0002``'s trigger back as it was.
"""

from django.db import NotSupportedError, migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

_COLUMNS_0002 = ("title", "starts_at", "state", "host_id")
_COLUMNS_0004 = (*_COLUMNS_0002, "time_zone", "ends_at")
# ``web.0002``'s members concerned by a gathering's row: those invited who have not
# answered, with ``{row}`` standing for NEW or OLD.
_CONCERNED = (
    "SELECT a.member_id AS m FROM gatherings_attendance a"
    " WHERE a.gathering_id = {row}.id AND a.invited AND a.rsvp = ''"
)


def _postgresql(columns: tuple[str, ...]) -> list[str]:
    changed = " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in columns)
    return [
        "DROP TRIGGER IF EXISTS web_home_gathering_updated ON gatherings_gathering",
        "CREATE TRIGGER web_home_gathering_updated AFTER UPDATE ON gatherings_gathering"
        f" FOR EACH ROW WHEN ({changed}) EXECUTE FUNCTION web_home_gathering_changed()",
    ]


def _sqlite(columns: tuple[str, ...]) -> list[str]:
    changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in columns)
    # As web.0002 writes it: one statement, so that a member both rows name moves once.
    concerned = " UNION ".join(
        f"SELECT m FROM ({_CONCERNED.format(row=row)})" for row in ("NEW", "OLD")
    )
    return [
        "DROP TRIGGER IF EXISTS web_home_gathering_update",
        "CREATE TRIGGER web_home_gathering_update AFTER UPDATE ON gatherings_gathering"
        f" FOR EACH ROW WHEN {changed} BEGIN"
        " INSERT INTO web_homeversion (member_id, version)"
        f" SELECT m, 1 FROM ({concerned}) WHERE m IS NOT NULL"
        " ON CONFLICT (member_id) DO UPDATE SET version = version + 1; END",
    ]


def _statements(vendor: str, *, forward: bool) -> list[str]:
    columns = _COLUMNS_0004 if forward else _COLUMNS_0002
    if vendor == "postgresql":
        return _postgresql(columns)
    if vendor == "sqlite":
        return _sqlite(columns)
    raise NotSupportedError(f"Rapport's home-page triggers are written for PostgreSQL and SQLite, not {vendor}.")


def trigger_widen(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    for sql in _statements(schema_editor.connection.vendor, forward=True):
        schema_editor.execute(sql, params=None)


def trigger_narrow(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    for sql in _statements(schema_editor.connection.vendor, forward=False):
        schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("web", "0003_home_person_could_be_due"),
        ("gatherings", "0006_gathering_time_zone"),
    ]

    operations = [migrations.RunPython(trigger_widen, trigger_narrow)]
