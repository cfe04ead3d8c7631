"""The triggers that move home-page versions for what else waits for a member.

The home page lists, beside the requests, what else waits for the member's answer
(``web.waiting_for_you``): introductions waiting for their yes or no, invitations they
have not answered, their connections' open asks they have not answered, and the people
of their keeper who are due. Every write to one of those rows moves the version of the
members it concerns, in the database itself, as ``web.0001`` does for the rest:

- an introduction written: the two people it introduces (the introducer's page does
  not list it);
- an attendance written: its member;
- a gathering's title, time, state or host changed: the members invited who have not
  answered (a gathering's own insert or delete has no such row of its own);
- an ask's title, kind, state, time or poster changed, or an ask posted or deleted:
  the poster's connections (at most the connection cap of them);
- an answer to an ask written: its author;
- a keeper person's name, circle, cadence, snooze, archive or last contact changed, or
  the person added or deleted: their owner;
- a block made or lifted: both members (the items hidden across a block come and go);
- a member's name or username changed: besides those of ``web.0001``, the members
  whose lists name them: the two sides of introductions they made that wait, the
  members invited to their upcoming gatherings who have not answered, and their
  connections when they have an open ask.

Locks (PostgreSQL), as in ``web.0001``: every trigger moves its members in one
statement, in ascending id order (``web_home_touch``). So the rename trigger of
``web.0001`` is replaced by one that moves both sets at once (and put back as it was
when this migration is reversed), and the block trigger is named to fire before
``photos.0001``'s (PostgreSQL fires a table's triggers in the order of their names):
that one moves the blocked member alone, and two members blocking each other at once
would otherwise lock each other's rows in opposite orders.

The SQL is written out here, not imported, so that this migration keeps meaning what
it meant when it ran. Only PostgreSQL and SQLite are supported, as everywhere else.
As with ``web.0001``, a later SQLite rebuild of a table named here must put the
triggers back (see ``network.0006``).
"""

from django.db import NotSupportedError, migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

# The connections of the member whose id is ``{member}``.
_CONNECTIONS_OF = (
    "SELECT c.member_high_id AS m FROM network_connection c"
    " WHERE c.member_low_id = {member}"
    " UNION ALL SELECT c.member_low_id FROM network_connection c"
    " WHERE c.member_high_id = {member}"
)
# For each table: its name, and the SQL that lists the members a row concerns, with
# ``{row}`` standing for NEW or OLD. Each returns one column, ``m``.
_CONCERNED = {
    "introduction": (
        "introductions_introduction",
        "SELECT {row}.first_id AS m UNION ALL SELECT {row}.second_id",
    ),
    "attendance": ("gatherings_attendance", "SELECT {row}.member_id AS m"),
    "gathering": (
        "gatherings_gathering",
        "SELECT a.member_id AS m FROM gatherings_attendance a"
        " WHERE a.gathering_id = {row}.id AND a.invited AND a.rsvp = ''",
    ),
    "ask": ("asks_ask", _CONNECTIONS_OF.format(member="{row}.poster_id")),
    "askanswer": ("asks_askanswer", "SELECT {row}.author_id AS m"),
    "person": ("keeper_person", "SELECT {row}.owner_id AS m"),
    "block": ("safety_block", "SELECT {row}.blocker_id AS m UNION ALL SELECT {row}.blocked_id"),
}
# Updates that leave these columns as they were change nothing the page shows.
_UPDATE_WHEN = {
    "introduction": ("state", "first_answer", "second_answer", "withheld", "expires_at"),
    "attendance": ("invited", "rsvp", "member_id", "gathering_id"),
    "gathering": ("title", "starts_at", "state", "host_id"),
    "ask": ("title", "kind", "state", "expires_at", "poster_id"),
    "person": (
        "name",
        "circle",
        "cadence_days",
        "snoozed_until",
        "archived_at",
        "last_contact_at",
        "owner_id",
    ),
}
# PostgreSQL trigger names, where one must sort before another table's (see above).
_PG_TRIGGER = {"block": "home_block_written"}

# ``web.0001``'s members moved by a rename, and those this migration adds.
_RENAMED_0001 = (
    "SELECT NEW.id AS m"
    " UNION ALL SELECT CASE WHEN c.member_low_id = NEW.id THEN c.member_high_id"
    " ELSE c.member_low_id END"
    " FROM conversations_conversation c"
    " WHERE c.member_low_id = NEW.id OR c.member_high_id = NEW.id"
    " UNION ALL SELECT r.recipient_id FROM network_connectionrequest r"
    " WHERE r.sender_id = NEW.id AND r.state = 'pending'"
)
_RENAMED = (
    _RENAMED_0001 + " UNION ALL SELECT i.first_id FROM introductions_introduction i"
    " WHERE i.introducer_id = NEW.id AND i.state = 'pending'"
    " UNION ALL SELECT i.second_id FROM introductions_introduction i"
    " WHERE i.introducer_id = NEW.id AND i.state = 'pending'"
    " UNION ALL SELECT a.member_id FROM gatherings_attendance a"
    " JOIN gatherings_gathering g ON g.id = a.gathering_id"
    " WHERE g.host_id = NEW.id AND g.state = 'upcoming' AND a.invited AND a.rsvp = ''"
    " UNION ALL SELECT m FROM ("
    + _CONNECTIONS_OF.format(member="NEW.id")
    + ") AS k WHERE EXISTS (SELECT 1 FROM asks_ask o"
    " WHERE o.poster_id = NEW.id AND o.state = 'open')"
)
_RENAME_COLUMNS = ("name", "username")


