"""The LinkedIn import at full size: 30,000 connections and 200,000 messages.

    .venv/bin/python benchmarks/imports.py [--connections 30000] [--messages 200000]
        [--postgres postgres://root@127.0.0.1:5432/rapport_import_bench]

In one run: writes a synthetic export (benchmarks/linkedin_export.py's generator),
times reading its Connections.csv and messages.csv with nothing but Python's csv
module (the floor: three reads spread over the run, the median kept), then times
`rapport import linkedin` on a fresh SQLite database in a throw-away data folder, in
a child process whose peak memory is read from the kernel, and the same file again.
Goals (issue 5): under 60 s, under 600 MB, within 3x of the csv floor.

It also times what SQLite alone costs for what the import wrote (the "SQLite
floor"): the same rows, read back and already built, inserted 100 a statement into
an empty database with the same schema (the keeper's indexes, CHECK constraints and
foreign keys), in one transaction. No import can write these rows faster than that.
Below it, SQLite with no Python per row: the same rows copied in by ``INSERT ...
SELECT`` from an in-memory database, what even an import that cost nothing to hand
its values over could not beat. And the import job alone, as ``rapport worker`` runs it (``in_process``): the command
less the interpreter's and Django's start, which the csv read does not pay either.

With ``--postgres URL`` it also times the same command on PostgreSQL, in the database
that URL names, dropped and created afresh (production runs imports there; the
issue's goals are SQLite's).

Every figure is wall time and, after the slash, CPU time (user + system) of the
process that did the work: on a shared machine the CPU times move less with the load.
"""

from __future__ import annotations

import argparse
import csv
import io
import itertools
import os
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from rapport.imports.collector import collector_paused
from rapport.imports.parsers.linkedin import LinkedInImporter
from rapport.imports.synthetic import linkedin_export, write_export

RAPPORT = Path(sys.executable).with_name("rapport")
KEEPER_TABLES = ("keeper_person", "keeper_interaction", "keeper_interaction_people")
ROWS_PER_STATEMENT = 100


class Clock:
    """Wall and CPU seconds of this process, or of its finished children."""

    def __init__(self, *, children: bool = False) -> None:
        self.who = resource.RUSAGE_CHILDREN if children else resource.RUSAGE_SELF
        self.wall = time.perf_counter()
        self.cpu = self._cpu()

    def _cpu(self) -> float:
        usage = resource.getrusage(self.who)
        return usage.ru_utime + usage.ru_stime

    def stop(self) -> tuple[float, float]:
        return time.perf_counter() - self.wall, self._cpu() - self.cpu


def csv_floor(export: Path) -> tuple[tuple[float, float], int]:
    """Seconds to open the ZIP and read both files' rows with csv.reader, and the rows."""
    clock = Clock()
    rows = 0
    with zipfile.ZipFile(export) as archive:
        for name in ("Connections.csv", "messages.csv"):
            text = archive.read(name).decode("utf-8")
            for _row in csv.reader(io.StringIO(text, newline="")):
                rows += 1
    return clock.stop(), rows


def _empty_copy(database: Path, path: Path) -> sqlite3.Connection:
    """A new database at ``path`` with ``database``'s schema (every table, index and
    trigger), its members, and Django's pragmas; the keeper's tables left empty."""
    copy = sqlite3.connect(path, isolation_level=None)
    with sqlite3.connect(database) as source:
        for (sql,) in source.execute(
            "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'"
            # Tables, then their indexes, then triggers and views that name them.
            " ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'index' THEN 1 ELSE 2 END"
        ):
            copy.execute(sql)
        members = source.execute("SELECT * FROM members_member").fetchall()
        copy.executemany(
            f"INSERT INTO members_member VALUES ({', '.join('?' * len(members[0]))})", members
        )
    for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "foreign_keys=ON"):
        copy.execute(f"PRAGMA {pragma}")
    copy.execute("PRAGMA cache_size=-65536")
    return copy


