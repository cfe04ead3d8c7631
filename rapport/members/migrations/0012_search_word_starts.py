"""Each member's stored fold marked where its words begin, and on PostgreSQL its two
parts indexed by trigrams apart (``rapport.members.folding``, ``members.selectors``).

A search word found anywhere inside a text ("ana" in Diana, Montana, "management");
it now finds the words it begins, which a plain ``LIKE`` reads from the fold with a
space before every word's first letter (``folding.marked``). So every member already
there is folded again, a batch at a time, as 0011 filled the column.

The members the words name come first, then the rest, each rank read apart by name,
so a common word no longer sorts every member it matches (docs/benchmarks.md, "Member
search"). On PostgreSQL each rank is asked in the words of its own index: the name's
part of the fold (``NameFolded``) and the rest of it, organisation and interests
(``RestFolded``), each a trigram index over the expression the selector writes, in
place of 0011's index over the whole fold, which no search reads any more. Going back
folds without the marks and puts 0011's index back.
"""

from collections.abc import Callable

from django.db import NotSupportedError, migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

import rapport.members.folding

BATCH = 2_000
WHOLE = "members_member_search_trgm"  # 0011's
NAME = "members_member_search_name_trgm"
REST = "members_member_search_rest_trgm"
# As ``members.selectors.NameFolded`` and ``RestFolded`` write them.
NAME_PART = "split_part(\"search_folded\", E'\\n', 1)"
REST_PART = "substr(\"search_folded\", strpos(\"search_folded\", E'\\n'))"


def _vendor(schema_editor: BaseDatabaseSchemaEditor) -> str:
    vendor = schema_editor.connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise NotSupportedError(
            f"Rapport's migrations are written for PostgreSQL and SQLite, not {vendor}."
        )
    return vendor


def _unmarked(name: str, organisation: str, interests: str) -> str:
    """The fold 0011 stored."""
    fold = rapport.members.folding.fold
    return rapport.members.folding.SEPARATOR.join(
        fold(text) for text in (name, organisation, interests)
    )


def _refold(
    apps: StateApps,
    schema_editor: BaseDatabaseSchemaEditor,
    folded: Callable[[str, str, str], str],
) -> None:
    """Every member's fold, written by id in batches: a large community is never all
    in memory, and the query for the next batch starts where the last one ended."""
    _vendor(schema_editor)
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
            member.search_folded = folded(member.name, member.organisation, member.interests)
        members.bulk_update(batch, ["search_folded"])
        last = batch[-1].pk


def marks_add(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _refold(apps, schema_editor, rapport.members.folding.search_text)


def marks_remove(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _refold(apps, schema_editor, _unmarked)


def _gin(index: str, expression: str) -> str:
    return f'CREATE INDEX "{index}" ON "members_member" USING gin (({expression}) gin_trgm_ops)'


def indexes_add(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if _vendor(schema_editor) == "postgresql":
        schema_editor.execute(_gin(NAME, NAME_PART), params=None)
        schema_editor.execute(_gin(REST, REST_PART), params=None)
        schema_editor.execute(f'DROP INDEX IF EXISTS "{WHOLE}"', params=None)


def indexes_remove(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if _vendor(schema_editor) == "postgresql":
        schema_editor.execute(
            f'CREATE INDEX "{WHOLE}" ON "members_member" USING gin ("search_folded" gin_trgm_ops)',
            params=None,
        )
        schema_editor.execute(f'DROP INDEX IF EXISTS "{NAME}"', params=None)
        schema_editor.execute(f'DROP INDEX IF EXISTS "{REST}"', params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0011_member_search_folded"),
    ]

    operations = [
        migrations.RunPython(marks_add, marks_remove),
        migrations.RunPython(indexes_add, indexes_remove),
    ]
