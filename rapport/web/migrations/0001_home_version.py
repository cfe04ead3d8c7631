"""Each member's home-page version, and the triggers that move it.

The home page shows a member's name, their capacity (their connections), the requests
waiting for them (with each sender's name), and their latest conversations (with the
other member's name and the unread count). Every write to one of those rows moves the
version of the members it concerns, in the database itself, so a bulk update, a
cascade, an admin edit or a raw SQL fix moves it as surely as a service does:

- a connection, a request or a conversation written: both of its members (for a
  request, the sender too: see "Locks" below);
- a message written: both members of its conversation;
- a read mark moved: its member;
- a member's name or username changed: the member (the page greets them by name), and
  the members who see it on their home page, their conversation partners and the
  recipients of their pending requests;
- a member deleted: their version row, once their rows have gone.

Locks (PostgreSQL). Moving a version updates its row, which stays locked until the
transaction ends. Two transactions that lock two members in opposite orders would
deadlock, so every trigger moves its members in one statement, in ascending id
order (``web_home_touch``), and a request moves both of its members where the
recipient alone would do: a transaction about two members (a message, a reply to a
request) then always locks the lower id first.

The SQL is written out here, not imported, so that this migration keeps meaning what
it meant when it ran. Only PostgreSQL and SQLite are supported, as everywhere else.
"""

from django.db import NotSupportedError, migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

# For each table: its name, and the SQL that lists the members a row concerns, with
# ``{row}`` standing for NEW or OLD. Each returns one column, ``m``.
_PAIR = "SELECT {row}.member_low_id AS m UNION ALL SELECT {row}.member_high_id"
_CONCERNED = {
    "connection": ("network_connection", _PAIR),
    "request": ("network_connectionrequest", _PAIR),
    "conversation": ("conversations_conversation", _PAIR),
    "message": (
        "conversations_message",
        "SELECT c.member_low_id AS m FROM conversations_conversation c"
        " WHERE c.id = {row}.conversation_id"
        " UNION ALL SELECT c.member_high_id FROM conversations_conversation c"
        " WHERE c.id = {row}.conversation_id",
    ),
    "readmark": ("conversations_readmark", "SELECT {row}.member_id AS m"),
}
# Read marks only move forward; a write that leaves the mark where it was changes
# nothing the page shows.
_UPDATE_WHEN = {"readmark": ("last_read_message_id",)}
_RENAMED = (
    "SELECT NEW.id AS m"
    " UNION ALL SELECT CASE WHEN c.member_low_id = NEW.id THEN c.member_high_id"
    " ELSE c.member_low_id END"
    " FROM conversations_conversation c"
    " WHERE c.member_low_id = NEW.id OR c.member_high_id = NEW.id"
    " UNION ALL SELECT r.recipient_id FROM network_connectionrequest r"
    " WHERE r.sender_id = NEW.id AND r.state = 'pending'"
)
_RENAME_COLUMNS = ("name", "username")


def _postgresql() -> tuple[list[str], list[str]]:
    install = [
        """
        CREATE FUNCTION web_home_touch(members bigint[]) RETURNS void
        LANGUAGE sql AS $$
            INSERT INTO web_homeversion AS v (member_id, version)
            SELECT DISTINCT m, 1 FROM unnest(members) AS m WHERE m IS NOT NULL ORDER BY m
            ON CONFLICT (member_id) DO UPDATE SET version = v.version + 1
        $$
        """
    ]
    remove = []
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
        columns = _UPDATE_WHEN.get(short)
        if columns:
            changed = " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in columns)
            install += [
                f"CREATE TRIGGER web_home_{short}_written AFTER INSERT OR DELETE ON {table}"
                f" FOR EACH ROW EXECUTE FUNCTION web_home_{short}_changed()",
                f"CREATE TRIGGER web_home_{short}_updated AFTER UPDATE ON {table}"
                f" FOR EACH ROW WHEN ({changed}) EXECUTE FUNCTION web_home_{short}_changed()",
            ]
        else:
            install.append(
                f"CREATE TRIGGER web_home_{short}_written"
                f" AFTER INSERT OR UPDATE OR DELETE ON {table}"
                f" FOR EACH ROW EXECUTE FUNCTION web_home_{short}_changed()"
            )
        remove += [
            f"DROP TRIGGER IF EXISTS web_home_{short}_written ON {table}",
            f"DROP TRIGGER IF EXISTS web_home_{short}_updated ON {table}",
            f"DROP FUNCTION IF EXISTS web_home_{short}_changed()",
        ]
    renamed = " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in _RENAME_COLUMNS)
    install += [
        f"""
        CREATE FUNCTION web_home_member_renamed() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM web_home_touch(ARRAY({_RENAMED}));
            RETURN NULL;
        END
        $$
        """,
        f"CREATE TRIGGER web_home_member_renamed AFTER UPDATE ON members_member"
        f" FOR EACH ROW WHEN ({renamed}) EXECUTE FUNCTION web_home_member_renamed()",
        """
        CREATE FUNCTION web_home_member_deleted() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            DELETE FROM web_homeversion WHERE member_id = OLD.id;
            RETURN NULL;
        END
        $$
        """,
        "CREATE TRIGGER web_home_member_deleted AFTER DELETE ON members_member"
        " FOR EACH ROW EXECUTE FUNCTION web_home_member_deleted()",
    ]
    remove += [
        "DROP TRIGGER IF EXISTS web_home_member_renamed ON members_member",
        "DROP FUNCTION IF EXISTS web_home_member_renamed()",
        "DROP TRIGGER IF EXISTS web_home_member_deleted ON members_member",
        "DROP FUNCTION IF EXISTS web_home_member_deleted()",
        "DROP FUNCTION IF EXISTS web_home_touch(bigint[])",
    ]
    return install, remove


def _sqlite_touch(concerned: str) -> str:
    # ``WHERE m IS NOT NULL`` also settles SQLite's reading of INSERT ... SELECT ... ON.
    return (
        f"INSERT INTO web_homeversion (member_id, version)"
        f" SELECT m, 1 FROM ({concerned}) WHERE m IS NOT NULL"
        f" ON CONFLICT (member_id) DO UPDATE SET version = version + 1;"
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
    renamed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in _RENAME_COLUMNS)
    install += [
        f"CREATE TRIGGER web_home_member_renamed AFTER UPDATE ON members_member"
        f" FOR EACH ROW WHEN {renamed} BEGIN {_sqlite_touch(_RENAMED)} END",
        "CREATE TRIGGER web_home_member_deleted AFTER DELETE ON members_member"
        " FOR EACH ROW BEGIN DELETE FROM web_homeversion WHERE member_id = OLD.id; END",
    ]
    remove += [
        "DROP TRIGGER IF EXISTS web_home_member_renamed",
        "DROP TRIGGER IF EXISTS web_home_member_deleted",
    ]
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
    initial = True

    dependencies = [
        ("members", "0001_initial"),
        ("network", "0003_reputation_and_held_requests"),
        ("conversations", "0002_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="HomeVersion",
            fields=[
                ("member_id", models.BigIntegerField(primary_key=True, serialize=False)),
                ("version", models.BigIntegerField(default=0)),
            ],
            options={
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(version__gte=0), name="home_version_counts"
                    )
                ],
            },
        ),
        migrations.RunPython(triggers_install, triggers_remove),
    ]
