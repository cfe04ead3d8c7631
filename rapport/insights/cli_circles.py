"""Reading a contact log and writing each ego's circles as JSON lines.

The log is one contact per line, ``ego alter timestamp``, separated by
whitespace or commas; blank lines and lines starting with ``#`` are skipped.
Timestamps are unix seconds or ISO 8601 dates and times (naive ones read as
UTC). The whole log is read before anything is printed, so a bad line stops the
run with its file name and line number and no partial output.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass

from rapport.insights.circles import EgoCircles, find_circles

SEPARATORS = re.compile(r"[\s,]+")


@dataclass(frozen=True)
class ContactLogError(Exception):
    """A line of the log that cannot be read: ``source``:``line`` and why."""

    source: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.source}:{self.line}: {self.reason}"


def parse_time(text: str) -> float:
    """Unix seconds from ``text``: a number of seconds, or ISO 8601 (UTC if naive)."""
    try:
        return float(text)
    except ValueError:
        pass
    moment = dt.datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.timestamp()


def parse_contact_log(lines: Iterable[str], *, source: str) -> dict[str, list[tuple[str, float]]]:
    """Each ego's contacts ``(alter, unix seconds)``, egos in order of first
    appearance. Raises ``ContactLogError`` naming ``source`` and the line."""
    egos: dict[str, list[tuple[str, float]]] = {}
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        fields = [field for field in SEPARATORS.split(line) if field]
        if len(fields) != 3:
            raise ContactLogError(
                source, number, f"expected 'ego alter timestamp', found {len(fields)} fields"
            )
        ego, alter, stamp = fields
        try:
            moment = parse_time(stamp)
        except ValueError:
            raise ContactLogError(
                source, number, f"{stamp!r} is not unix seconds or an ISO 8601 time"
            ) from None
        if moment != moment or moment in (float("inf"), float("-inf")):
            raise ContactLogError(source, number, f"{stamp!r} is not a finite time")
        egos.setdefault(ego, []).append((alter, moment))
    return egos


def circles_record(ego: str, circles: EgoCircles[str]) -> dict[str, object]:
    """The JSON object printed for one ego (frequencies in contacts per year,
    rounded to 4 decimals; membership keyed by alter, circle 0 innermost)."""
    return {
        "ego": ego,
        "n_circles": circles.n_circles,
        "sizes": circles.sizes,
        "mean_frequency": [round(value, 4) for value in circles.mean_frequency],
        "size_ratios": [round(value, 4) for value in circles.size_ratios],
        "membership": dict(sorted(circles.membership.items(), key=lambda item: (item[1], item[0]))),
    }


def circles_json_lines(
    lines: Iterable[str],
    *,
    source: str,
    start: float | None = None,
    end: float | None = None,
    n_circles: int | None = None,
) -> list[str]:
    """One JSON line per ego of the log, in order of first appearance; the
    whole log is parsed first (``ContactLogError`` on a bad line)."""
    egos = parse_contact_log(lines, source=source)
    return [
        json.dumps(
            circles_record(ego, find_circles(contacts, start=start, end=end, n_circles=n_circles)),
            ensure_ascii=False,
        )
        for ego, contacts in egos.items()
    ]
