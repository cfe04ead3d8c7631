"""What the page and the downloadable report both show, made once from the audit.

The page and the self-contained HTML report render the same ``NetworkAudit`` with
the same partial templates; this module adds what they need beyond it: the two
charts as SVG text, the figures as table rows, conversations per year.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.utils.safestring import mark_safe

from rapport.audit.charts import circles_chart_svg, months_chart_svg
from rapport.audit.report import NetworkAudit
from rapport.keeper.vocabulary import SeatGroup


@dataclass(frozen=True)
class Standing:
    """One row of "where your connections stand"."""

    label: str
    people: int
    share: str
    meaning: str


def _share(part: int, whole: int) -> str:
    if not whole:
        return "—"
    percent = 100 * part / whole
    return "under 1%" if 0 < percent < 1 else f"{round(percent)}%"


def _listed(count: int) -> str:
    """What the strongest-ties table below holds, by its own count: "the strongest 150"
    beside a figure of 29 read as if 121 were missing, when the member has 38 ties."""
    if not count:
        return "your strongest ties: none yet"
    if count == 1:
        return "your one active tie, listed below"
    return f"your {count:,} strongest ties, listed below"


def standings(audit: NetworkAudit) -> list[Standing]:
    figures = audit.figures
    n = figures.connections
    rows = [
        ("Among your strongest ties", figures.in_strongest, _listed(len(audit.strongest))),
        (
            "Also talked to this year",
            figures.in_touch_beyond,
            "a conversation in the last 12 months, beyond your strongest ties",
        ),
        (
            "Dormant ties worth reviving",
            figures.dormant,
            "close once, quiet for over a year",
        ),
        (
            "In your circles or on your board",
            figures.chosen,
            "placed in the 5, 15, 50 or 150, or seated on the board",
        ),
        ("Contacts, not connections", figures.rest, "everyone else"),
    ]
    return [Standing(label, people, _share(people, n), meaning) for label, people, meaning in rows]


def conversations_by_year(audit: NetworkAudit) -> list[tuple[int, int]]:
    """(year, conversations) for every year the monthly chart covers, newest first."""
    totals: dict[int, int] = defaultdict(int)
    for month in audit.months:
        totals[month.year] += month.conversations
    return sorted(totals.items(), reverse=True)


def audit_context(audit: NetworkAudit) -> dict[str, Any]:
    """The template context both the page and the report start from."""
    figures = audit.figures
    return {
        "audit": audit,
        "figures": figures,
        "shares": {
            "exchanged": _share(figures.exchanged, figures.connections),
            "recent": _share(figures.exchanged_recently, figures.connections),
            "both": _share(figures.both_ways, figures.connections),
            "never": _share(figures.never, figures.connections),
        },
        "standings": standings(audit),
        "circles_svg": mark_safe(circles_chart_svg(audit.circles)),  # noqa: S308 - escaped inside
        "months_svg": mark_safe(months_chart_svg(audit.months)),  # noqa: S308 - escaped inside
        "years": conversations_by_year(audit),
        "board": [
            {"suggestion": item, "group_label": SeatGroup.labels.get(item.group, item.group)}
            for item in audit.board
        ],
    }
