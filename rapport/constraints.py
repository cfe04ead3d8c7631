"""CHECK conditions shaped for the rows written in bulk.

``Q(kind__in=codes)`` becomes ``"kind" IN (...)``, and SQLite evaluates an IN list of
more than two values in a CHECK by building a lookup table for every row it checks:
for an imported LinkedIn export's 200,648 interactions, the keeper's three such
checks cost a third of SQLite's time for that table (0.33 s of 0.97 s,
docs/benchmarks.md, "Checks written as equalities"). The same condition written as
equalities joined by OR costs it next to nothing, and means the same on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import reduce
from operator import or_

from django.db.models import Q


def one_of(field: str, values: Iterable[str]) -> Q:
    """``field`` equals one of ``values``: ``Q(field__in=values)``, written as ORs."""
    conditions = [Q(**{field: value}) for value in values]
    if not conditions:
        raise ValueError(f"one_of({field!r}) needs at least one value")
    return reduce(or_, conditions)
