"""Imported interactions' keys gain their time (rapport/keeper/external_keys.py).

``linkedin:message:<sha1>`` becomes ``linkedin:message:2023-06-11T15:33:58:<sha1>``,
the time being the interaction's own, in UTC to the second, exactly as the importers
now write it: a file imported before this migration still adds nothing after it. One
UPDATE per database, in SQL, so a keeper of 200,000 imported messages is rewritten in
seconds; a test checks both databases give what ``timed_key`` gives.
"""

from collections.abc import Mapping

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

UNTIMED = r"^(linkedin:[a-z-]+:|mbox:)([0-9a-f]{40})$"
"""As rapport.keeper.external_keys.UNTIMED_PATTERN on the day this was written."""

SQLITE = """
UPDATE keeper_interaction
SET external_key = substr(external_key, 1, length(external_key) - 40)
    || strftime('%%Y-%%m-%%dT%%H:%%M:%%S', occurred_at) || ':' || substr(external_key, -40)
WHERE source = 'import' AND external_key REGEXP %s
"""
POSTGRESQL = """
UPDATE keeper_interaction
SET external_key = left(external_key, -40)
    || to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') || ':'
    || right(external_key, 40)
WHERE source = 'import' AND external_key ~ %s
"""
# Backwards: the time goes again (20 characters: "2023-06-11T15:33:58:").
TIMED = r"^(linkedin:[a-z-]+:|mbox:)[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}:[0-9a-f]{40}$"
SQLITE_BACK = """
UPDATE keeper_interaction
SET external_key = substr(external_key, 1, length(external_key) - 60) || substr(external_key, -40)
WHERE source = 'import' AND external_key REGEXP %s
"""
POSTGRESQL_BACK = """
UPDATE keeper_interaction
SET external_key = left(external_key, -60) || right(external_key, 40)
WHERE source = 'import' AND external_key ~ %s
"""


def _run(
    schema_editor: BaseDatabaseSchemaEditor, statements: Mapping[str, str], pattern: str
) -> None:
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        cursor.execute(statements[connection.vendor], [pattern])


def give_keys_their_time(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _run(schema_editor, {"sqlite": SQLITE, "postgresql": POSTGRESQL}, UNTIMED)


def take_their_time_away(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _run(schema_editor, {"sqlite": SQLITE_BACK, "postgresql": POSTGRESQL_BACK}, TIMED)


class Migration(migrations.Migration):
    dependencies = [
        ("keeper", "0004_person_date_29_february_in_a_leap_year"),
    ]

    operations = [
        migrations.RunPython(give_keys_their_time, take_their_time_away, elidable=True),
    ]
