"""Member search at 1,000, 10,000 and 100,000 members: word starts, each rank cut apart,
and the old way.

    .venv/bin/python benchmarks/search.py [--sizes 1000,10000,100000] [--repeat 40]
    DATABASE_URL=postgres://root@127.0.0.1:5432/rapport_bench_search \\
        .venv/bin/python benchmarks/search.py [--explain]

Search compares the query's words, folded and marked in Python, with
``Member.search_folded``, each member's name, organisation and interests folded and
marked where their words begin as they were written (``rapport.members.folding``): a
word finds the words it begins. The members the words name come first, then the
rest; on PostgreSQL each rank is cut to the page by name apart, served by trigram
indexes on the name's part and the rest of the fold (members migration 0012) or by
the name index; SQLite reads every member once and sorts narrow rows. "The old way"
is the search before it (copied below): a word anywhere, every member found ranked
and sorted before the page was cut, on PostgreSQL from 0011's trigram index over the
whole fold (made for its runs and dropped after).

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


def old_search(*, query: str, viewer, limit: int):
    """The search before members migration 0012, copied: a word found anywhere inside
    the stored fold (``LIKE '%word%'``, the whole fold's trigram index), every member
    found ranked by a ``CASE`` over ``instr``/``strpos`` and sorted before the page was
    cut. Run here on the marked fold, where it finds a few more members than the
    search does (words inside others), as it did."""
    from django.db.models import Case, F, IntegerField, Q, Value, When
    from django.db.models.functions import Lower, StrIndex
    from django.db.models.lookups import GreaterThan, LessThan, StartsWith

    from rapport.members.folding import SEPARATOR, fold
    from rapport.members.models import Member
    from rapport.members.selectors import search_words
    from rapport.photos.selectors import photo_hash_seen
    from rapport.safety.models import Block

    words = search_words(query)
    condition = Q()
    for word in words:
        named = Q(username_lower=Lower(Value(word)))
        folded = fold(word)
        condition &= (named | Q(search_folded__contains=folded)) if folded else named
    username = Q(username_lower__in=[word.lower() for word in words])
    name_ends = StrIndex("search_folded", Value(SEPARATOR))
    in_name, anywhere = Q(), Q()
    for word in (fold(word) for word in words):
        begins = Q(StartsWith(F("search_folded"), word))
        begins_name_word, begins_a_word = begins, begins
        for start in (" ", "-", SEPARATOR):
            at = StrIndex("search_folded", Value(start + word))
            if start != SEPARATOR:
                begins_name_word |= Q(GreaterThan(at, 0), LessThan(at, name_ends))
            begins_a_word |= Q(GreaterThan(at, 0))
        in_name &= Q(begins_name_word)
        anywhere &= Q(begins_a_word)
    rank = Case(
        When(username | in_name, then=Value(0)),
        When(anywhere, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    found = (
        Member.objects.alias(username_lower=Lower("username"), search_rank=rank)
        .filter(condition, is_active=True)
        .exclude(pk__in=Block.objects.filter(blocker=viewer).values("blocked"))
        .exclude(pk__in=Block.objects.filter(blocked=viewer).values("blocker"))
        .annotate(photo_hash=photo_hash_seen("pk", viewer_id=None))
    )
    return found.order_by("search_rank", "name", "id")[:limit]


def whole_fold_index(present: bool) -> None:
    """On PostgreSQL, 0011's trigram index over the whole fold, which the old way reads
    and 0012 dropped: made for the old way's runs, dropped again for the search's."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        if present:
            cursor.execute(
                "CREATE INDEX IF NOT EXISTS members_member_search_trgm"
                " ON members_member USING gin (search_folded gin_trgm_ops)"
            )
            cursor.execute("ANALYZE members_member")
        else:
            cursor.execute("DROP INDEX IF EXISTS members_member_search_trgm")


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
        lines = {}
        for label, query in QUERIES:
            found, p50, p95 = timed(
                lambda q=query: list(member_search(query=q, viewer=viewer, limit=limit)),
                args.repeat,
            )
            lines[query] = f"{size:>8,}  {label + ' ' + repr(query):<34}{found:>6}{p50:>9.1f}"
            lines[query] += f"{p95:>9.1f}"
        if not args.no_old:
            whole_fold_index(present=True)
            for _label, query in QUERIES:
                found, p50, p95 = timed(
                    lambda q=query: list(old_search(query=q, viewer=viewer, limit=limit)),
                    args.repeat,
                )
                lines[query] += f"  {found:>9}{p50:>9.1f}{p95:>9.1f}"
            whole_fold_index(present=False)
        for line in lines.values():
            print(line, flush=True)
    print(f"# load average at end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
