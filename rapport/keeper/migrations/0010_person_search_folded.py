"""Each keeper person's name, organisation and role folded for search, stored
(``Person.search_folded``, ``rapport.members.folding``), as members 0011 and 0012 did
for members.

The keeper's search compared the columns as written, so "jose" did not find José
Álvarez nor "zurich" an organisation Zürich; it now reads the fold member search
reads, marked where words begin, with a plain ``LIKE`` ("ana" still finds María Ana,
not Diana).

The column is added with plain ``ALTER TABLE ... ADD COLUMN`` rather than Django's own
operation, as members 0011 does: on SQLite that could rebuild ``keeper_person``, and a
rebuilt table loses the triggers that keep home pages current (web 0003). Then every
person already there is folded, a batch at a time, by the code's ``search_text`` (a
later change to the fold needs a migration that folds again). No trigram index: a
search word is looked for in the fold OR in the tags and email addresses (JSON text,
by regular expression), and that OR leaves the planner the owner's rows to read by
the (owner, name) index whatever index the fold has. Measured on PostgreSQL 15 at
30,000 people an owner (300,000 in all): 27-55 ms a search with a GIN trigram index
on the fold as without; the same ``LIKE`` alone would take 0.6 ms from it. Going
back drops the column.
"""

from django.db import NotSupportedError, migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

import rapport.members.folding

BATCH = 2_000

_ADD = 'ALTER TABLE "keeper_person" ADD COLUMN "search_folded" text DEFAULT \'\' NOT NULL'
_REMOVE = 'ALTER TABLE "keeper_person" DROP COLUMN "search_folded"'


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
    """Every person's fold, written by id in batches: every keeper together is never
    all in memory, and the query for the next batch starts where the last one ended."""
    person_model = apps.get_model("keeper", "Person")
    people = person_model.objects.using(schema_editor.connection.alias)
    last = 0
    while True:
        batch = list(
            people.filter(pk__gt=last).order_by("pk").only("pk", "name", "organisation", "role")[
                :BATCH
            ]
        )
        if not batch:
            return
        for person in batch:
            person.search_folded = rapport.members.folding.search_text(
                person.name, person.organisation, person.role
            )
        people.bulk_update(batch, ["search_folded"])
        last = batch[-1].pk


class Migration(migrations.Migration):
    dependencies = [
        ("keeper", "0009_interaction_checks_as_equalities"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(column_add, column_remove)],
            state_operations=[
                migrations.AddField(
                    model_name="person",
                    name="search_folded",
                    field=rapport.members.folding.SearchFoldedField(
                        db_default="",
                        default="",
                        editable=False,
                        fields=("name", "organisation", "role"),
                    ),
                ),
            ],
        ),
        migrations.RunPython(column_fill, migrations.RunPython.noop),
    ]
