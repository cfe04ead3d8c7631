"""Profile photos, and the triggers that keep home pages in step with them.

A home page is kept until its member's home version moves (``web.0001``). It shows the
photos of the senders of the requests waiting for its member and of the other members
of their latest conversations, so whatever changes one of those moves the versions of
the members who see it, in the database itself, whichever road the change took (the
service, the admin, a member's erasure):

- a photo written, replaced or removed: its member, their conversation partners and
  the recipients of their pending requests (the members a new name moves, ``web.0001``);
- a block made or lifted: the blocked member, whose lists stop (or start again)
  showing the blocker's photo. The blocker's own pages show nothing new.

The SQL is written out here, not imported, so that this migration keeps meaning what
it meant when it ran. Only PostgreSQL and SQLite are supported, as everywhere else.
"""

import django.db.models.deletion
import django.db.models.functions.text
import django.db.models.lookups
from django.conf import settings
from django.db import NotSupportedError, migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

# The members whose home page shows the photo of member ``{row}.member_id``.
_PHOTO_SEEN_BY = (
    "SELECT {row}.member_id AS m"
    " UNION ALL SELECT CASE WHEN c.member_low_id = {row}.member_id THEN c.member_high_id"
    " ELSE c.member_low_id END"
    " FROM conversations_conversation c"
    " WHERE c.member_low_id = {row}.member_id OR c.member_high_id = {row}.member_id"
    " UNION ALL SELECT r.recipient_id FROM network_connectionrequest r"
    " WHERE r.sender_id = {row}.member_id AND r.state = 'pending'"
)
_BLOCK_SEEN_BY = "SELECT {row}.blocked_id AS m"


def _postgresql() -> tuple[list[str], list[str]]:
    install = [
        f"""
        CREATE FUNCTION photos_home_photo_changed() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'INSERT' THEN
                PERFORM web_home_touch(ARRAY({_PHOTO_SEEN_BY.format(row="NEW")}));
            ELSIF TG_OP = 'DELETE' THEN
                PERFORM web_home_touch(ARRAY({_PHOTO_SEEN_BY.format(row="OLD")}));
            ELSE
                PERFORM web_home_touch(ARRAY({_PHOTO_SEEN_BY.format(row="NEW")}
                    UNION ALL {_PHOTO_SEEN_BY.format(row="OLD")}));
            END IF;
            RETURN NULL;
        END
        $$
        """,
        "CREATE TRIGGER photos_home_photo_written AFTER INSERT OR DELETE ON photos_photo"
        " FOR EACH ROW EXECUTE FUNCTION photos_home_photo_changed()",
        "CREATE TRIGGER photos_home_photo_updated AFTER UPDATE ON photos_photo"
        " FOR EACH ROW WHEN (OLD.content_hash IS DISTINCT FROM NEW.content_hash"
        " OR OLD.member_id IS DISTINCT FROM NEW.member_id)"
        " EXECUTE FUNCTION photos_home_photo_changed()",
        f"""
        CREATE FUNCTION photos_home_block_changed() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'DELETE' THEN
                PERFORM web_home_touch(ARRAY({_BLOCK_SEEN_BY.format(row="OLD")}));
            ELSE
                PERFORM web_home_touch(ARRAY({_BLOCK_SEEN_BY.format(row="NEW")}));
            END IF;
            RETURN NULL;
        END
        $$
        """,
        "CREATE TRIGGER photos_home_block_written AFTER INSERT OR DELETE ON safety_block"
        " FOR EACH ROW EXECUTE FUNCTION photos_home_block_changed()",
    ]
    remove = [
        "DROP TRIGGER IF EXISTS photos_home_photo_written ON photos_photo",
        "DROP TRIGGER IF EXISTS photos_home_photo_updated ON photos_photo",
        "DROP FUNCTION IF EXISTS photos_home_photo_changed()",
        "DROP TRIGGER IF EXISTS photos_home_block_written ON safety_block",
        "DROP FUNCTION IF EXISTS photos_home_block_changed()",
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
    install: list[str] = []
    remove: list[str] = []
    photo_events = {
        "insert": ("NEW",),
        "delete": ("OLD",),
        "update": ("NEW", "OLD"),
    }
    for event, rows in photo_events.items():
        name = f"photos_home_photo_{event}"
        when = ""
        if event == "update":
            when = " WHEN OLD.content_hash IS NOT NEW.content_hash OR OLD.member_id IS NOT NEW.member_id"
        # One statement, so that a member both rows concern moves once.
        body = _sqlite_touch(
            " UNION ".join(f"SELECT m FROM ({_PHOTO_SEEN_BY.format(row=row)})" for row in rows)
        )
        install.append(
            f"CREATE TRIGGER {name} AFTER {event.upper()} ON photos_photo"
            f" FOR EACH ROW{when} BEGIN {body} END"
        )
        remove.append(f"DROP TRIGGER IF EXISTS {name}")
    for event, row in (("insert", "NEW"), ("delete", "OLD")):
        name = f"photos_home_block_{event}"
        body = _sqlite_touch(_BLOCK_SEEN_BY.format(row=row))
        install.append(
            f"CREATE TRIGGER {name} AFTER {event.upper()} ON safety_block"
            f" FOR EACH ROW BEGIN {body} END"
        )
        remove.append(f"DROP TRIGGER IF EXISTS {name}")
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

    # Only the tables the triggers read, as they were first made: nothing of a later
    # change to those apps is needed here.
    dependencies = [
        ("members", "0001_initial"),
        ("web", "0001_home_version"),
        ("safety", "0001_initial"),
        ("network", "0001_initial"),
        ("conversations", "0002_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="Photo",
            fields=[
                (
                    "member",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="photo",
                        serialize=False,
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                ("content_hash", models.CharField(max_length=64)),
                ("large", models.BinaryField(help_text="256x256 WebP")),
                ("small", models.BinaryField(help_text="64x64 WebP")),
                ("uploaded_at", models.DateTimeField()),
            ],
            options={
                "constraints": [
                    models.CheckConstraint(
                        condition=django.db.models.lookups.Exact(
                            django.db.models.functions.text.Length("content_hash"), 64
                        ),
                        name="photos_photo_hash_sha256",
                    ),
                    models.CheckConstraint(
                        condition=django.db.models.lookups.GreaterThan(
                            django.db.models.functions.text.Length("large"), 0
                        ),
                        name="photos_photo_large_given",
                    ),
                    models.CheckConstraint(
                        condition=django.db.models.lookups.GreaterThan(
                            django.db.models.functions.text.Length("small"), 0
                        ),
                        name="photos_photo_small_given",
                    ),
                ],
            },
        ),
        migrations.RunPython(triggers_install, triggers_remove),
    ]
