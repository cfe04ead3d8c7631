"""A request's note and offer keep their paragraphs (``rapport.prose``): a blank line
between two counts as one character against the limit, as the service and the API count
it. The note's check constraint counts it so too, and the offer, which may be stored a
character longer per blank line than its limit, moves to a text column.

On SQLite a check constraint or a column type is changed by rebuilding the table, which
trips over the home-page triggers: dropping the old table drops the triggers on it
(``web.0001``'s), and renaming the new one into place is refused while triggers on
other tables name it (``web_home_member_renamed``, ``photos_home_photo_*``). So the
rebuild runs with SQLite's legacy renaming, which leaves other triggers' text alone,
and the table's own triggers are put back afterwards as they were before it, read from
the schema. PostgreSQL alters the table in place and keeps its triggers.
"""

import django.db.models.functions.text
import django.db.models.lookups
from django.conf import settings
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

_TABLE = "network_connectionrequest"
# The table's own triggers, read before the rebuild drops them.
_TRIGGERS: list[tuple[str, str]] = []


def rebuild_starts(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "sqlite":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
            [_TABLE],
        )
        _TRIGGERS[:] = cursor.fetchall()
    schema_editor.execute("PRAGMA legacy_alter_table = ON", params=None)


def rebuild_ends(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "sqlite":
        return
    schema_editor.execute("PRAGMA legacy_alter_table = OFF", params=None)
    for name, sql in _TRIGGERS:
        schema_editor.execute(f'DROP TRIGGER IF EXISTS "{name}"', params=None)
        schema_editor.execute(sql, params=None)
    _TRIGGERS.clear()


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0005_drop_indexes_a_composite_covers"),
        # The home-page triggers exist before the table is rebuilt, so they are put back.
        ("web", "0001_home_version"),
        ("photos", "0001_photo"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(rebuild_starts, rebuild_ends),
        migrations.RemoveConstraint(
            model_name="connectionrequest",
            name="request_note_length",
        ),
        migrations.AlterField(
            model_name="connectionrequest",
            name="offer",
            field=models.TextField(blank=True, max_length=300),
        ),
        migrations.AddConstraint(
            model_name="connectionrequest",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    django.db.models.lookups.GreaterThanOrEqual(
                        django.db.models.functions.text.Length("note"), 40
                    ),
                    django.db.models.lookups.LessThanOrEqual(
                        django.db.models.functions.text.Length(
                            django.db.models.functions.text.Replace(
                                "note", models.Value("\n\n"), models.Value("\n")
                            )
                        ),
                        600,
                    ),
                ),
                name="request_note_length",
            ),
        ),
        migrations.RunPython(rebuild_ends, rebuild_starts),
    ]
