"""Notes a careful member would write, taken from the labelled set."""

from __future__ import annotations

import json
from pathlib import Path

LABELLED = Path(__file__).resolve().parents[1] / "data" / "notes" / "labelled.jsonl"


def written_notes() -> list[str]:
    """Fifty different relationship notes: one member writing each request afresh, so a
    test of budgets or moves is not also a test of template reuse."""
    with LABELLED.open(encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines if line.strip()]
    return [row["note"] for row in rows if row["kind"] == "warm_question"]
