"""Keeper people who could never be due leave the home page's version alone.

``web.0002`` moves the owner's home version on every keeper person added or deleted,
and on every change to a column the page shows. But the page lists only the people
who could be due (``web.waiting_for_you.DUE_SQL``: not archived, and in one of the
four circles or with a cadence of their own), and an import adds people who are
neither, thousands at once: 30,000 connections fired the trigger 30,000 times, each an
upsert of the same row, for a page that did not change (docs/benchmarks.md,
"Importing a LinkedIn export"): on PostgreSQL about 10 s of a 15 s import. So each
trigger now moves the version only for a row that could be due before the write or
after it: a person moved into a circle, given a cadence or restored from the archive
still moves the page, and so does one leaving it.

On PostgreSQL a trigger's condition may not name ``OLD`` on an insert nor ``NEW`` on a
delete, so ``web.0002``'s insert-or-delete trigger becomes two; the function they call
is ``web.0002``'s, unchanged. The SQL is written out, as in ``web.0002``, and
reversing this migration puts ``web.0002``'s triggers back as they were.
"""

from django.db import NotSupportedError, migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

# A person the home page could list as due (``web.waiting_for_you.DUE_SQL``), with
# ``{row}`` standing for NEW or OLD; the circles are ``keeper.vocabulary.Circle.layered``.
# Equalities, not ``IN (...)``: SQLite evaluates a trigger's condition once per row, and
# an IN list cost it more per row than the whole trigger of web.0002 did.
_COULD_BE_DUE = (
    "({row}.archived_at IS NULL AND ("
    + " OR ".join(f"{{row}}.circle = '{circle}'" for circle in ("5", "15", "50", "150"))
    + " OR {row}.cadence_days IS NOT NULL))"
)
_EITHER = f"({_COULD_BE_DUE.format(row='OLD')} OR {_COULD_BE_DUE.format(row='NEW')})"
# ``web.0002``'s columns: an update that leaves them as they were changes nothing shown.
_COLUMNS = (
    "name",
    "circle",
    "cadence_days",
    "snoozed_until",
    "archived_at",
    "last_contact_at",
    "owner_id",
)
_PG_CHANGED = " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in _COLUMNS)
_SQLITE_CHANGED = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in _COLUMNS)

_PG_CALL = "FOR EACH ROW{when} EXECUTE FUNCTION web_home_person_changed()"
_PG_0002 = [
    "CREATE TRIGGER web_home_person_written AFTER INSERT OR DELETE ON keeper_person "
    + _PG_CALL.format(when=""),
    "CREATE TRIGGER web_home_person_updated AFTER UPDATE ON keeper_person "
    + _PG_CALL.format(when=f" WHEN ({_PG_CHANGED})"),
]
_PG_0003 = [
    "CREATE TRIGGER web_home_person_added AFTER INSERT ON keeper_person "
    + _PG_CALL.format(when=f" WHEN {_COULD_BE_DUE.format(row='NEW')}"),
    "CREATE TRIGGER web_home_person_removed AFTER DELETE ON keeper_person "
    + _PG_CALL.format(when=f" WHEN {_COULD_BE_DUE.format(row='OLD')}"),
    "CREATE TRIGGER web_home_person_updated AFTER UPDATE ON keeper_person "
    + _PG_CALL.format(when=f" WHEN (({_PG_CHANGED}) AND {_EITHER})"),
]
_PG_DROP = [
    f"DROP TRIGGER IF EXISTS web_home_person_{name} ON keeper_person"
    for name in ("written", "added", "removed", "updated")
]


def _sqlite_trigger(event: str, rows: tuple[str, ...], when: str) -> str:
    # As web.0002 writes it: one statement, so that an owner both rows name moves once.
    concerned = " UNION ".join(f"SELECT m FROM (SELECT {row}.owner_id AS m)" for row in rows)
    return (
        f"CREATE TRIGGER web_home_person_{event} AFTER {event.upper()} ON keeper_person"
        f" FOR EACH ROW{when} BEGIN"
        f" INSERT INTO web_homeversion (member_id, version)"
        f" SELECT m, 1 FROM ({concerned}) WHERE m IS NOT NULL"
        f" ON CONFLICT (member_id) DO UPDATE SET version = version + 1; END"
    )


_SQLITE_0002 = [
    _sqlite_trigger("insert", ("NEW",), ""),
    _sqlite_trigger("delete", ("OLD",), ""),
    _sqlite_trigger("update", ("NEW", "OLD"), f" WHEN {_SQLITE_CHANGED}"),
]
_SQLITE_0003 = [
    _sqlite_trigger("insert", ("NEW",), f" WHEN {_COULD_BE_DUE.format(row='NEW')}"),
    _sqlite_trigger("delete", ("OLD",), f" WHEN {_COULD_BE_DUE.format(row='OLD')}"),
    _sqlite_trigger("update", ("NEW", "OLD"), f" WHEN ({_SQLITE_CHANGED}) AND {_EITHER}"),
]
_SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS web_home_person_{event}" for event in ("insert", "delete", "update")
]


def _statements(vendor: str, *, forward: bool) -> list[str]:
    if vendor == "postgresql":
        return _PG_DROP + (_PG_0003 if forward else _PG_0002)
    if vendor == "sqlite":
        return _SQLITE_DROP + (_SQLITE_0003 if forward else _SQLITE_0002)
    raise NotSupportedError(f"Rapport's home-page triggers are written for PostgreSQL and SQLite, not {vendor}.")


def triggers_narrow(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    for sql in _statements(schema_editor.connection.vendor, forward=True):
        schema_editor.execute(sql, params=None)


def triggers_widen(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    for sql in _statements(schema_editor.connection.vendor, forward=False):
        schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [("web", "0002_home_waiting_for_you")]

    operations = [migrations.RunPython(triggers_narrow, triggers_widen)]
