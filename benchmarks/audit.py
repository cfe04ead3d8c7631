"""The network audit for a member with 30,000 imported connections and 200,000 interactions.

    .venv/bin/python benchmarks/audit.py [--connections 30000] [--interactions 200000]
        [--talked 0.15] [--repeat 5]
    DATABASE_URL=postgres://root@127.0.0.1:5432/rapport_bench_audit .venv/bin/python benchmarks/audit.py

The rows are bulk-inserted (a benchmark's set-up, not a product path), shaped like a
large LinkedIn export: every person is an imported connection (``connected_on``
spread over fifteen years, a LinkedIn address); ``--talked`` of them (15% by
default) were ever in an interaction. Interactions fall on those people with a
skew (rank^-0.8: a few people get most of them), each relationship in its own
span (begun in the last twelve years, lasting about three, so many are over and
some go on today); mostly messages sent and received, some emails, calls,
coffees, favours and endorsements; one in twenty has two or three people. Last contact dates are set as the
interaction services keep them.

Timed, REPEAT times each: the three reads (``audit_material_of``), the engine's
part (``audit_from``), the whole ``network_audit``, the /audit/ page and GET
/api/audit through Django's test client, and the self-contained HTML report. On
PostgreSQL the database DATABASE_URL names is flushed first. Recorded in
docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from page_timing import django_for_benchmark, machine_line

KINDS = (
    ["message"] * 70
    + ["email"] * 10
    + ["call", "coffee", "meeting", "conversation"] * 2
    + ["other"] * 5
    + ["advice", "introduction", "help", "referral", "gathering"]
)
DIRECTIONS = ["gave"] * 45 + ["received"] * 45 + ["mutual"] * 10
FIRST = ["Ana", "Ben", "Chidi", "Dara", "Eun", "Femi", "Gita", "Hugo", "Ines", "Jon", "Kai"]
LAST = ["Ruiz", "Okafor", "Lindqvist", "Haddad", "Mensah", "Tran", "Novak", "Silva", "Berg"]


def build(*, connections: int, interactions: int, talked: float) -> object:
    import datetime as dt

    from django.db import connection, transaction
    from django.db.models import Max, OuterRef, Subquery
    from django.utils import timezone

    from rapport.keeper.models import Interaction, Person
    from rapport.members.models import Member

    rng = random.Random(11)
    now = timezone.now()
    owner = Member.objects.create_user(username="bench", password="x", name="Bench Owner")
    with transaction.atomic():
        Person.objects.bulk_create(
            (
                Person(
                    owner=owner,
                    name=f"{rng.choice(FIRST)} {rng.choice(LAST)} {n:05d}",
                    linkedin_url=f"https://www.linkedin.com/in/person-{n}",
                    organisation=rng.choice(["Fieldnote", "Brightwater", "NHS", "Kontur", ""]),
                    met_context="imported",
                    connected_on=(now - dt.timedelta(days=rng.random() * 365 * 15)).date(),
                    created_at=now,
                    updated_at=now,
                )
                for n in range(connections)
            ),
            batch_size=2000,
        )
        ids = list(Person.objects.filter(owner=owner).values_list("pk", flat=True))
        rng.shuffle(ids)
        spoken = ids[: max(1, int(len(ids) * talked))]
        weights = [1 / (rank + 1) ** 0.8 for rank in range(len(spoken))]
        # Each relationship has its own span: it began some time in the last twelve
        # years and lasted about three (many are over; some go on today).
        year = 365.25
        spans = {}
        for person in spoken:
            began = rng.random() * 12 * year
            spans[person] = (began, max(0.0, began - rng.expovariate(1 / (3 * year))))
        chosen = rng.choices(spoken, weights=weights, k=interactions)
        made = Interaction.objects.bulk_create(
            (
                Interaction(
                    owner=owner,
                    occurred_at=now
                    - dt.timedelta(days=rng.uniform(spans[person][1], spans[person][0])),
                    kind=rng.choice(KINDS),
                    direction=rng.choice(DIRECTIONS),
                    source="import",
                    created_at=now,
                )
                for person in chosen
            ),
            batch_size=2000,
        )
        through = Interaction.people.through
        links = []
        for interaction, person in zip(made, chosen, strict=True):
            links.append(through(interaction_id=interaction.pk, person_id=person))
            if rng.random() < 0.05:  # a group message: one or two more people
                for other in set(rng.choices(spoken, k=rng.choice([1, 2]))) - {person}:
                    links.append(through(interaction_id=interaction.pk, person_id=other))
        through.objects.bulk_create(links, batch_size=5000)
        latest = (
            Interaction.objects.filter(people=OuterRef("pk"))
            .order_by()
            .values("people")
            .annotate(latest=Max("occurred_at"))
            .values("latest")
        )
        Person.objects.filter(owner=owner).update(last_contact_at=Subquery(latest))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return owner


def _timed(action, *, repeat: int, before=None) -> tuple[float, float, float]:
    """Median wall ms, worst wall ms and median CPU ms of this process (the machine is
    shared: the CPU time says what the work costs when nothing else runs)."""
    walls, cpus = [], []
    for _ in range(repeat):
        if before is not None:
            before()
        started, cpu = time.perf_counter(), time.process_time()
        action()
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu)
    return (
        statistics.median(walls) * 1000,
        max(walls) * 1000,
        statistics.median(cpus) * 1000,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--connections", type=int, default=30_000)
    parser.add_argument("--interactions", type=int, default=200_000)
    parser.add_argument("--talked", type=float, default=0.15)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    django_for_benchmark()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from rapport.audit.report import audit_from, network_audit
    from rapport.audit.selectors import audit_material_of
    from rapport.audit.services import contacts_archive, people_restore
    from rapport.audit.standalone import report_html

    if connection.vendor == "postgresql":
        call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    owner = build(connections=args.connections, interactions=args.interactions, talked=args.talked)
    built = time.perf_counter() - started
    print(machine_line())
    print(
        f"# {args.connections:,} connections, {args.interactions:,} interactions "
        f"({args.talked:.0%} of connections ever in one); set-up {built:.0f} s"
    )
    now = timezone.now()
    material = audit_material_of(owner=owner)
    audit = audit_from(material, member_name="Bench", now=now)
    figures = audit.figures
    print(
        f"# {len(material.touches):,} person-interaction rows; exchanged {figures.exchanged:,}, "
        f"last 12 months {figures.exchanged_recently:,}, both ways {figures.both_ways:,}; "
        f"circles found {[bar.found for bar in audit.circles]}; strongest "
        f"{len(audit.strongest)}, dormant {audit.dormant_total:,}, rest {audit.rest.total:,}"
    )
    client = Client()
    client.force_login(owner)
    steps = [
        ("reads (3 queries)", lambda: audit_material_of(owner=owner), None),
        ("engine (audit_from)", lambda: audit_from(material, member_name="Bench", now=now), None),
        ("network_audit, cold", lambda: network_audit(member=owner, now=now), cache.clear),
        ("page /audit/, cold", lambda: client.get("/audit/"), cache.clear),
        ("page /audit/, cached", lambda: client.get("/audit/"), None),
        ("GET /api/audit, cached", lambda: client.get("/api/audit"), None),
        ("HTML report, cached", lambda: report_html(member=owner, now=now), None),
    ]
    print(f"{'step':<26}{'queries':>8}{'p50 ms':>9}{'max ms':>9}{'cpu ms':>9}")
    for name, action, before in steps:
        if before is not None:
            before()
        with CaptureQueriesContext(connection) as queries:
            action()
        query_count = len(queries)
        p50, worst, cpu = _timed(action, repeat=args.repeat, before=before)
        print(f"{name:<26}{query_count:>8}{p50:>9.0f}{worst:>9.0f}{cpu:>9.0f}")
    for name, action in (
        ("archive the rest", lambda: contacts_archive(owner=owner)),
        ("restore them all", lambda: people_restore(owner=owner)),
    ):
        started, cpu = time.perf_counter(), time.process_time()
        changed = action()
        wall, cpu = (time.perf_counter() - started) * 1000, (time.process_time() - cpu) * 1000
        print(f"{name + f' ({changed:,})':<26}{'':>8}{wall:>9.0f}{'':>9}{cpu:>9.0f}")


if __name__ == "__main__":
    main()
