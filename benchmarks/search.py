"""Member search at 1,000, 10,000 and 100,000 members: the stored fold, and the old way.

    .venv/bin/python benchmarks/search.py [--sizes 1000,10000,100000] [--repeat 40]
    DATABASE_URL=postgres://root@127.0.0.1:5432/rapport_bench_search \\
        .venv/bin/python benchmarks/search.py [--explain]

Search compares the query's words, folded in Python, with ``Member.search_folded``,
each member's name, organisation and interests folded as they were written
(``rapport.members.folding``): a plain ``LIKE '%word%'`` on one column, which
PostgreSQL serves from a trigram GIN index (members migration 0011) and SQLite reads
without calling into Python. "The old way" is the search before it (copied below):
both sides folded in the database at every search (PostgreSQL's ``unaccent``, a
Python function on SQLite), so every search read every member through the fold.

The community is grown in steps to each size, bulk-inserted (a benchmark's set-up,
not a product path; ``bulk_create`` fills the stored fold as ``save`` does) from
``rapport.seeding.people``, the generator `rapport seed` uses: names from many
languages (Tomás, Chloé, Müller, García...), organisations with power-law sizes,
comma-separated interests on a Zipf curve. At each size, ``member_search`` runs as
the search page calls it (a viewer, 51 rows) REPEAT times for each query, then the
old way for comparison. "found" is the rows returned (51 means "more than the page
shows"). On PostgreSQL the database DATABASE_URL names is flushed first, and analysed
after each step; ``--explain`` prints the plans of a common and of a rare word.
Recorded in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

from page_timing import django_for_benchmark, machine_line

QUERIES = [
    ("common first name", "daniel"),
    ("accented, typed plain", "muller"),
    ("two words", "tomas garcia"),
    ("an interest", "design"),
    ("matches nobody", "qxzvy"),
]


def seed(start: int, stop: int, people) -> None:
    """Members ``start`` to ``stop`` of the generated community, one transaction."""
    from django.db import transaction

    from rapport.members.models import Member
    from rapport.seeding import vocabulary as words
    from rapport.seeding.people import INTERESTS_CHARS_MAX

    orgs = people.organisations.names
    rows = []
    for i in range(start, stop):
        org = int(people.organisation[i])
        interests = ", ".join(people.interests_of(i))
        if len(interests) > INTERESTS_CHARS_MAX:
            interests = interests[:INTERESTS_CHARS_MAX].rsplit(",", 1)[0]
        rows.append(
            Member(
                username=f"m{i}",
                password="!",
                name=people.name_of(i),
                headline=words.ROLES[int(people.role[i])],
                organisation=orgs[org] if org >= 0 else "",
                location=words.PLACES[int(people.place[i])][0],
                interests=interests,
            )
        )
    with transaction.atomic():
        Member.objects.bulk_create(rows, batch_size=2000)


def _old_fold(text: str | None) -> str | None:
    """The fold SQLite called at every search, for three columns of every member."""
    from rapport.members.folding import _PLAIN, strip_accents

    if text is None:
        return None
    if text.isascii():
        return text.lower()
    return strip_accents(text.casefold()).translate(_PLAIN)


def old_fold_registered() -> None:
    """SQLite's ``rapport_fold``, as the members app registered it on each connection."""
    from django.db import connection

    if connection.vendor == "sqlite":
        connection.ensure_connection()
        connection.connection.create_function("rapport_fold", 1, _old_fold, deterministic=True)


