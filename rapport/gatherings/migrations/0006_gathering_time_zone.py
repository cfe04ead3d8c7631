"""A gathering's own time zone ("the time at the place"), blank for every gathering
saved before it: those read as they always did, in each member's own zone.

Added with plain ``ALTER TABLE ... ADD COLUMN``, as ``members.0003`` adds a member's:
Django's own operations would rebuild ``gatherings_gathering`` on SQLite for a column
that is NOT NULL or checked, and a rebuilt table loses its triggers, here those that
keep home pages current (``web.0002``). SQLite takes the default, NOT NULL and the
CHECK in the column's own definition (so that it can drop the column again without a
rebuild); PostgreSQL adds the column without rewriting the table, then checks the
constraint once. The SQL is Django's for the model's field and constraint, written
out so the migration keeps meaning what it meant when it ran.
"""

import django.db.models.functions.text
import django.db.models.lookups
from django.db import NotSupportedError, migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

CONSTRAINT = "gathering_time_zone_well_formed"

_ADD = {
    "sqlite": [
        'ALTER TABLE "gatherings_gathering" ADD COLUMN "time_zone" varchar(64) DEFAULT \'\''
        f' NOT NULL CONSTRAINT "{CONSTRAINT}"'
        " CHECK ((NOT (\"time_zone\" LIKE '% %' ESCAPE '\\') AND LENGTH(\"time_zone\") <= 64))",
    ],
    "postgresql": [
        'ALTER TABLE "gatherings_gathering" ADD COLUMN "time_zone" varchar(64) DEFAULT \'\''
        " NOT NULL",
        f'ALTER TABLE "gatherings_gathering" ADD CONSTRAINT "{CONSTRAINT}"'
        " CHECK ((NOT (\"time_zone\"::text LIKE '% %') AND LENGTH(\"time_zone\") <= 64))",
    ],
}
# SQLite drops a column whose only CHECK is its own without rebuilding the table.
_REMOVE = {
    "sqlite": ['ALTER TABLE "gatherings_gathering" DROP COLUMN "time_zone"'],
    "postgresql": ['ALTER TABLE "gatherings_gathering" DROP COLUMN "time_zone"'],
}


def _run(statements: dict[str, list[str]], schema_editor: BaseDatabaseSchemaEditor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor not in statements:
        raise NotSupportedError(
            f"Rapport's migrations are written for PostgreSQL and SQLite, not {vendor}."
        )
    for sql in statements[vendor]:
        schema_editor.execute(sql, params=None)


def time_zone_add(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _run(_ADD, schema_editor)


def time_zone_remove(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _run(_REMOVE, schema_editor)


class Migration(migrations.Migration):

    dependencies = [
        ("gatherings", "0005_gathering_move_mails_in_run"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(time_zone_add, time_zone_remove)],
            state_operations=[
                migrations.AddField(
                    model_name="gathering",
                    name="time_zone",
                    field=models.CharField(blank=True, db_default="", default="", max_length=64),
                ),
                migrations.AddConstraint(
                    model_name="gathering",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("time_zone__contains", " "), _negated=True),
                            django.db.models.lookups.LessThanOrEqual(
                                django.db.models.functions.text.Length("time_zone"), 64
                            ),
                        ),
                        name=CONSTRAINT,
                    ),
                ),
            ],
        ),
    ]
