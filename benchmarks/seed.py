"""Time `rapport seed --members N` into a fresh PostgreSQL database, migrations included.

    .venv/bin/python benchmarks/seed.py [--members 100000] [--database rapport_seed_bench]
                                        [--keep]

Creates the database (it must not exist), runs the command as a user would and
prints its own progress lines, the wall time, and the database's size; drops the
database afterwards unless --keep. Goal: 100,000 members in under 10 minutes.
PostgreSQL at 127.0.0.1:5432 as root unless PGHOST/PGUSER/PGPORT say otherwise.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _psql(database: str, sql: str, env: dict[str, str]) -> str:
    return subprocess.run(
        ["psql", "-At", "-d", database, "-c", sql], env=env, capture_output=True, text=True
    ).stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database", default="rapport_seed_bench")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()
    env = dict(os.environ)
    env.setdefault("PGHOST", "127.0.0.1")
    env.setdefault("PGUSER", "root")
    env.setdefault("PGPORT", "5432")
    host, user, port = env["PGHOST"], env["PGUSER"], env["PGPORT"]
    subprocess.run(["createdb", args.database], env=env, check=True)
    env["DATABASE_URL"] = f"postgres://{user}@{host}:{port}/{args.database}"
    print(f"# {os.uname().nodename}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}")
    started = time.perf_counter()
    try:
        subprocess.run(
            [
                str(Path(sys.executable).parent / "rapport"),
                "seed",
                "--members",
                str(args.members),
                "--seed",
                str(args.seed),
            ],
            env=env,
            cwd=ROOT,
            check=True,
        )
        wall = time.perf_counter() - started
        size = _psql(
            args.database, "SELECT pg_size_pretty(pg_database_size(current_database()))", env
        )
        print(f"\nwall time, migrations included: {wall:.1f} s ({wall / 60:.1f} min)")
        print(f"database size: {size}; load average now {os.getloadavg()[0]:.2f}")
    finally:
        if not args.keep:
            subprocess.run(["dropdb", args.database], env=env, check=False)


if __name__ == "__main__":
    main()