def sqlite_floor(database: Path, folder: Path) -> tuple[tuple[float, float], int]:
    """Seconds for SQLite alone to store the keeper rows in ``database``, and the rows.

    A new database gets the same schema (every table and index) and the members; the
    keeper's three tables' rows, read back in id order, are inserted as the import
    does (multi-row statements, one transaction, Django's pragmas)."""
    copy = _empty_copy(database, folder / "sqlite-floor.sqlite3")
    with sqlite3.connect(database) as source:
        tables = {
            table: (
                [column[1] for column in source.execute(f"PRAGMA table_info({table})")],
                source.execute(f"SELECT * FROM {table} ORDER BY id").fetchall(),
            )
            for table in KEEPER_TABLES
        }
    clock = Clock()
    copy.execute("BEGIN IMMEDIATE")
    for table, (columns, rows) in tables.items():
        one = f"({', '.join('?' * len(columns))})"
        head = f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
        flat = itertools.chain.from_iterable
        whole = len(rows) - len(rows) % ROWS_PER_STATEMENT
        copy.executemany(
            head + ", ".join([one] * ROWS_PER_STATEMENT),
            (
                list(flat(rows[at : at + ROWS_PER_STATEMENT]))
                for at in range(0, whole, ROWS_PER_STATEMENT)
            ),
        )
        if whole < len(rows):
            copy.execute(head + ", ".join([one] * (len(rows) - whole)), list(flat(rows[whole:])))
    copy.execute("COMMIT")
    took = clock.stop()
    copy.close()
    return took, sum(len(rows) for _columns, rows in tables.values())


def sqlite_only_floor(database: Path, folder: Path) -> tuple[float, float]:
    """Seconds for SQLite to store the same rows with no Python per row at all.

    The rows wait in an attached in-memory database and go in by one ``INSERT ...
    SELECT`` per table, in id order, in one transaction: what no import written in
    Python can beat, since it must also hand each value to SQLite."""
    copy = _empty_copy(database, folder / "sqlite-only-floor.sqlite3")
    copy.execute("ATTACH ':memory:' AS held")
    copy.execute("ATTACH ? AS source", (str(database),))
    for table in KEEPER_TABLES:
        copy.execute(f"CREATE TABLE held.{table} AS SELECT * FROM source.{table} ORDER BY id")
    copy.execute("DETACH source")
    clock = Clock()
    copy.execute("BEGIN IMMEDIATE")
    for table in KEEPER_TABLES:
        copy.execute(f"INSERT INTO main.{table} SELECT * FROM held.{table}")
    copy.execute("COMMIT")
    took = clock.stop()
    copy.close()
    return took


SIGN_UP = (
    "import django; django.setup()\n"
    "from rapport.members.services import member_signup\n"
    "member_signup(username='ana', password='a long passphrase 123', name='Ana Ruiz')"
)

JOB = """
import sys, time, resource
import django
django.setup()
from pathlib import Path
from rapport.imports.services import import_job_create, import_job_run
from rapport.members.services import member_signup
bea = member_signup(username="bea", password="a long passphrase 123", name="Ana Ruiz")
job = import_job_create(owner=bea, source="linkedin", path=Path(sys.argv[1]), filename="export.zip")
usage = resource.getrusage(resource.RUSAGE_SELF)
cpu, wall = usage.ru_utime + usage.ru_stime, time.perf_counter()
job = import_job_run(job_id=job.pk)
usage = resource.getrusage(resource.RUSAGE_SELF)
assert job.state == "done", job.error
print(time.perf_counter() - wall, usage.ru_utime + usage.ru_stime - cpu)
"""