def old_search(*, query: str, viewer, limit: int):
    """The search before the stored fold (members migration 0011): both sides folded by
    the database at every search, ``LOWER(UNACCENT(x))`` on PostgreSQL (0010's
    extension) and ``rapport_fold(x)`` on SQLite, so no index could help."""
    from django.db.models import CharField, Func, Q, Value

    from rapport.members.models import Member
    from rapport.members.selectors import search_words
    from rapport.photos.selectors import photo_hash_seen
    from rapport.safety.models import Block

    class Folded(Func):
        output_field = CharField()
        arity = 1
        template = "LOWER(UNACCENT(%(expressions)s))"

        def as_sqlite(self, compiler, connection, **extra):
            return self.as_sql(
                compiler, connection, template="rapport_fold(%(expressions)s)", **extra
            )

    condition = Q()
    for word in search_words(query):
        folded = Folded(Value(word))
        condition &= (
            Q(name_folded__contains=folded)
            | Q(username__iexact=word)
            | Q(organisation_folded__contains=folded)
            | Q(interests_folded__contains=folded)
        )
    found = (
        Member.objects.alias(
            name_folded=Folded("name"),
            organisation_folded=Folded("organisation"),
            interests_folded=Folded("interests"),
        )
        .filter(condition, is_active=True)
        .exclude(pk__in=Block.objects.filter(blocker=viewer).values("blocked"))
        .exclude(pk__in=Block.objects.filter(blocked=viewer).values("blocker"))
        .annotate(photo_hash=photo_hash_seen("pk", viewer_id=None))
    )
    return found.order_by("name", "id")[:limit]


def timed(fn, repeat: int) -> tuple[int, float, float]:
    """Rows found, then p50 and p95 in ms, after one untimed warm-up."""
    found = len(fn())
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        timings.append(time.perf_counter() - started)
    timings.sort()
    p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
    return found, statistics.median(timings) * 1000, p95 * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="members, ascending")
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--no-old", action="store_true", help="skip the old way")
    parser.add_argument("--explain", action="store_true", help="print the plan at each size")
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    django_for_benchmark()
    import numpy as np
    from django.core.management import call_command
    from django.db import connection

    from rapport.members.models import Member
    from rapport.members.selectors import SEARCH_LIMIT, member_search
    from rapport.seeding.people import people_generate

    if connection.vendor == "postgresql":
        call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    if not args.no_old:
        old_fold_registered()
    print(machine_line())
    print(f"# load average at start: {os.getloadavg()[0]:.2f} ({os.cpu_count()} cores)")
    started = time.perf_counter()
    people = people_generate(
        np.random.default_rng(11), members=sizes[-1], now_us=int(time.time() * 1_000_000)
    )
    print(f"generated {sizes[-1]:,} people in {time.perf_counter() - started:.1f} s")
    # The one searching, as on the page: a member, so the block exclusions are in the query.
    viewer = Member.objects.create(username="viewer", password="!", name="Bench Viewer")
    limit = SEARCH_LIMIT + 1
    header = f"{'members':>8}  {'query':<34}{'found':>6}{'p50 ms':>9}{'p95 ms':>9}"
    if not args.no_old:
        header += f"  {'old found':>9}{'old p50':>9}{'old p95':>9}"
    done = 0
    for size in sizes:
        started = time.perf_counter()
        seed(done, size, people)
        done = size
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE members_member")
        print(f"seeded to {size:,} members in {time.perf_counter() - started:.1f} s")
        if args.explain:
            for query in (QUERIES[0][1], QUERIES[-1][1]):
                print(f"-- {query!r}")
                print(member_search(query=query, viewer=viewer, limit=limit).explain())
        print(header)
        for label, query in QUERIES:
            found, p50, p95 = timed(
                lambda q=query: list(member_search(query=q, viewer=viewer, limit=limit)),
                args.repeat,
            )
            line = f"{size:>8,}  {label + ' ' + repr(query):<34}{found:>6}{p50:>9.1f}{p95:>9.1f}"
            if not args.no_old:
                found, p50, p95 = timed(
                    lambda q=query: list(old_search(query=q, viewer=viewer, limit=limit)),
                    args.repeat,
                )
                line += f"  {found:>9}{p50:>9.1f}{p95:>9.1f}"
            print(line, flush=True)
    print(f"# load average at end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
