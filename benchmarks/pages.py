"""Time the main pages for a demo member, in process, and count their queries.

    .venv/bin/python benchmarks/pages.py [--repeat 200]

Seeds the demo community into a throw-away data folder (SQLite unless
DATABASE_URL is set), logs in as `ana` and requests each page REPEAT times
through Django's test client: the figures are the cost of Rapport's own code and
queries, without a network or a web server in front. Recorded in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import time

from page_timing import django_for_benchmark, machine_line, time_pages

PAGES = [
    ("home", "/"),
    ("search", "/search/?q=design"),
    ("requests", "/requests/"),
    ("connections", "/connections/"),
    ("conversations", "/conversations/"),
    ("conversation", None),  # filled in: ana's first conversation
    ("api requests", "/api/requests?box=incoming"),
    ("api conversations", "/api/conversations"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    django_for_benchmark()
    from django.core.management import call_command
    from django.test import Client

    from rapport.conversations.selectors import conversations_of
    from rapport.demo.seed import demo_community_seed
    from rapport.members.models import Member

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    demo_community_seed()
    seeded = time.perf_counter() - started

    ana = Member.objects.get(username="ana")
    client = Client()
    client.force_login(ana)
    first = conversations_of(member=ana).first()
    print(machine_line())
    print(f"demo seed: {seeded:.2f} s")
    time_pages(
        client, [(n, p or f"/conversations/{first.pk}/") for n, p in PAGES], repeat=args.repeat
    )


if __name__ == "__main__":
    main()
