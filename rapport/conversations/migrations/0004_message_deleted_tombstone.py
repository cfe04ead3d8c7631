"""A sender may delete their message: ``deleted_at`` marks the tombstone, whose body the
database holds empty (``deleted_message_erased``); any other message still has one.

On SQLite a check constraint is changed by rebuilding the table, and dropping the old
table drops its triggers: the ones that move each member's home-page version when a
message is written (migration ``web.0001``). They are put back here after the rebuild,
both ways, as that migration wrote them. The SQL is written out rather than imported, so
that this migration keeps meaning what it meant when it ran. PostgreSQL alters the table
in place and keeps its triggers.
"""

import django.db.models.functions.text
import django.db.models.lookups
from django.conf import settings
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

_TRIGGERS = ("insert", "delete", "update")
_CONCERNED = (
    "SELECT c.member_low_id AS m FROM conversations_conversation c"
    " WHERE c.id = {row}.conversation_id"
    " UNION ALL SELECT c.member_high_id FROM conversations_conversation c"
    " WHERE c.id = {row}.conversation_id"
)
_ROWS = {"insert": ("NEW",), "delete": ("OLD",), "update": ("NEW", "OLD")}


def _sqlite_trigger(event: str) -> str:
    """Migration web.0001's SQLite trigger for ``event`` on the message table."""
    concerned = " UNION ".join(
        f"SELECT m FROM ({_CONCERNED.format(row=row)})"  # noqa: S608 - constants only
        for row in _ROWS[event]
    )
    touch = (
        f"INSERT INTO web_homeversion (member_id, version)"  # noqa: S608 - constants only
        f" SELECT m, 1 FROM ({concerned}) WHERE m IS NOT NULL"
        f" ON CONFLICT (member_id) DO UPDATE SET version = version + 1;"
    )
    return (
        f"CREATE TRIGGER web_home_message_{event} AFTER {event.upper()} ON conversations_message"
        f" FOR EACH ROW BEGIN {touch} END"
    )


def message_triggers_restore(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "sqlite":
        return
    for event in _TRIGGERS:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS web_home_message_{event}", params=None)
        schema_editor.execute(_sqlite_trigger(event), params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("conversations", "0003_message_created_at_index"),
        # The home-page triggers exist before the table is rebuilt, so they are put back.
        ("web", "0001_home_version"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # Undone last when migrating back: the rebuilds below drop the triggers again.
        migrations.RunPython(migrations.RunPython.noop, message_triggers_restore),
        migrations.RemoveConstraint(
            model_name="message",
            name="message_not_empty",
        ),
        migrations.AddField(
            model_name="message",
            name="deleted_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddConstraint(
            model_name="message",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("deleted_at__isnull", False),
                    django.db.models.lookups.GreaterThan(
                        django.db.models.functions.text.Length("body"), 0
                    ),
                    _connector="OR",
                ),
                name="message_not_empty",
            ),
        ),
        migrations.AddConstraint(
            model_name="message",
            constraint=models.CheckConstraint(
                condition=models.Q(("deleted_at__isnull", True), ("body", ""), _connector="OR"),
                name="deleted_message_erased",
            ),
        ),
        migrations.RunPython(message_triggers_restore, migrations.RunPython.noop),
    ]
