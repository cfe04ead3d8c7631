"""Running calls at the same moment, each on its own database connection, as web
workers and task workers would: the races that row locks and constraints must win."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from typing import TypeVar

import pytest
from django.db import connection

T = TypeVar("T")


def at_once(calls: list[Callable[[], T]], *, timeout: float = 120) -> list[T | Exception]:
    """Start every call behind one barrier and wait for all; returns, in order, what
    each returned or the exception it raised (every outcome is the test's to assert)."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[T | Exception | None] = [None] * len(calls)

    def run(index: int, call: Callable[[], T]) -> None:
        try:
            barrier.wait(timeout=30)
            outcomes[index] = call()
        except Exception as error:  # handed back to the test
            outcomes[index] = error
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    assert not any(thread.is_alive() for thread in threads), "a racer never finished"
    return outcomes  # type: ignore[return-value]


@pytest.fixture
def sqlite_on_file(tmp_path):
    """Move the SQLite test database to a file while the test runs.

    pytest-django keeps the SQLite test database in memory with a shared cache, where
    a connection that wants the write lock while another holds it gets "database
    table is locked" at once: the busy timeout does not apply to shared-cache locks.
    A file database behaves as a deployment does: BEGIN IMMEDIATE waits its turn.
    The schema is copied over; the in-memory database is kept open, and back in
    place for pytest-django's teardown.
    """
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite variant of the race; PostgreSQL runs its own")
    if not connection.is_in_memory_db():
        yield
        return
    settings_dict = connection.settings_dict
    in_memory = settings_dict["NAME"]
    connection.ensure_connection()
    # Closing Django's connection would drop the in-memory database: hold it open.
    keeper = sqlite3.connect(in_memory, uri=True)
    on_file = sqlite3.connect(tmp_path / "race.sqlite3")
    connection.connection.backup(on_file)
    on_file.close()
    # Every connection opened from now on, in any thread, reads these settings.
    settings_dict["NAME"] = str(tmp_path / "race.sqlite3")
    connection.close()
    try:
        yield
    finally:
        connection.close()
        settings_dict["NAME"] = in_memory
        connection.ensure_connection()
        keeper.close()
