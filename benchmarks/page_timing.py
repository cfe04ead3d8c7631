"""What every page benchmark shares: a throw-away Django set-up and the timing loop.

Pages are requested through Django's test client, so the figures are Rapport's own
code and queries, without a web server or a network in front.
"""

from __future__ import annotations

import os
import platform
import statistics
import tempfile
import time
from collections.abc import Sequence


def django_for_benchmark() -> None:
    """Configure Django on a fresh data folder (SQLite unless DATABASE_URL is set)."""
    os.environ.setdefault("RAPPORT_DATA_DIR", tempfile.mkdtemp(prefix="rapport-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rapport.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.test.utils import setup_test_environment

    setup_test_environment()
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]


def machine_line() -> str:
    from django.db import connection

    return (
        f"# {platform.node()} {platform.machine()}, Python {platform.python_version()}, "
        f"{connection.vendor}, {time.strftime('%Y-%m-%d')}"
    )


def time_pages(client, pages: Sequence[tuple[str, str]], *, repeat: int) -> None:
    """Print queries, median and p95 for each (name, path), after one counted warm-up."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    print(f"{'page':<20}{'queries':>8}{'p50 ms':>9}{'p95 ms':>9}")
    for name, path in pages:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        # Counted now: the capture reads the live query log, which later requests empty.
        query_count = len(queries)
        if response.status_code != 200:
            print(f"{name:<20} answered {response.status_code}")
            continue
        timings = []
        for _ in range(repeat):
            started = time.perf_counter()
            client.get(path)
            timings.append(time.perf_counter() - started)
        timings.sort()
        p50 = statistics.median(timings) * 1000
        p95 = timings[max(0, int(len(timings) * 0.95) - 1)] * 1000
        print(f"{name:<20}{query_count:>8}{p50:>9.1f}{p95:>9.1f}")
