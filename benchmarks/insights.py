"""All insights for one member with 150 connections whose connections have 150 each.

    .venv/bin/python benchmarks/insights.py [--community 0] [--repeat 30]
    DATABASE_URL=postgres://root@127.0.0.1:5432/rapport_bench_insights \\
        .venv/bin/python benchmarks/insights.py --community 1000
    DATABASE_URL=... .venv/bin/python benchmarks/insights.py --community 100000

The ego network is synthetic and clustered, bulk-inserted (a benchmark's set-up, not
a product path): the member ("ego") has 150 connections in 5 clusters of 30; each
connection knows the other 29 of its cluster, the ego, and 120 second-degree members
drawn from its cluster's pool of 160, so every alter is at the cap of 150 and there
are 150 x 149 = 22,350 ties from the alters (with the ego's own, 22,500). The ego's
keeper holds the 150 (linked to their accounts) and 20 interactions with each over
two years, heavier for a few, as real ego networks are.

``--community N`` then pads the instance to N members, each with ``--degree``
connections among themselves (generated in batches), none of them touching the ego
network: the cost of the ego's insights should not move.

Timed: ``member_insights`` (the six reads of ``rapport.ego.selectors`` plus the
circles overview, then the engine), REPEAT times; the reads alone; and the page
through Django's test client. On PostgreSQL the database DATABASE_URL names is
flushed first. Recorded in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from page_timing import django_for_benchmark, machine_line

ALTERS = 150
CLUSTERS = 5
POOL_PER_CLUSTER = 160
SECOND_DEGREE_EACH = 120
INTERACTIONS_EACH = 20
ORGS = ["Transit Lab", "Fieldnote", "NHS", "Kontur", "Brightwater", "Council", ""]
PLACES = ["Leeds", "York", "Berlin", "Lisbon", "Accra", ""]
INTERESTS = ["cycling", "data", "health", "design", "jazz", "maps", "climate", "hiring"]


def _members(prefix: str, count: int, rng: random.Random, *, cluster: int | None = None):
    from rapport.members.models import Member

    rows = []
    for n in range(count):
        home = cluster if cluster is not None else rng.randrange(CLUSTERS)
        rows.append(
            Member(
                username=f"{prefix}{n}",
                password="!",
                name=f"{prefix.title()} {n}",
                organisation=ORGS[home] if rng.random() < 0.7 else rng.choice(ORGS),
                location=PLACES[home] if rng.random() < 0.7 else rng.choice(PLACES),
                interests=", ".join(rng.sample(INTERESTS, 2)),
            )
        )
    return Member.objects.bulk_create(rows, batch_size=2000)


def _connect(pairs, now) -> int:
    from rapport.network.models import Connection

    rows = [
        Connection(member_low_id=min(a, b), member_high_id=max(a, b), created_at=now)
        for a, b in pairs
    ]
    Connection.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


def build_ego(rng: random.Random):
    import datetime as dt

    from django.db import transaction
    from django.utils import timezone

    from rapport.keeper.models import Interaction, Person
    from rapport.members.models import Member

    now = timezone.now()
    with transaction.atomic():
        ego = Member.objects.create_user(
            username="ego", password="x", name="Ego Member", interests="cycling, data"
        )
        per_cluster = ALTERS // CLUSTERS
        alters = []
        pools = []
        for c in range(CLUSTERS):
            alters.append(_members(f"alter{c}x", per_cluster, rng, cluster=c))
            pools.append(_members(f"second{c}x", POOL_PER_CLUSTER, rng, cluster=c))
        pairs = []
        for c in range(CLUSTERS):
            group = alters[c]
            for i, a in enumerate(group):
                pairs.append((ego.pk, a.pk))
                pairs.extend((a.pk, b.pk) for b in group[i + 1 :])
                for other in rng.sample(pools[c], SECOND_DEGREE_EACH):
                    pairs.append((a.pk, other.pk))
        ties = _connect(pairs, now)
        people = Person.objects.bulk_create(
            [
                Person(
                    owner=ego,
                    member=a,
                    name=a.name,
                    circle="150",
                    created_at=now,
                    updated_at=now,
                )
                for group in alters
                for a in group
            ]
        )
        kinds = ["coffee", "call", "message", "meeting", "email", "conversation"]
        made = Interaction.objects.bulk_create(
            [
                Interaction(
                    owner=ego,
                    occurred_at=now - dt.timedelta(days=rng.random() ** (1 + rank % 4) * 730),
                    kind=rng.choice(kinds),
                    direction=rng.choice(["gave", "received", "mutual", "mutual"]),
                    created_at=now,
                )
                for rank, _person in enumerate(people)
                for _ in range(INTERACTIONS_EACH)
            ],
            batch_size=2000,
        )
        through = Interaction.people.through
        through.objects.bulk_create(
            [
                through(interaction_id=interaction.pk, person_id=people[n // INTERACTIONS_EACH].pk)
                for n, interaction in enumerate(made)
            ],
            batch_size=5000,
        )
    return ego, ties, len(made)


def pad_community(total: int, *, degree: int, rng: random.Random) -> tuple[int, int]:
    """Members up to ``total`` with ``degree`` connections each among themselves."""
    from django.db import transaction
    from django.utils import timezone

    from rapport.members.models import Member

    now = timezone.now()
    missing = total - Member.objects.count()
    made = 0
    ties = 0
    batch = 10_000
    while made < missing:
        count = min(batch, missing - made)
        with transaction.atomic():
            rows = _members(f"pad{made}x", count, rng)
            ids = [row.pk for row in rows]
            pairs = set()
            # A ring lattice plus random chords: each gets ``degree`` neighbours,
            # never more than the cap, inside its batch.
            for i, pk in enumerate(ids):
                for step in range(1, degree // 2 + 1):
                    other = ids[(i + step * rng.randrange(1, 7)) % len(ids)]
                    if other != pk:
                        pairs.add((min(pk, other), max(pk, other)))
            ties += _connect(sorted(pairs), now)
        made += count
        print(f"  padded {made:,} of {missing:,} members", flush=True)
    return made, ties


def timed(fn, repeat: int) -> tuple[float, float]:
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        timings.append(time.perf_counter() - started)
    timings.sort()
    return statistics.median(timings) * 1000, timings[max(0, int(len(timings) * 0.95) - 1)] * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--community", type=int, default=0, help="pad to this many members")
    parser.add_argument("--degree", type=int, default=20, help="connections per padding member")
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    django_for_benchmark()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from rapport.ego.report import member_insights
    from rapport.ego.selectors import ego_network_of
    from rapport.members.models import Member
    from rapport.network.models import Connection

    if connection.vendor == "postgresql":
        call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    rng = random.Random(7)
    started = time.perf_counter()
    ego, ties, interactions = build_ego(rng)
    built = time.perf_counter() - started
    print(machine_line())
    print(
        f"ego network: {ties:,} ties, {interactions:,} keeper interactions, built in {built:.1f} s"
    )
    if args.community:
        started = time.perf_counter()
        pad_community(args.community, degree=args.degree, rng=rng)
        print(f"community padded in {time.perf_counter() - started:.1f} s")
    if connection.vendor == "postgresql":
        # A settled database, as a live instance's is after autovacuum: without the
        # visibility map a fresh bulk load reads heap pages an index-only scan skips.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    print(
        f"community: {Member.objects.count():,} members, {Connection.objects.count():,} connections"
    )
    now = timezone.now()
    network = ego_network_of(member=ego)
    print(
        f"ego: {len(network.alter_ids)} alters, {len(network.ties):,} ties from them, "
        f"{len(network.second_degree_ids):,} second-degree members"
    )
    with CaptureQueriesContext(connection) as captured:
        report = member_insights(member=ego, now=now)
    print(
        f"insights: {report.cluster_count} clusters, effective size "
        f"{report.structure.effective_size:.1f}, {len(report.circles_found)} circles found, "
        f"{len(report.bridges)} bridges; {len(captured)} queries"
    )
    print(f"{'measure':<28}{'p50 ms':>9}{'p95 ms':>9}")
    for name, fn in (
        ("reads (ego_network_of)", lambda: ego_network_of(member=ego)),
        ("all insights (reads+engine)", lambda: member_insights(member=ego, now=now)),
    ):
        p50, p95 = timed(fn, args.repeat)
        print(f"{name:<28}{p50:>9.1f}{p95:>9.1f}")
    client = Client()
    client.force_login(ego)
    assert client.get("/insights/").status_code == 200
    p50, p95 = timed(lambda: client.get("/insights/"), max(5, args.repeat // 3))
    print(f"{'the page /insights/':<28}{p50:>9.1f}{p95:>9.1f}")


if __name__ == "__main__":
    main()
