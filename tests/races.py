"""Running calls at the same moment, each on its own database connection, as web
workers and task workers would: the races that row locks and constraints must win."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from django.db import connection

T = TypeVar("T")


def at_once(calls: list[Callable[[], T]], *, timeout: float = 120) -> list[T | Exception]:
    """Start every call behind one barrier and wait for all; returns, in order, what
    each returned or the exception it raised (every outcome is the test's to assert)."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[T | Exception | None] = [None] * len(calls)

    def run(index: int, call: Callable[[], T]) -> None:
        try:
            barrier.wait(timeout=30)
            outcomes[index] = call()
        except Exception as error:  # handed back to the test
            outcomes[index] = error
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    assert not any(thread.is_alive() for thread in threads), "a racer never finished"
    return outcomes  # type: ignore[return-value]
