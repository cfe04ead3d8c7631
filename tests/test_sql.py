"""``rapport.sql.rows``: the hot reads' plain SQL, prepared once per connection on PostgreSQL."""

from __future__ import annotations

import pytest
from django.db import connection

from rapport.sql import rows, write
from tests.conftest import postgres_available

NAMES = "SELECT name FROM members_member WHERE id IN (%s, %s) ORDER BY name"


@pytest.mark.django_db
def test_rows_are_the_query_results_with_values_sent_apart(make_member):
    ana = make_member("Ana Ruiz")
    ben = make_member("Ben O'Neil")  # a quote in the value: bound, never spliced in
    assert rows(NAMES, [ana.pk, ben.pk]) == [("Ana Ruiz",), ("Ben O'Neil",)]
    assert rows(NAMES, [ana.pk, 0]) == [("Ana Ruiz",)]


@pytest.mark.django_db
@pytest.mark.postgres
@pytest.mark.skipif(not postgres_available(), reason="prepared statements are PostgreSQL's")
def test_postgresql_plans_the_statement_once_and_reuses_it(make_member):
    ana = make_member("Ana Ruiz")
    for _ in range(3):
        assert rows(NAMES, [ana.pk, ana.pk]) == [("Ana Ruiz",)]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
            ["SELECT name FROM members_member WHERE id IN%"],
        )
        (prepared,) = cursor.fetchone()
    assert prepared == 1


@pytest.mark.django_db
@pytest.mark.postgres
@pytest.mark.skipif(not postgres_available(), reason="prepared statements are PostgreSQL's")
def test_other_queries_are_not_prepared(make_member):
    make_member("Ana Ruiz")
    from rapport.members.models import Member

    for _ in range(10):
        list(Member.objects.filter(name="Ana Ruiz"))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
            ["%members_member%name%"],
        )
        (prepared,) = cursor.fetchone()
    assert prepared == 0


@pytest.mark.django_db
def test_a_counted_query_is_recorded_with_its_text(make_member):
    """Query counts and DEBUG's log name the statement, values in place, as for any
    other query (psycopg keeps no text of a prepared statement's run)."""
    from django.test.utils import CaptureQueriesContext

    ana = make_member("Ana Ruiz")
    with CaptureQueriesContext(connection) as captured:
        rows(NAMES, [ana.pk, 0])
    [query] = captured.captured_queries
    assert query["sql"].startswith("SELECT name FROM members_member WHERE id IN (")
    assert str(ana.pk) in query["sql"]


@pytest.mark.django_db
def test_write_runs_a_statement_and_says_how_many_rows_it_wrote(make_member):
    ana, ben = make_member("Ana Ruiz"), make_member("Ben O'Neil")
    rename = "UPDATE members_member SET name = %s WHERE id IN (%s, %s)"
    assert write(rename, ["Renamed", ana.pk, ben.pk]) == 2
    assert write(rename, ["Renamed", 0, 0]) == 0
    assert rows(NAMES, [ana.pk, ben.pk]) == [("Renamed",), ("Renamed",)]
