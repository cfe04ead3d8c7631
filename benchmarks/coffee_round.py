"""One coffee round, end to end: 5,000 (or --members) opted-in members.

    .venv/bin/python benchmarks/coffee_round.py --members 5000
    .venv/bin/python benchmarks/coffee_round.py --members 500
    createdb -h 127.0.0.1 -U root rapport_coffee_bench  # once
    DATABASE_URL=postgres://root@127.0.0.1:5432/rapport_coffee_bench \\
        .venv/bin/python benchmarks/coffee_round.py --members 5000

The community is synthetic and bulk-inserted (a benchmark's set-up, not a product
path): members in groups of about 50 that share an organisation and a city, each
with ``--degree`` connections on average, 85% inside their group; interests drawn
from 300 topics with a Zipf-like popularity, asks and offers from a 600-word
vocabulary; one block per 100 members; and six earlier rounds of pairs, so the
"never the last six rounds" rule has real pairs to exclude.

Timed: ``coffee_round_run`` as the worker calls it, in one transaction: reading
everyone due, their connections, blocks and recent pairs; the clusters (Louvain on
the connection graph among them); the candidate graph and the one exact matching
of the whole round; and writing the pairs, their conversations and every member's
place. Each phase is timed by wrapping the function the service calls, and the
plan's size and mean weight are printed beside. Recorded in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time
from collections import defaultdict

from page_timing import django_for_benchmark, machine_line

GROUP = 50
TOPICS = [f"topic {n}" for n in range(300)]
WORDS = [f"word{n}" for n in range(600)]
CITIES = [f"City {n}, Land" for n in range(40)]


def _zipf_pick(rng: random.Random, items: list[str], k: int) -> list[str]:
    picked: set[str] = set()
    while len(picked) < k:
        picked.add(items[min(int(rng.paretovariate(1.1)) - 1, len(items) - 1)])
    return sorted(picked)


def build(members: int, degree: int, rng: random.Random, now: dt.datetime) -> list[int]:
    from django.db import transaction

    from rapport.coffee.models import CoffeeOptIn, CoffeeRound, Pairing
    from rapport.members.models import Member
    from rapport.network.models import Connection
    from rapport.safety.models import Block

    with transaction.atomic():
        rows = []
        for n in range(members):
            group = n // GROUP
            rows.append(
                Member(
                    username=f"coffee{n}",
                    password="!",
                    name=f"Member {n}",
                    organisation=f"Organisation {group}",
                    location=CITIES[group % len(CITIES)],
                    interests=", ".join(_zipf_pick(rng, TOPICS, 5)),
                    can_help_with=" ".join(rng.sample(WORDS, 8)),
                    looking_for=" ".join(rng.sample(WORDS, 8)),
                )
            )
        created = Member.objects.bulk_create(rows, batch_size=2000)
        ids = [m.pk for m in created]
        CoffeeOptIn.objects.bulk_create(
            [
                CoffeeOptIn(
                    member_id=member_id,
                    frequency="weekly",
                    topics=", ".join(_zipf_pick(rng, TOPICS, 2)),
                    created_at=now,
                    updated_at=now,
                )
                for member_id in ids
            ],
            batch_size=2000,
        )
        pairs: set[tuple[int, int]] = set()
        for i, member_id in enumerate(ids):
            group = i // GROUP
            for _ in range(degree // 2):
                if rng.random() < 0.85:
                    j = group * GROUP + rng.randrange(GROUP)
                else:
                    j = rng.randrange(members)
                if j < members and j != i:
                    a, b = sorted((member_id, ids[j]))
                    pairs.add((a, b))
        Connection.objects.bulk_create(
            [Connection(member_low_id=a, member_high_id=b, created_at=now) for a, b in pairs],
            batch_size=5000,
        )
        Block.objects.bulk_create(
            [
                Block(blocker_id=rng.choice(ids), blocked_id=rng.choice(ids), created_at=now)
                for _ in range(members // 100)
            ],
            batch_size=2000,
            ignore_conflicts=True,
        )
        # Six earlier rounds: random pairs, so their exclusion is real work.
        for week in range(6, 0, -1):
            held_on = now.date() - dt.timedelta(weeks=week)
            coffee_round = CoffeeRound.objects.create(held_on=held_on, ran_at=now)
            shuffled = ids[:]
            rng.shuffle(shuffled)
            Pairing.objects.bulk_create(
                [
                    Pairing(
                        round=coffee_round,
                        member_low_id=min(a, b),
                        member_high_id=max(a, b),
                        weight=1,
                        opener_low="-",
                        opener_high="-",
                        hold_starts_at=now,
                    )
                    for a, b in zip(shuffled[::2], shuffled[1::2], strict=False)
                    if (min(a, b), max(a, b)) not in pairs
                ],
                batch_size=5000,
            )
    print(f"# {members} members, {len(pairs)} connections, 6 earlier rounds")
    return ids


def timed_round(now: dt.datetime) -> dict[str, float]:
    """Run the round, timing the phases by wrapping what the service calls."""
    from rapport.coffee import services

    spent: dict[str, float] = defaultdict(float)
    originals = {
        "clusters": services.member_clusters,
        "pairing": services.plan_round,
        "writing": services._write_round,
    }

    plans = []

    def wrap(name, function):
        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                result = function(*args, **kwargs)
            finally:
                spent[name] += time.perf_counter() - started
            if name == "pairing":
                plans.append(result)
            return result

        return timed

    services.member_clusters = wrap("clusters", originals["clusters"])
    services.plan_round = wrap("pairing", originals["pairing"])
    services._write_round = wrap("writing", originals["writing"])
    try:
        started = time.perf_counter()
        coffee_round = services.coffee_round_run(held_on=now.date(), now=now)
        spent["total"] = time.perf_counter() - started
    finally:
        services.member_clusters = originals["clusters"]
        services.plan_round = originals["pairing"]
        services._write_round = originals["writing"]
    spent["reading"] = spent["total"] - spent["clusters"] - spent["pairing"] - spent["writing"]
    from rapport.coffee.models import Participation

    left = Participation.objects.filter(round=coffee_round, pairing__isnull=True).count()
    print(f"# pairs: {coffee_round.pairings.count()}, left out: {left}")
    (plan,) = plans
    if plan.pairs:
        print(
            f"# candidate edges: {len(plan.candidates)}, k: {plan.k}, "
            f"widenings: {plan.widenings}, proved by: {plan.proved_by}, mean pair weight: "
            f"{plan.total_weight / len(plan.pairs):.2f} (of 98)"
        )
    return spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=5000)
    parser.add_argument("--degree", type=int, default=30)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    django_for_benchmark()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    call_command("migrate", interactive=False, verbosity=0)
    if connection.vendor == "postgresql":
        call_command("flush", interactive=False, verbosity=0)
    print(machine_line())
    now = timezone.now()
    build(args.members, args.degree, random.Random(args.seed), now)
    spent = timed_round(now)
    print(f"{'phase':<10}{'seconds':>10}")
    for phase in ("reading", "clusters", "pairing", "writing", "total"):
        print(f"{phase:<10}{spent[phase]:>10.2f}")


if __name__ == "__main__":
    main()