def _pg_renamed(concerned: str) -> str:
    return f"""
        CREATE OR REPLACE FUNCTION web_home_member_renamed() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM web_home_touch(ARRAY({concerned}));
            RETURN NULL;
        END
        $$
        """


def _postgresql() -> tuple[list[str], list[str]]:
    install, remove = [], []
    for short, (table, concerned) in _CONCERNED.items():
        new, old = concerned.format(row="NEW"), concerned.format(row="OLD")
        install.append(
            f"""
            CREATE FUNCTION web_home_{short}_changed() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'INSERT' THEN
                    PERFORM web_home_touch(ARRAY({new}));
                ELSIF TG_OP = 'DELETE' THEN
                    PERFORM web_home_touch(ARRAY({old}));
                ELSE
                    PERFORM web_home_touch(ARRAY({new} UNION ALL {old}));
                END IF;
                RETURN NULL;
            END
            $$
            """
        )
        written = _PG_TRIGGER.get(short, f"web_home_{short}_written")
        columns = _UPDATE_WHEN.get(short)
        if columns:
            changed = " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in columns)
            install += [
                f"CREATE TRIGGER {written} AFTER INSERT OR DELETE ON {table}"
                f" FOR EACH ROW EXECUTE FUNCTION web_home_{short}_changed()",
                f"CREATE TRIGGER web_home_{short}_updated AFTER UPDATE ON {table}"
                f" FOR EACH ROW WHEN ({changed}) EXECUTE FUNCTION web_home_{short}_changed()",
            ]
        else:
            install.append(
                f"CREATE TRIGGER {written}"
                f" AFTER INSERT OR UPDATE OR DELETE ON {table}"
                f" FOR EACH ROW EXECUTE FUNCTION web_home_{short}_changed()"
            )
        remove += [
            f"DROP TRIGGER IF EXISTS {written} ON {table}",
            f"DROP TRIGGER IF EXISTS web_home_{short}_updated ON {table}",
            f"DROP FUNCTION IF EXISTS web_home_{short}_changed()",
        ]
    # The trigger of web.0001 stays; the function it calls moves both sets at once.
    install.append(_pg_renamed(_RENAMED))
    remove.append(_pg_renamed(_RENAMED_0001))
    return install, remove


def _sqlite_touch(concerned: str) -> str:
    # ``WHERE m IS NOT NULL`` also settles SQLite's reading of INSERT ... SELECT ... ON.
    return (
        f"INSERT INTO web_homeversion (member_id, version)"
        f" SELECT m, 1 FROM ({concerned}) WHERE m IS NOT NULL"
        f" ON CONFLICT (member_id) DO UPDATE SET version = version + 1;"
    )


def _sqlite_renamed(concerned: str) -> str:
    renamed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in _RENAME_COLUMNS)
    return (
        f"CREATE TRIGGER web_home_member_renamed AFTER UPDATE ON members_member"
        f" FOR EACH ROW WHEN {renamed} BEGIN {_sqlite_touch(concerned)} END"
    )


def _sqlite() -> tuple[list[str], list[str]]:
    install, remove = [], []
    for short, (table, concerned) in _CONCERNED.items():
        for event, rows in (("insert", ("NEW",)), ("delete", ("OLD",)), ("update", ("NEW", "OLD"))):
            name = f"web_home_{short}_{event}"
            when = ""
            columns = _UPDATE_WHEN.get(short)
            if event == "update" and columns:
                when = " WHEN " + " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in columns)
            # One statement, so that a member both rows concern moves once.
            body = _sqlite_touch(
                " UNION ".join(f"SELECT m FROM ({concerned.format(row=row)})" for row in rows)
            )
            install.append(
                f"CREATE TRIGGER {name} AFTER {event.upper()} ON {table}"
                f" FOR EACH ROW{when} BEGIN {body} END"
            )
            remove.append(f"DROP TRIGGER IF EXISTS {name}")
    install += ["DROP TRIGGER IF EXISTS web_home_member_renamed", _sqlite_renamed(_RENAMED)]
    remove += ["DROP TRIGGER IF EXISTS web_home_member_renamed", _sqlite_renamed(_RENAMED_0001)]
    return install, remove


def _statements(vendor: str) -> tuple[list[str], list[str]]:
    if vendor == "postgresql":
        return _postgresql()
    if vendor == "sqlite":
        return _sqlite()
    raise NotSupportedError(f"Rapport's home-page triggers are written for PostgreSQL and SQLite, not {vendor}.")


def triggers_install(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    for sql in _statements(schema_editor.connection.vendor)[0]:
        schema_editor.execute(sql, params=None)


def triggers_remove(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    for sql in _statements(schema_editor.connection.vendor)[1]:
        schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    # The tables the triggers read, as they are now.
    dependencies = [
        ("web", "0001_home_version"),
        ("photos", "0001_photo"),
        ("introductions", "0003_why_counted_as_kept"),
        ("gatherings", "0003_gathering_moved_at"),
        ("asks", "0003_ask_texts_counted_as_kept"),
        ("keeper", "0007_drop_indexes_a_composite_covers"),
        ("safety", "0008_drop_indexes_a_composite_covers"),
        ("network", "0006_request_texts_counted_as_kept"),
    ]

    operations = [migrations.RunPython(triggers_install, triggers_remove)]
