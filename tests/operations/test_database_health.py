"""A PostgreSQL connection kept between requests is checked before reuse without a round
trip (rapport/operations/postgresql/base.py): one the server closed is replaced before
the request uses it, a quiet one is trusted without sending anything. The server
restarted under load is benchmarks/faults/postgres_restart.py."""

from __future__ import annotations

import time

import pytest
from django.db import connection, connections

from rapport.members.backends import member_by_id
from rapport.operations.postgresql.base import anything_arrived

pytestmark = pytest.mark.postgres


def _terminate(backend_pid: int, fd: int) -> None:
    """End a backend from another connection, as a server restart does, and wait until
    its goodbye has reached the client's socket."""
    killer = connections.create_connection("default")
    try:
        with killer.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [backend_pid])
    finally:
        killer.close()
    deadline = time.monotonic() + 10
    while not anything_arrived(fd):
        assert time.monotonic() < deadline, "the server never closed the connection"
        time.sleep(0.01)


@pytest.fixture
def kept(postgres_only, transactional_db):
    """A second connection to the test database, with health checks on, as production."""
    wrapper = connections.create_connection("default")
    wrapper.settings_dict["CONN_HEALTH_CHECKS"] = True
    wrapper.ensure_connection()
    yield wrapper
    wrapper.close()


def test_a_quiet_connection_is_trusted_without_a_query(kept):
    with kept.cursor() as cursor:
        cursor.execute("SELECT 'the last query'")
    pid = kept.connection.info.backend_pid
    assert kept.is_usable()
    with connection.cursor() as cursor:
        cursor.execute("SELECT query FROM pg_stat_activity WHERE pid = %s", [pid])
        assert cursor.fetchone() == ("SELECT 'the last query'",)


def test_a_connection_the_server_closed_is_replaced_before_use(kept):
    pid = kept.connection.info.backend_pid
    _terminate(pid, kept.connection.pgconn.socket)
    assert not kept.is_usable()
    kept.health_check_done = False  # a new request
    with kept.cursor() as cursor:  # Django's cursor() checks first, then connects afresh
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != pid


def test_a_closed_or_broken_connection_is_not_usable(kept):
    kept.connection.close()
    assert not kept.is_usable()


def test_the_session_read_checks_a_kept_connection_first(
    postgres_only, transactional_db, make_member
):
    """The first query of a signed-in request is the session, through rapport.sql.rows:
    it must check the kept connection as Django's cursor() does."""
    ana = make_member("Ana Ruiz")
    connection.ensure_connection()
    pid = connection.connection.info.backend_pid
    _terminate(pid, connection.connection.pgconn.socket)
    connection.health_check_enabled, connection.health_check_done = True, False
    assert member_by_id(ana.pk) == ana
    assert connection.connection.info.backend_pid != pid
