"""Python's cycle collector, paused while an import builds its records.

An import builds hundreds of thousands of small objects that all stay alive until it
ends (rows, records, keys). The collector, triggered by counting allocations, walks
them again and again and frees nothing: a quarter of a large parse's time. The
records hold no cycles, and the collector is back (if it was on) as soon as the
import ends, however it ends; whatever cycles the import left are collected then.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
