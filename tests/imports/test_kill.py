"""All or nothing for real: an import killed with SIGKILL in the middle of its write
leaves the keeper exactly as it was.

The import runs as `rapport import linkedin` in a child process, on a file-based
SQLite database or, in the PostgreSQL run, on a database of its own (where the rows
go by COPY); the test waits until the job says it is writing (its one transaction is
open), gives it a moment more, and kills it.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest

from rapport.imports.synthetic import linkedin_export, write_export

RAPPORT = Path(sys.executable).with_name("rapport")
KEEPER_TABLES = ("keeper_person", "keeper_interaction", "keeper_interaction_people")


def _snapshot(database: Path) -> dict[str, list[tuple]]:
    with sqlite3.connect(database) as db:
        return {
            table: db.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()
            for table in KEEPER_TABLES
        }


def _job_state(database: Path) -> str | None:
    try:
        with sqlite3.connect(database, timeout=0.2) as db:
            row = db.execute(
                "SELECT state FROM imports_importjob ORDER BY id DESC LIMIT 1"
            ).fetchone()
    except sqlite3.OperationalError:
        return None
    return row[0] if row else None


SETUP = (
    "import django; django.setup()\n"
    "from rapport.members.services import member_signup\n"
    "from rapport.keeper.services import person_create, interaction_log\n"
    "ana = member_signup(username='ana', password='a long passphrase 123', name='Ana Ruiz')\n"
    "grace = person_create(owner=ana, name='Grace Mensah', organisation='Transit Lab')\n"
    "interaction_log(owner=ana, person_ids=[grace.pk], kind='coffee')\n"
)


def _kill_while_writing(env, export, job_state) -> None:
    child = subprocess.Popen(
        [RAPPORT, "import", "linkedin", str(export), "--member", "ana"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 240
    while job_state() != "writing":
        assert child.poll() is None, "the import ended before it was killed"
        assert time.monotonic() < deadline
        time.sleep(0.05)
    time.sleep(0.2)  # inside the write transaction now
    child.send_signal(signal.SIGKILL)
    assert child.wait(timeout=30) == -signal.SIGKILL


@pytest.mark.skipif(os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="SQLite file")
def test_sigkill_midway_leaves_the_keeper_exactly_as_before(tmp_path):
    env = {
        **os.environ,
        "RAPPORT_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "rapport.settings",
    }
    env.pop("DATABASE_URL", None)
    subprocess.run([RAPPORT, "migrate", "-v0"], env=env, check=True, timeout=300)
    subprocess.run([sys.executable, "-c", SETUP], env=env, check=True, timeout=120)
    export = write_export(
        # Large enough that the write takes well over the 0.2 s below on a quick machine.
        linkedin_export(connections=5000, messages=80000, seed=3),
        tmp_path / "export.zip",
    )
    database = tmp_path / "rapport.sqlite3"
    before = _snapshot(database)

    _kill_while_writing(env, export, lambda: _job_state(database))

    assert _job_state(database) == "writing"  # it never got to "done"
    assert _snapshot(database) == before


def test_sigkill_midway_on_postgresql_leaves_the_keeper_exactly_as_before(postgres_only, tmp_path):
    """PostgreSQL takes the rows by COPY: a client killed mid-stream must leave no
    row behind either (the server rolls back what the dead connection began)."""
    # A database of its own on the same server, named after the worker running the test.
    name = f"rapport_kill_{os.getpid()}"
    server = urlsplit(os.environ["DATABASE_URL"])
    own, maintenance = (urlunsplit(server._replace(path=f"/{db}")) for db in (name, "postgres"))
    with psycopg.connect(maintenance, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        env = {
            **os.environ,
            "RAPPORT_DATA_DIR": str(tmp_path),
            "DJANGO_SETTINGS_MODULE": "rapport.settings",
            "DATABASE_URL": own,
        }
        subprocess.run([RAPPORT, "migrate", "-v0"], env=env, check=True, timeout=300)
        subprocess.run([sys.executable, "-c", SETUP], env=env, check=True, timeout=120)
        export = write_export(
            linkedin_export(connections=5000, messages=80000, seed=3), tmp_path / "export.zip"
        )
        with psycopg.connect(own, autocommit=True) as db:

            def snapshot() -> dict[str, list[tuple]]:
                return {
                    table: db.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()
                    for table in KEEPER_TABLES
                }

            def job_state() -> str | None:
                row = db.execute(
                    "SELECT state FROM imports_importjob ORDER BY id DESC LIMIT 1"
                ).fetchone()
                return row[0] if row else None

            before = snapshot()
            _kill_while_writing(env, export, job_state)
            assert job_state() == "writing"
            # The server notices the dead client and rolls its transaction back.
            deadline = time.monotonic() + 30
            while db.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                [name],
            ).fetchone()[0]:
                assert time.monotonic() < deadline
                time.sleep(0.05)
            assert snapshot() == before
    finally:
        with psycopg.connect(maintenance, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
