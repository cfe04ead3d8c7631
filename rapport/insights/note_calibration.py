"""Measuring the leaflet score against the labelled set, and the split it was tuned on.

The labelled set is JSON lines, one note each: ``note``, ``recipient`` (``name``,
``organisation``, ``interests``), ``context``, ``earlier_notes``, ``label``
(``leaflet`` or ``relationship``), ``kind`` and ``reasoning``. Each note falls in
the tuning part or the held-out part by a hash of its ``id``, so the split is the
same on every machine and does not move when notes are appended.

Run ``python -m rapport.insights.note_calibration`` (default path
``tests/data/notes/labelled.jsonl``) to print precision and recall of the
"leaflet" class on each part, the threshold sweep on the tuning part, and every
misread note.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rapport.insights.notes import LEAFLET_THRESHOLD, NoteAssessment, assess_note

DEFAULT_PATH = Path("tests/data/notes/labelled.jsonl")
TUNE_SHARE = 60
"""Percent of the notes (by id hash) used to set the weights and the threshold."""

LABELS = ("leaflet", "relationship")


@dataclass(frozen=True)
class LabelledNote:
    id: int
    note: str
    recipient: dict[str, object]
    context: str | None
    earlier_notes: tuple[str, ...]
    label: str
    kind: str
    reasoning: str

    @property
    def part(self) -> str:
        """``tune`` or ``holdout``, fixed by the note's id."""
        digest = hashlib.sha256(f"note-{self.id}".encode()).digest()
        return "tune" if int.from_bytes(digest[:4], "big") % 100 < TUNE_SHARE else "holdout"


def load(path: Path = DEFAULT_PATH) -> list[LabelledNote]:
    """Read the set; a line that is not a labelled note stops with its line number."""
    notes = []
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                label = row["label"]
                if label not in LABELS:
                    raise ValueError(f"label must be one of {LABELS}, not {label!r}")
                notes.append(
                    LabelledNote(
                        id=int(row["id"]),
                        note=str(row["note"]),
                        recipient=dict(row.get("recipient") or {}),
                        context=row.get("context"),
                        earlier_notes=tuple(row.get("earlier_notes") or ()),
                        label=label,
                        kind=str(row.get("kind", "")),
                        reasoning=str(row["reasoning"]),
                    )
                )
            except (KeyError, TypeError, ValueError) as error:
                raise ValueError(f"{path}:{number}: {error}") from error
    return notes


def assess(item: LabelledNote) -> NoteAssessment:
    return assess_note(
        item.note,
        recipient=item.recipient,
        context=item.context,
        earlier_notes=item.earlier_notes,
    )


@dataclass(frozen=True)
class Measure:
    """Precision and recall of the "leaflet" class, with the counts behind them."""

    notes: int
    true_positive: int
    false_positive: int
    false_negative: int

    @property
    def precision(self) -> float:
        flagged = self.true_positive + self.false_positive
        return self.true_positive / flagged if flagged else 1.0

    @property
    def recall(self) -> float:
        leaflets = self.true_positive + self.false_negative
        return self.true_positive / leaflets if leaflets else 1.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def measure(
    scored: Iterable[tuple[LabelledNote, float]], threshold: float = LEAFLET_THRESHOLD
) -> Measure:
    tp = fp = fn = n = 0
    for item, score in scored:
        n += 1
        flagged = score >= threshold
        leaflet = item.label == "leaflet"
        tp += flagged and leaflet
        fp += flagged and not leaflet
        fn += leaflet and not flagged
    return Measure(notes=n, true_positive=tp, false_positive=fp, false_negative=fn)


def scored_set(notes: Sequence[LabelledNote]) -> list[tuple[LabelledNote, float]]:
    return [(item, assess(item).leaflet_score) for item in notes]


def report(path: Path = DEFAULT_PATH) -> str:
    """The table docs/notes.md quotes, the threshold sweep, and the misread notes."""
    scored = scored_set(load(path))
    lines = [
        f"threshold {LEAFLET_THRESHOLD}",
        "part       notes  leaflets  precision  recall   f1",
    ]
    for part in ("tune", "holdout", "all"):
        subset = [pair for pair in scored if part in ("all", pair[0].part)]
        result = measure(subset)
        leaflets = sum(1 for item, _ in subset if item.label == "leaflet")
        lines.append(
            f"{part:<9} {result.notes:>6} {leaflets:>9} {result.precision:>10.3f} "
            f"{result.recall:>7.3f} {result.f1:>5.3f}"
        )
    lines.append("")
    lines.append("threshold sweep on the tuning part: threshold precision recall f1")
    tune = [pair for pair in scored if pair[0].part == "tune"]
    for step in range(30, 61, 3):
        threshold = step / 100
        result = measure(tune, threshold)
        lines.append(
            f"  {threshold:.2f} {result.precision:.3f} {result.recall:.3f} {result.f1:.3f}"
        )
    lines.append("")
    lines.append("misread notes (id, part, label, score, kind):")
    for item, score in scored:
        if (score >= LEAFLET_THRESHOLD) != (item.label == "leaflet"):
            lines.append(
                f"  {item.id:>4} {item.part:<7} {item.label:<12} {score:.3f} {item.kind}: "
                f"{item.note[:90]}"
            )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT_PATH)
    args = parser.parse_args(argv)
    print(report(args.path))


if __name__ == "__main__":
    main()
