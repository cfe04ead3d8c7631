"""The schema's indexes, read from the database itself (SQLite, and PostgreSQL in CI).

Every foreign key is the first column of some index, so following it (a member's
interactions, a cascade on delete) never scans a table. And no index is the leading
part of another: Django indexes each foreign key on its own, and where a composite
index or a unique constraint already starts with that column, the second index only
made every write slower (an import of 200,000 messages paid for three of them).
"""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import connection, models

pytestmark = pytest.mark.django_db

DJANGO_OWN = ("auth", "contenttypes", "sessions", "admin", "django_tasks_database")


def _our_models() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label not in DJANGO_OWN
        # PermissionsMixin's tables (members_member_groups, ...) are Django's design.
        and not (model._meta.auto_created and model._meta.app_label == "members")
    ]


SQLITE_INDEXES = """
SELECT l.name, l."unique", l.partial, i.name
FROM pragma_index_list(%s) AS l, pragma_index_info(l.name) AS i
ORDER BY l.name, i.seqno
"""

POSTGRES_INDEXES = """
SELECT i.relname, x.indisunique, x.indpred IS NOT NULL, a.attname
FROM pg_index x
JOIN pg_class i ON i.oid = x.indexrelid
JOIN pg_class t ON t.oid = x.indrelid
CROSS JOIN LATERAL unnest(x.indkey) WITH ORDINALITY AS k(attnum, seqno)
LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
WHERE t.relname = %s AND t.relnamespace = to_regnamespace(current_schema())
  -- An index with a non-default operator class (Django's "_like" twin of a text
  -- index, for LIKE 'prefix%%') answers other questions than the plain one.
  AND NOT EXISTS (
    SELECT 1 FROM unnest(x.indclass) AS c(oid) JOIN pg_opclass o ON o.oid = c.oid
    WHERE NOT o.opcdefault
  )
ORDER BY i.relname, k.seqno
"""


def _indexes() -> dict[str, dict[str, tuple[list[str], bool]]]:
    """Table -> index name -> (its columns in order, whether it is unique), for the
    indexes over whole tables (a partial index covers only some rows, so it neither
    stands in for another index nor is covered by one). Read from the catalogue:
    Django's own introspection cannot parse SQLite's partial indexes."""
    query = SQLITE_INDEXES if connection.vendor == "sqlite" else POSTGRES_INDEXES
    found: dict[str, dict[str, tuple[list[str], bool]]] = {}
    skipped: set[tuple[str, str]] = set()
    with connection.cursor() as cursor:
        for table in sorted({model._meta.db_table for model in _our_models()}):
            found[table] = {}
            cursor.execute(query, [table])
            for name, unique, partial, column in cursor.fetchall():
                if partial or column is None:  # an expression, not a column
                    skipped.add((table, name))
                    continue
                columns, _ = found[table].setdefault(name, ([], bool(unique)))
                columns.append(column)
            for table_name, name in skipped:
                found[table_name].pop(name, None)
    return found


def test_every_foreign_key_leads_an_index():
    indexes = _indexes()
    unindexed = [
        f"{model._meta.db_table}.{field.column}"
        for model in _our_models()
        for field in model._meta.local_fields
        if isinstance(field, models.ForeignKey)
        and not any(
            columns[0] == field.column for columns, _ in indexes[model._meta.db_table].values()
        )
    ]
    assert unindexed == []


def test_no_index_is_the_leading_part_of_another():
    redundant = []
    for table, found in _indexes().items():
        for name, (columns, unique) in found.items():
            if unique:
                continue
            for other, (other_columns, other_unique) in found.items():
                if other == name or other_columns[: len(columns)] != columns:
                    continue
                if len(other_columns) > len(columns) or other_unique:
                    redundant.append(f"{table}: {name} {columns} is led by {other} {other_columns}")
                    break
    assert redundant == []


def test_the_checks_see_the_indexes_that_are_there():
    """The two tests above prove nothing if introspection found no indexes: the
    keeper's are known by name."""
    keeper = _indexes()["keeper_interaction_people"]
    assert sorted(columns for columns, _ in keeper.values() if columns != ["id"]) == [
        ["interaction_id", "person_id"],
        ["person_id"],
    ]
