"""The LinkedIn import at full size: 30,000 connections and 200,000 messages.

    .venv/bin/python benchmarks/imports.py [--connections 30000] [--messages 200000]

In one run: writes a synthetic export (benchmarks/linkedin_export.py's generator),
times reading its Connections.csv and messages.csv with nothing but Python's csv
module (the floor), then times `rapport import linkedin` on a fresh SQLite database
in a throw-away data folder, in a child process whose peak memory is read from the
kernel. Goals (issue 5): under 60 s, under 600 MB, within 3x of the csv floor.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from rapport.imports.parsers.linkedin import LinkedInImporter
from rapport.imports.synthetic import linkedin_export, write_export

RAPPORT = Path(sys.executable).with_name("rapport")


def csv_floor(export: Path) -> tuple[float, int]:
    """Seconds to open the ZIP and read both files' rows with csv.reader, and the rows."""
    started = time.perf_counter()
    rows = 0
    with zipfile.ZipFile(export) as archive:
        for name in ("Connections.csv", "messages.csv"):
            text = archive.read(name).decode("utf-8")
            for _row in csv.reader(io.StringIO(text, newline="")):
                rows += 1
    return time.perf_counter() - started, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=30_000)
    parser.add_argument("--messages", type=int, default=200_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder)
        env = {
            **os.environ,
            "RAPPORT_DATA_DIR": folder,
            "DJANGO_SETTINGS_MODULE": "rapport.settings",
        }
        env.pop("DATABASE_URL", None)
        export = write_export(
            linkedin_export(connections=args.connections, messages=args.messages),
            data / "export.zip",
        )
        subprocess.run([RAPPORT, "migrate", "-v0"], env=env, check=True)
        subprocess.run(
            [
                sys.executable,
                "-c",
                "import django; django.setup()\n"
                "from rapport.members.services import member_signup\n"
                "member_signup(username='ana', password='a long passphrase 123', name='Ana Ruiz')",
            ],
            env=env,
            check=True,
        )
        floor, rows = csv_floor(export)
        parse_started = time.perf_counter()
        with zipfile.ZipFile(export) as archive:
            files = {name: archive.read(name) for name in archive.namelist()}
        parsed = LinkedInImporter(me=["Ana Ruiz"]).parse(files)
        parse_only = time.perf_counter() - parse_started
        del files, parsed
        started = time.perf_counter()
        result = subprocess.run(
            [RAPPORT, "import", "linkedin", str(export), "--member", "ana"],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        took = time.perf_counter() - started
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        again = time.perf_counter()
        subprocess.run(
            [RAPPORT, "import", "linkedin", str(export), "--member", "ana"],
            env=env,
            check=True,
            capture_output=True,
        )
        second = time.perf_counter() - again
    summary = [line for line in result.stdout.splitlines() if line.startswith("Imported")]
    print(f"export: {args.connections} connections, {args.messages} messages ({rows} csv rows)")
    print(f"csv.reader floor:        {floor:6.1f} s")
    print(f"parse only, in process:  {parse_only:6.1f} s  ({parse_only / floor:.1f}x the floor)")
    print(f"rapport import linkedin: {took:6.1f} s  ({took / floor:.1f}x the floor)")
    print(f"same file again:         {second:6.1f} s  (adds nothing)")
    print(f"peak memory (largest child process): {peak_mb:.0f} MB")
    print(*summary, sep="\n")


if __name__ == "__main__":
    main()
