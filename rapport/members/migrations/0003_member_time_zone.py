"""Each member's time zone, an IANA name, "UTC" for everyone who joined before it.

Added with plain ``ALTER TABLE ... ADD COLUMN`` rather than Django's own operations:
on SQLite those rebuild ``members_member`` for a column that is NOT NULL or checked,
and a rebuilt table loses its triggers, here the two that keep home pages current
(``web.0001``: a renamed or deleted member). SQLite takes the default, NOT NULL and
the CHECK in the column's own definition; PostgreSQL adds the column without
rewriting the table, then checks the constraint once. The SQL is written out so the
migration keeps meaning what it meant when it ran.
"""

from django.db import NotSupportedError, migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

CONSTRAINT = "members_member_time_zone_named"

_ADD = {
    "sqlite": [
        'ALTER TABLE "members_member" ADD COLUMN "time_zone" varchar(64) DEFAULT \'UTC\' NOT NULL'
        f' CONSTRAINT "{CONSTRAINT}" CHECK (NOT ("time_zone" = \'\'))',
    ],
    "postgresql": [
        'ALTER TABLE "members_member" ADD COLUMN "time_zone" varchar(64) DEFAULT \'UTC\' NOT NULL',
        f'ALTER TABLE "members_member" ADD CONSTRAINT "{CONSTRAINT}"'
        ' CHECK (NOT ("time_zone" = \'\'))',
    ],
}
# SQLite drops a column whose only CHECK is its own without rebuilding the table.
_REMOVE = {
    "sqlite": ['ALTER TABLE "members_member" DROP COLUMN "time_zone"'],
    "postgresql": ['ALTER TABLE "members_member" DROP COLUMN "time_zone"'],
}


def _run(statements: dict[str, list[str]], schema_editor: BaseDatabaseSchemaEditor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor not in statements:
        raise NotSupportedError(f"Rapport's migrations are written for PostgreSQL and SQLite, not {vendor}.")
    for sql in statements[vendor]:
        schema_editor.execute(sql, params=None)


def time_zone_add(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _run(_ADD, schema_editor)


def time_zone_remove(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _run(_REMOVE, schema_editor)


class Migration(migrations.Migration):

    dependencies = [
        ("members", "0002_member_sessions"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(time_zone_add, time_zone_remove)],
            state_operations=[
                migrations.AddField(
                    model_name="member",
                    name="time_zone",
                    field=models.CharField(
                        db_default="UTC",
                        default="UTC",
                        help_text="An IANA time zone name, for example Europe/Lisbon.",
                        max_length=64,
                    ),
                ),
                migrations.AddConstraint(
                    model_name="member",
                    constraint=models.CheckConstraint(
                        condition=~models.Q(time_zone=""), name=CONSTRAINT
                    ),
                ),
            ],
        ),
    ]