def in_process(export: Path, env: dict[str, str]) -> tuple[float, float]:
    """Seconds of the import job alone, as ``rapport worker`` runs it: what the command
    costs less the interpreter's and Django's start (which no csv read pays), for a
    new member of the same name, in the database that already holds the first
    import (so a little slower than into an empty one)."""
    result = subprocess.run(
        [sys.executable, "-c", JOB, str(export)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    wall, cpu = map(float, result.stdout.split())
    return wall, cpu


def on_postgres(url: str, export: Path, env: dict[str, str]) -> tuple[float, float]:
    """Seconds of `rapport import linkedin` into a new PostgreSQL database at ``url``."""
    import psycopg

    server = urlsplit(url)
    name = server.path.lstrip("/")
    with psycopg.connect(urlunsplit(server._replace(path="/postgres")), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    env = {**env, "DATABASE_URL": url}
    subprocess.run([RAPPORT, "migrate", "-v0"], env=env, check=True)
    subprocess.run([sys.executable, "-c", SIGN_UP], env=env, check=True)
    return timed_import(export, env)


def timed_import(export: Path, env: dict[str, str]) -> tuple[float, float]:
    """Seconds of `rapport import linkedin` of ``export`` into ana's keeper, output unread."""
    clock = Clock(children=True)
    subprocess.run(
        [RAPPORT, "import", "linkedin", str(export), "--member", "ana"],
        env=env,
        check=True,
        capture_output=True,
    )
    return clock.stop()


def _figure(label: str, took: tuple[float, float], floor: tuple[float, float]) -> str:
    wall, cpu = took
    ratio = f"{wall / floor[0]:5.1f}x / {cpu / floor[1]:5.1f}x the csv floor"
    return f"{label:<27}{wall:6.1f} s / {cpu:5.1f} s   ({ratio})"


def ready_to_import(data: Path, connections: int, messages: int) -> tuple[Path, dict[str, str]]:
    """A synthetic export in ``data`` and a migrated SQLite database there with ana
    signed up, and the environment that runs ``rapport`` on it."""
    env = {
        **os.environ,
        "RAPPORT_DATA_DIR": str(data),
        "DJANGO_SETTINGS_MODULE": "rapport.settings",
    }
    env.pop("DATABASE_URL", None)
    export = write_export(
        linkedin_export(connections=connections, messages=messages), data / "export.zip"
    )
    subprocess.run([RAPPORT, "migrate", "-v0"], env=env, check=True)
    subprocess.run([sys.executable, "-c", SIGN_UP], env=env, check=True)
    return export, env


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=30_000)
    parser.add_argument("--messages", type=int, default=200_000)
    parser.add_argument("--postgres", metavar="URL", help="also time the import on PostgreSQL")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder)
        export, env = ready_to_import(data, args.connections, args.messages)
        load_before = os.getloadavg()
        reads = [csv_floor(export)]
        rows = reads[0][1]
        clock = Clock()
        # As the import reads it: the archive, then the parse with the collector paused.
        with zipfile.ZipFile(export) as archive:
            files = {name: archive.read(name) for name in archive.namelist()}
        with collector_paused():
            parsed = LinkedInImporter(me=["Ana Ruiz"]).parse(files)
        parse_only = clock.stop()
        del files, parsed
        clock = Clock(children=True)
        result = subprocess.run(
            [RAPPORT, "import", "linkedin", str(export), "--member", "ana"],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        took = clock.stop()
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        second = timed_import(export, env)
        reads.append(csv_floor(export))
        store, stored = sqlite_floor(data / "rapport.sqlite3", data)
        store_only = sqlite_only_floor(data / "rapport.sqlite3", data)
        job = in_process(export, env)
        reads.append(csv_floor(export))
        postgres = on_postgres(args.postgres, export, env) if args.postgres else None
        load_after = os.getloadavg()
    # The csv read is the shortest step, so the machine's moods move it most: it is
    # taken at the start, the middle and the end of the run, and the median divides.
    walls = sorted(wall for (wall, _cpu), _rows in reads)
    cpus = sorted(cpu for (_wall, cpu), _rows in reads)
    floor = (walls[1], cpus[1])
    summary = [line for line in result.stdout.splitlines() if line.startswith("Imported")]
    print(f"export: {args.connections} connections, {args.messages} messages ({rows} csv rows)")
    each = ", ".join(f"{wall:.2f}" for (wall, _cpu), _rows in reads)
    print(f"{'csv.reader floor:':<27}{floor[0]:6.1f} s / {floor[1]:5.1f} s   (median of {each} s)")
    print(_figure(f"SQLite floor ({stored} rows):", store, floor))
    print(_figure("  with no Python per row:", store_only, floor) + "  INSERT ... SELECT")
    print(_figure("parse only, in process:", parse_only, floor))
    print(_figure("rapport import linkedin:", took, floor))
    print(_figure("the job, in process:", job, floor) + "  as a worker runs it")
    print(_figure("same file again:", second, floor) + "  adds nothing")
    if postgres:
        print(_figure("on PostgreSQL:", postgres, floor) + "  rapport import linkedin")
    print(f"peak memory (largest child process): {peak_mb:.0f} MB")
    print(
        "load average (1, 5, 15 min) before: {:.2f} {:.2f} {:.2f}, after: {:.2f} {:.2f} {:.2f}".format(
            *load_before, *load_after
        )
    )
    print(*summary, sep="\n")


if __name__ == "__main__":
    main()
