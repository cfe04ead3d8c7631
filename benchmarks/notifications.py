"""The five-minute notification job on a large community: who is found, at what cost.

    createdb -h 127.0.0.1 -U root rapport_notify_bench  # once
    export DATABASE_URL=postgres://root@127.0.0.1:5432/rapport_notify_bench
    .venv/bin/rapport migrate && .venv/bin/rapport seed --members 100000
    .venv/bin/python benchmarks/notifications.py --fresh 5000

On a community seeded by `rapport seed` (years of conversations, requests waiting),
``--fresh N`` messages are first added between connected members over the last two
hours, as a busy instance would have them, bulk-inserted (a benchmark's set-up, not a
product path). Then, with every mail kept in memory:

- ``notification_candidates`` (the one query that finds who has something waiting),
  timed ``--repeat`` times, its median and slowest printed;
- one run of ``send_notifications`` as the worker runs it: how many members were found,
  how many mailed, and its wall time (tests/notifications/test_mail.py counts its
  queries: one for the candidates, one per 500 of them, and a fixed few per mail);
- the next run at the same moment, when all that waited has been mailed: the cost of
  a quiet five minutes.

Everything happens in a transaction rolled back at the end: the database is left as
it was. Recorded in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import time

from page_timing import django_for_benchmark, machine_line


def add_fresh_messages(count: int, *, now: dt.datetime, rng: random.Random) -> None:
    from rapport.conversations.models import Conversation, Message

    threads = list(
        Conversation.objects.order_by("?").values_list("pk", "member_low_id", "member_high_id")[
            : max(1, count // 3)
        ]
    )
    Message.objects.bulk_create(
        [
            Message(
                conversation_id=pk,
                sender_id=rng.choice((low, high)),
                body="A fresh message for the benchmark.",
                created_at=now - dt.timedelta(seconds=rng.uniform(0, 7200)),
            )
            for pk, low, high in (rng.choice(threads) for _ in range(count))
        ],
        batch_size=2000,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fresh", type=int, default=0, help="messages to add first")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-run", action="store_true", help="time the candidates only")
    args = parser.parse_args()
    django_for_benchmark()

    from django.core import mail
    from django.db import transaction
    from django.utils import timezone

    from rapport.members.models import Member
    from rapport.notifications.selectors import notification_candidates
    from rapport.notifications.tasks import send_notifications

    print(machine_line())
    print(f"members: {Member.objects.count():,}")
    now = timezone.now()
    with transaction.atomic():
        if args.fresh:
            add_fresh_messages(args.fresh, now=now, rng=random.Random(args.seed))
            print(f"added {args.fresh:,} messages over the last two hours")
        timings = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            found = notification_candidates(now=now)
            timings.append((time.perf_counter() - started) * 1000)
        print(
            f"candidates: {len(found):,} members, "
            f"{statistics.median(timings):.1f} ms median, {max(timings):.1f} ms slowest"
        )
        if args.no_run:
            transaction.set_rollback(True)
            return
        mail.outbox = []
        started = time.perf_counter()
        sent = send_notifications.call()
        elapsed = time.perf_counter() - started
        print(
            f"one run: {len(found):,} members found, {sent:,} mailed, in {elapsed:.1f} s "
            f"({elapsed / max(sent, 1) * 1000:.0f} ms a mail, its queries included)"
        )
        started = time.perf_counter()
        again = send_notifications.call()
        print(
            f"the next run, nothing new: {again:,} mailed, "
            f"in {(time.perf_counter() - started) * 1000:.0f} ms"
        )
        transaction.set_rollback(True)


if __name__ == "__main__":
    main()
