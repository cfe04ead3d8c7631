"""PostgreSQL's ``unaccent``, so a search for "jose" finds José (``members.folding``).

A trusted extension since PostgreSQL 13: the database's owner, who runs migrations,
may create it. Nothing to do on SQLite, where the search folds with a Python function.
Going back leaves it in place: it changes no table, and something else may use it
(Django's own ``UnaccentExtension`` asks PostgreSQL's catalogue going back, on SQLite
too, where there is none).
"""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps


def create_unaccent(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0009_api_token_form_nonce"),
    ]

    operations = [migrations.RunPython(create_unaccent, migrations.RunPython.noop)]
