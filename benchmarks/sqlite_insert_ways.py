"""Three ways to hand the LinkedIn import's rows to SQLite, on the same rows.

    .venv/bin/python benchmarks/sqlite_insert_ways.py [--connections 30000] [--messages 200000]

Imports a synthetic export (as benchmarks/imports.py does), reads back the 431,296 rows
it wrote (people, interactions, their links), then stores them again into an empty
copy of the schema, in one transaction each way, alternating:

- ``one_row``: ``executemany`` of a one-row INSERT: the sqlite3 module's own loop;
- ``hundred_rows``: 100 rows a statement, as ``rapport.imports.writing`` does;
- ``json``: 5,000 rows a statement as one JSON text, unpacked in SQLite by ``json_each``;

and, for scale, ``INSERT ... SELECT`` from an in-memory copy (no Python per row). It
answers whether a cheaper way to hand the values over exists than the import's.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sqlite3
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from imports import KEEPER_TABLES, RAPPORT, Clock, _empty_copy, ready_to_import, sqlite_only_floor

Rows = dict[str, list[tuple[object, ...]]]


def one_row(copy: sqlite3.Connection, table: str, rows: list[tuple[object, ...]]) -> None:
    copy.executemany(f"INSERT INTO {table} VALUES ({', '.join('?' * len(rows[0]))})", rows)


def hundred_rows(copy: sqlite3.Connection, table: str, rows: list[tuple[object, ...]]) -> None:
    one = f"({', '.join('?' * len(rows[0]))})"
    flat = itertools.chain.from_iterable
    whole = len(rows) - len(rows) % 100
    copy.executemany(
        f"INSERT INTO {table} VALUES " + ", ".join([one] * 100),
        (list(flat(rows[at : at + 100])) for at in range(0, whole, 100)),
    )
    if whole < len(rows):
        rest = rows[whole:]
        copy.execute(
            f"INSERT INTO {table} VALUES " + ", ".join([one] * len(rest)), list(flat(rest))
        )


def json_text(copy: sqlite3.Connection, table: str, rows: list[tuple[object, ...]]) -> None:
    columns = ", ".join(f"value ->> {at}" for at in range(len(rows[0])))
    statement = f"INSERT INTO {table} SELECT {columns} FROM json_each(?)"
    for at in range(0, len(rows), 5_000):
        copy.execute(statement, (json.dumps(rows[at : at + 5_000]),))


WAYS: dict[str, Callable[[sqlite3.Connection, str, list[tuple[object, ...]]], None]] = {
    "one_row": one_row,
    "hundred_rows": hundred_rows,
    "json": json_text,
}


def timed(database: Path, folder: Path, way: str, rows: Rows) -> tuple[float, float]:
    if way == "insert_select":
        return sqlite_only_floor(database, folder)
    target = folder / f"{way}.sqlite3"
    copy = _empty_copy(database, target)
    clock = Clock()
    copy.execute("BEGIN IMMEDIATE")
    for table in KEEPER_TABLES:
        WAYS[way](copy, table, rows[table])
    copy.execute("COMMIT")
    took = clock.stop()
    copy.close()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=30_000)
    parser.add_argument("--messages", type=int, default=200_000)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder)
        export, env = ready_to_import(data, args.connections, args.messages)
        subprocess.run(
            [RAPPORT, "import", "linkedin", str(export), "--member", "ana"],
            env=env,
            check=True,
            capture_output=True,
        )
        database = data / "rapport.sqlite3"
        with sqlite3.connect(database) as source:
            rows = {
                t: source.execute(f"SELECT * FROM {t} ORDER BY id").fetchall()
                for t in KEEPER_TABLES
            }
        print(f"{sum(map(len, rows.values()))} rows, {args.rounds} rounds, wall / CPU seconds")
        for round_ in range(args.rounds):
            for way in (*WAYS, "insert_select"):
                wall, cpu = timed(database, data, way, rows)
                print(f"round {round_ + 1}  {way:<14}{wall:6.2f} s / {cpu:5.2f} s")


if __name__ == "__main__":
    main()
