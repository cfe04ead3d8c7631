"""The keeper's pages for a member with 3,000 people and 100,000 interactions.

    .venv/bin/python benchmarks/keeper.py [--people 3000] [--interactions 100000] [--repeat 30]
    DATABASE_URL=postgres://root@127.0.0.1:5432/rapport_bench .venv/bin/python benchmarks/keeper.py

The rows are bulk-inserted (a benchmark's set-up, not a product path), with
last contact dates computed as the interaction services keep them. Each page is
then requested REPEAT times through Django's test client; the script prints the
median and p95 and the queries per page. On PostgreSQL it uses (and empties) the
database DATABASE_URL names. Recorded in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import random
import time

from page_timing import django_for_benchmark, machine_line, time_pages

PAGES = [
    ("keeper home", "/keeper/"),
    ("due list", "/keeper/due/"),
    ("circles (rings)", "/keeper/circles/"),
    ("seats", "/keeper/seats/"),
    ("api due", "/api/keeper/due"),
]
KINDS = ["conversation", "meeting", "call", "coffee", "message", "email", "gathering"]
CIRCLES = ["5"] * 5 + ["15"] * 10 + ["50"] * 35 + ["150"] * 100 + ["acquaintance"] * 2700


def build(*, people: int, interactions: int) -> object:
    import datetime as dt

    from django.db import connection, transaction
    from django.db.models import Max, OuterRef, Subquery
    from django.utils import timezone

    from rapport.keeper.models import Interaction, Person
    from rapport.members.models import Member

    rng = random.Random(7)
    now = timezone.now()
    owner = Member.objects.create_user(username="bench", password="x", name="Bench Owner")
    with transaction.atomic():
        rows = [
            Person(
                owner=owner,
                name=f"Person {n:05d} {rng.choice(['Ruiz', 'Okafor', 'Lindqvist', 'Haddad'])}",
                organisation=rng.choice(["Fieldnote", "Brightwater", "NHS", "Kontur", ""]),
                circle=CIRCLES[n % len(CIRCLES)] if n < len(CIRCLES) else "acquaintance",
                tags=[rng.choice(["health", "design", "family", "civic"])],
                created_at=now,
                updated_at=now,
            )
            for n in range(people)
        ]
        Person.objects.bulk_create(rows, batch_size=1000)
        ids = list(Person.objects.filter(owner=owner).values_list("pk", flat=True))
        # Contact is skewed, as in real ego networks: a few people get most of it.
        weights = [1 / (rank + 1) ** 0.8 for rank in range(len(ids))]
        made = Interaction.objects.bulk_create(
            (
                Interaction(
                    owner=owner,
                    occurred_at=now - dt.timedelta(days=rng.random() * 365 * 5),
                    kind=rng.choice(KINDS),
                    direction=rng.choice(["gave", "received", "mutual", "mutual"]),
                    created_at=now,
                )
                for _ in range(interactions)
            ),
            batch_size=2000,
        )
        through = Interaction.people.through
        chosen = rng.choices(ids, weights=weights, k=len(made))
        through.objects.bulk_create(
            (through(interaction_id=i.pk, person_id=p) for i, p in zip(made, chosen, strict=True)),
            batch_size=5000,
        )
        latest = (
            Interaction.objects.filter(people=OuterRef("pk"))
            .values("people")
            .annotate(latest=Max("occurred_at"))
            .values("latest")
        )
        Person.objects.filter(owner=owner).update(last_contact_at=Subquery(latest))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return owner


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=3000)
    parser.add_argument("--interactions", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    django_for_benchmark()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    if connection.vendor == "postgresql":
        call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    owner = build(people=args.people, interactions=args.interactions)
    built = time.perf_counter() - started
    client = Client()
    client.force_login(owner)
    print(machine_line())
    print(f"{args.people} people, {args.interactions} interactions, built in {built:.1f} s")
    time_pages(client, PAGES, repeat=args.repeat)


if __name__ == "__main__":
    main()
