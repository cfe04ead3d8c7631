"""Circles found from contact frequency, as the ego-network studies find them.

Dunbar's circles (about 5, 15, 50 and 150 people, each roughly three times the
last) are layers of contact frequency. Dunbar, Arnaboldi, Conti & Passarella
(2015, "The structure of online social networks mirrors those in the offline
world", Social Networks 43) and Arnaboldi, Conti, Passarella & Pezzoni (2013)
found them in an ego's own log of contacts:

1. **Frequency** of each alter = contacts / duration of the relationship, in
   contacts per year. The duration runs from the alter's first contact to the
   end of the observation (``end``, or the last contact in the log). With a
   ``start``, only contacts in ``[start, end]`` count and every alter's duration
   is the window's length, as the studies do for a fixed period. A relationship
   shorter than ``MIN_DURATION_DAYS`` (182.6, half a year) counts as that long:
   the studies leave such new ties out; here they stay, but two contacts in the
   week before the log ends cannot claim a hundred a year.
2. **Active** alters have at least ``ACTIVE_PER_YEAR`` (1) contact a year; the
   others are outside the circles (they keep a frequency, but no membership).
3. **How many circles** (when not given): the largest k in ``1..MAX_CIRCLES``
   whose optimal partition (step 4) keeps every two neighbouring circles' mean
   log-frequencies at least ``ln MIN_FACTOR`` apart, i.e. their typical
   (geometric mean) frequencies differ by a factor of at least 2. Dunbar's
   layers differ in contact frequency by factors of about 3 to 4 (weekly,
   monthly, quarterly, yearly: 52, 12, 4, 1 a year); a factor of 2 is half that
   distance on the log scale, so a real layer boundary passes and a split inside
   one noisy layer (whose halves sit closer) does not. The studies used mean
   shift instead; on synthetic egos with known layers its answer swung between
   2 and 7 circles with the bandwidth and with the window length (short windows
   give whole-number counts, and every count becomes a mode), so it was not
   kept (docs/science.md gives the figures).
4. **Membership** by the optimal 1-D partition of the log-frequencies into that
   many groups (Ckmeans.1d.dp, Wang & Song 2011, in ``clustering_1d``), the
   most frequent group innermost. Circles are inclusive: circle i holds the
   alters of circles 0..i, as Dunbar's layers do.

Alter ids are any hashable; timestamps are unix seconds. Deterministic.

Limits: a log of one medium (email, calls) sees only part of a relationship;
counts over short windows are noisy for rare contact (an alter seen 1.2 times a
year is seen 0 or 1 times in a given year about two times in three), so the
outer boundary is the least certain. The factor-of-2 rule finds bands even in
a population with no layers at all (a log-normal spread of frequencies also
splits into circles a factor 2 apart): it chooses how many circles the spread
of frequencies can hold, it does not test that layers exist
(docs/science.md gives the recovery results).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

from rapport.insights.clustering_1d import Clustering, ckmeans, ckmeans_up_to

SECONDS_PER_YEAR = 365.25 * 86_400.0
MIN_DURATION_DAYS = 182.625
"""Shortest relationship duration a frequency is computed over (half a year)."""
ACTIVE_PER_YEAR = 1.0
"""Contacts per year an alter needs to be inside the circles."""
MIN_FACTOR = 2.0
"""Least ratio between neighbouring circles' typical frequencies (step 3)."""
MAX_CIRCLES = 6

Alter = TypeVar("Alter", bound=Hashable)


@dataclass(frozen=True)
class EgoCircles(Generic[Alter]):
    """One ego's circles.

    ``n_circles``: how many. ``sizes``: inclusive sizes, innermost first (the
    last is the number of active alters). ``membership``: alter -> circle index
    (0 innermost) for every active alter. ``frequencies``: alter -> contacts per
    year for every alter seen. ``mean_frequency``: contacts per year averaged
    over each circle's own ring (not the inner circles), innermost first.
    ``size_ratios``: ``sizes[i + 1] / sizes[i]``.
    """

    n_circles: int
    sizes: list[int]
    membership: dict[Alter, int]
    frequencies: dict[Alter, float]
    mean_frequency: list[float]
    size_ratios: list[float]


