"""`rapport seed --members N`: a large generated community, for load tests and for trying
Rapport at scale.

Refuses a database that already has members, rather than mixing generated people
with real ones or deleting anything: seed a fresh database. Migrates first, like
`rapport demo`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from rapport.seeding.community import (
    SeedRefused,
    community_seed,
    refuse_a_database_with_members,
    username_of,
)
from rapport.seeding.tables import SeedSchemaError


class Command(BaseCommand):
    help = "Generate a realistic community of N members in an empty database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--members", type=int, required=True, help="How many members.")
        parser.add_argument(
            "--seed",
            type=int,
            default=1,
            help="Random seed: the same seed gives the same community (default 1).",
        )
        parser.add_argument(
            "--now",
            type=dt.datetime.fromisoformat,
            default=None,
            help=argparse_suppress(),
        )

    def handle(
        self, *args: Any, members: int, seed: int, now: dt.datetime | None, **options: Any
    ) -> None:
        if members < 1:
            raise CommandError("--members must be at least 1.")
        if members > 10_000_000:
            raise CommandError("--members is limited to 10,000,000.")
        if now is not None and now.tzinfo is None:
            now = now.replace(tzinfo=dt.UTC)
        # Before migrating or announcing anything; community_seed asks again, for a
        # member who signs up meanwhile.
        try:
            refuse_a_database_with_members()
        except SeedRefused as refused:
            raise CommandError(str(refused)) from None
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write(f"Seeding {members:,} members (seed {seed})...")
        try:
            summary = community_seed(
                members=members,
                seed=seed,
                now=now,
                progress=self._progress,
            )
        except (SeedRefused, SeedSchemaError) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(f"Done in {summary.total_seconds:.1f} s."))
        for table, rows in summary.rows.items():
            self.stdout.write(f"  {table:<32}{rows:>12,}")
        self.stdout.write(
            f"  connections per member: mean {summary.degree_mean:.1f}, median "
            f"{summary.degree_median:.0f}, max {summary.degree_max} "
            f"({summary.at_cap:,} at the cap)"
        )
        self.stdout.write("")
        self.stdout.write(
            f"Every seeded member signs in with the password {summary.password!r}: "
            f"{username_of(0)}, {username_of(1)}, ... {username_of(members - 1)}."
        )

    def _progress(self, line: str) -> None:
        self.stdout.write(f"  {line}")
        self.stdout.flush()  # progress must show at once, even into a file


def argparse_suppress() -> str:
    """``--now`` pins the clock for reproducible tests; it is not for everyday use."""
    import argparse

    return argparse.SUPPRESS
