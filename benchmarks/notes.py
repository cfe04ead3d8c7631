"""How long the leaflet score takes: the live check as a note is typed, and a sender's window.

    .venv/bin/python benchmarks/notes.py [--repeat 200]

Pure Python, no database: ``assess_note`` on every note of the labelled set alone,
then against 50 earlier notes (the most the network app passes, signatures cached
as they are in a running process), and ``template_reuse`` over 130 notes, about the
most a sender can send in the reputation window (10 a week for 13 weeks).
Recorded in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time

from rapport.insights.note_calibration import load
from rapport.insights.note_duplicates import template_reuse
from rapport.insights.notes import assess_note


def _per_call_ms(calls: int, started: float) -> float:
    return (time.perf_counter() - started) / calls * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    labelled = load()
    notes = [item.note for item in labelled]
    earlier = notes[:50]
    print(
        f"# {platform.node()} {platform.machine()}, Python {platform.python_version()}, "
        f"{time.strftime('%Y-%m-%d')}"
    )

    alone, against = [], []
    for item in labelled[: args.repeat]:
        started = time.perf_counter()
        assess_note(item.note, recipient=item.recipient, context=item.context)
        alone.append(_per_call_ms(1, started))
    for item in labelled:  # warm the signature cache, as a running process has it
        assess_note(item.note, recipient=item.recipient, earlier_notes=earlier)
    for item in labelled[: args.repeat]:
        started = time.perf_counter()
        assess_note(item.note, recipient=item.recipient, earlier_notes=earlier)
        against.append(_per_call_ms(1, started))
    window = (notes * 2)[:130]
    started = time.perf_counter()
    template_reuse(window)
    reuse_cold_ms = _per_call_ms(1, started)
    started = time.perf_counter()
    template_reuse(window)
    reuse_ms = _per_call_ms(1, started)

    def line(label: str, samples: list[float]) -> str:
        ordered = sorted(samples)
        p95 = ordered[int(0.95 * (len(ordered) - 1))]
        return f"{label:<48} median {statistics.median(samples):6.2f} ms   p95 {p95:6.2f} ms"

    print(line("assess_note, no earlier notes", alone))
    print(line("assess_note, 50 earlier notes (cached)", against))
    print(f"{'template_reuse over 130 notes, first time':<48} {reuse_cold_ms:6.2f} ms")
    print(f"{'template_reuse over 130 notes, cached':<48} {reuse_ms:6.2f} ms")


if __name__ == "__main__":
    main()