def contact_frequencies(
    contacts: Iterable[tuple[Alter, float]],
    *,
    start: float | None = None,
    end: float | None = None,
) -> dict[Alter, float]:
    """Contacts per year for every alter with a contact in the window.

    See step 1 of the module docstring: the window is ``[start, end]`` (either
    may be None: open), the duration is from the alter's first contact (or
    ``start``) to ``end`` (or the last contact in the log), at least
    ``MIN_DURATION_DAYS``.
    """
    counts: dict[Alter, int] = {}
    first: dict[Alter, float] = {}
    latest = -math.inf
    for alter, timestamp in contacts:
        moment = float(timestamp)
        if (start is not None and moment < start) or (end is not None and moment > end):
            continue
        counts[alter] = counts.get(alter, 0) + 1
        first[alter] = min(first.get(alter, moment), moment)
        latest = max(latest, moment)
    if not counts:
        return {}
    closing = end if end is not None else latest
    floor = MIN_DURATION_DAYS * 86_400.0
    frequencies: dict[Alter, float] = {}
    for alter, count in counts.items():
        opened = start if start is not None else first[alter]
        duration = max(closing - opened, floor) / SECONDS_PER_YEAR
        frequencies[alter] = count / duration
    return frequencies


def choose_partition(log_frequencies: list[float]) -> Clustering:
    """The optimal partition with the most circles (at most ``MAX_CIRCLES``)
    whose neighbouring centres are at least ``ln MIN_FACTOR`` apart (step 3 of
    the module docstring). One circle when no split passes."""
    partitions = ckmeans_up_to(log_frequencies, MAX_CIRCLES)
    least_gap = math.log(MIN_FACTOR)
    for partition in reversed(partitions):
        centres = partition.centres
        if all(high - low >= least_gap for low, high in itertools.pairwise(centres)):
            return partition
    return partitions[0]


def find_circles(
    contacts: Iterable[tuple[Alter, float]],
    *,
    start: float | None = None,
    end: float | None = None,
    n_circles: int | None = None,
) -> EgoCircles[Alter]:
    """One ego's circles from its log of ``(alter_id, unix_timestamp)`` contacts.

    After Dunbar, Arnaboldi, Conti & Passarella (2015) and Arnaboldi et al.
    (2013): frequency in contacts per year, active alters (at least one a year)
    partitioned optimally on log-frequency (Ckmeans.1d.dp); the number of
    circles chosen from the data unless ``n_circles`` is given (it is then capped to
    the number of distinct frequencies), else by the factor-of-2 rule.
    ``start``/``end`` (unix seconds) fix
    the observation window. See the module docstring for each step.
    """
    if n_circles is not None and n_circles < 1:
        raise ValueError("n_circles must be at least 1")
    frequencies = contact_frequencies(contacts, start=start, end=end)
    active = sorted(
        (alter for alter, rate in frequencies.items() if rate >= ACTIVE_PER_YEAR),
        key=lambda alter: (-frequencies[alter], repr(alter)),
    )
    if not active:
        return EgoCircles(0, [], {}, frequencies, [], [])
    logs = [math.log(frequencies[alter]) for alter in active]
    clustering = choose_partition(logs) if n_circles is None else ckmeans(logs, n_circles)
    found = len(clustering.sizes)
    # ckmeans numbers groups from the smallest values; circle 0 is the most frequent.
    membership = {
        alter: found - 1 - label for alter, label in zip(active, clustering.labels, strict=True)
    }
    ring_sizes = [0] * found
    ring_totals = [0.0] * found
    for alter, circle in membership.items():
        ring_sizes[circle] += 1
        ring_totals[circle] += frequencies[alter]
    sizes: list[int] = []
    running = 0
    for ring in ring_sizes:
        running += ring
        sizes.append(running)
    return EgoCircles(
        n_circles=found,
        sizes=sizes,
        membership=membership,
        frequencies=frequencies,
        mean_frequency=[total / size for total, size in zip(ring_totals, ring_sizes, strict=True)],
        size_ratios=[sizes[i + 1] / sizes[i] for i in range(found - 1)],
    )
