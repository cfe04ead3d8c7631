"""Each member's name, organisation and interests folded for search, stored, and on
PostgreSQL indexed by trigrams (``rapport.members.folding``).

A search folded those three columns of every member it read, in the database, so no
index could help and a word matching nobody read the whole table (docs/benchmarks.md,
"Member search"). The fold is now kept as a row is written, and a search is a plain
``LIKE '%word%'`` on it, which ``pg_trgm``'s GIN index serves.

The column is added with plain ``ALTER TABLE ... ADD COLUMN`` rather than Django's own
operation, as members 0003 does: on SQLite that rebuilds ``members_member`` for a NOT
NULL column, and a rebuilt table loses the triggers that keep home pages current.
Then every member already there is folded, a batch at a time (by the code's ``fold``:
a later change to it needs a migration that folds again). ``pg_trgm`` is a trusted
extension since PostgreSQL 13, so the database's owner may create it; the extension
and the index are PostgreSQL's only. Going back drops the index and the column and
leaves the extension, as 0010 leaves ``unaccent``.
"""

from django.db import NotSupportedError, migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

import rapport.members.folding

BATCH = 2_000
INDEX = "members_member_search_trgm"

_ADD = 'ALTER TABLE "members_member" ADD COLUMN "search_folded" text DEFAULT \'\' NOT NULL'
_REMOVE = 'ALTER TABLE "members_member" DROP COLUMN "search_folded"'


def _vendor(schema_editor: BaseDatabaseSchemaEditor) -> str:
    vendor = schema_editor.connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise NotSupportedError(
            f"Rapport's migrations are written for PostgreSQL and SQLite, not {vendor}."
        )
    return vendor


def column_add(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _vendor(schema_editor)
    schema_editor.execute(_ADD, params=None)


def column_remove(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _vendor(schema_editor)
    schema_editor.execute(_REMOVE, params=None)


def column_fill(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    """Every member's fold, written by id in batches: a large community is never all
    in memory, and the query for the next batch starts where the last one ended."""
    member_model = apps.get_model("members", "Member")
    members = member_model.objects.using(schema_editor.connection.alias)
    last = 0
    while True:
        batch = list(
            members.filter(pk__gt=last)
            .order_by("pk")
            .only("pk", "name", "organisation", "interests")[:BATCH]
        )
        if not batch:
            return
        for member in batch:
            member.search_folded = rapport.members.folding.search_text(
                member.name, member.organisation, member.interests
            )
        members.bulk_update(batch, ["search_folded"])
        last = batch[-1].pk


def index_add(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if _vendor(schema_editor) == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm", params=None)
        schema_editor.execute(
            f'CREATE INDEX "{INDEX}" ON "members_member"'
            ' USING gin ("search_folded" gin_trgm_ops)',
            params=None,
        )


def index_remove(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if _vendor(schema_editor) == "postgresql":
        schema_editor.execute(f'DROP INDEX IF EXISTS "{INDEX}"', params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0010_unaccent_for_search"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(column_add, column_remove)],
            state_operations=[
                migrations.AddField(
                    model_name="member",
                    name="search_folded",
                    field=rapport.members.folding.SearchFoldedField(
                        db_default="", default="", editable=False
                    ),
                ),
            ],
        ),
        migrations.RunPython(column_fill, migrations.RunPython.noop),
        migrations.RunPython(index_add, index_remove),
    ]
