"""Time the main pages for a demo member, in process, and count their queries.

    .venv/bin/python benchmarks/pages.py [--repeat 200]

Seeds the demo community into a throw-away data folder (SQLite unless
DATABASE_URL is set), logs in as `ana` and requests each page REPEAT times
through Django's test client: the figures are the cost of Rapport's own code and
queries, without a network or a web server in front. Recorded in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time

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

    os.environ.setdefault("RAPPORT_DATA_DIR", tempfile.mkdtemp(prefix="rapport-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rapport.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from rapport.conversations.selectors import conversations_of
    from rapport.demo.seed import demo_community_seed
    from rapport.members.models import Member

    setup_test_environment()
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    demo_community_seed()
    seeded = time.perf_counter() - started

    ana = Member.objects.get(username="ana")
    client = Client()
    client.force_login(ana)
    first = conversations_of(member=ana).first()
    pages = [(n, p or f"/conversations/{first.pk}/") for n, p in PAGES]

    print(
        f"# {platform.node()} {platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()}, {connection.vendor}, "
        f"{time.strftime('%Y-%m-%d')}"
    )
    print(f"demo seed: {seeded:.2f} s")
    print(f"{'page':<20}{'queries':>8}{'p50 ms':>9}{'p95 ms':>9}{'req/s':>9}")
    for name, path in pages:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        # Counted now: the capture reads the live query log, which later requests empty.
        query_count = len(queries)
        if response.status_code != 200:
            sys.exit(f"{path} answered {response.status_code}")
        timings = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            client.get(path)
            timings.append(time.perf_counter() - t0)
        timings.sort()
        p50 = statistics.median(timings) * 1000
        p95 = timings[int(len(timings) * 0.95) - 1] * 1000
        print(f"{name:<20}{query_count:>8}{p50:>9.2f}{p95:>9.2f}{1000 / p50:>9.0f}")


if __name__ == "__main__":
    main()
