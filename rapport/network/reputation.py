"""A sender's standing: how their requests were received, and what it does to their budget.

Nobody sees this but the instance's moderators (Django admin). A member never sees
anyone's standing, their own included; they only meet its effect, a smaller
request budget, or a request that waits longer before it reaches its recipient.

**Evidence**, over the last ``WINDOW`` (90 days) of the sender's requests:

- *acceptance*: of the requests whose outcome the sender already knows, the share
  accepted. An accepted request counts at once; a declined, unanswered or rejected
  one only once its 30 days are up, when the sender sees "not accepted" anyway, so
  a shrinking budget never tells anyone they were just declined. It only counts
  from ``MIN_OUTCOMES`` (5) known outcomes: two unanswered requests say nothing.
- *don't know*: declines where the recipient chose "I don't know this person",
  counted at the same moment as other declines.
- *reports*: distinct members who reported the sender (``rapport.safety``), at once;
  a report a moderator dismissed as unfounded no longer counts (an upheld one does).
- *templates*: requests whose note nearly repeats an earlier note of the window
  (MinHash Jaccard >= 0.5, as for the leaflet score).

**Strain** adds them up:

===============  ================================================  ============
evidence         strain                                            at most
===============  ================================================  ============
acceptance       ``(0.5 - rate) / 0.5`` when the rate is under     1.0
                 half, else 0
don't know       0.4 each                                          unbounded
reports          0.6 per reporting member                          unbounded
templates        0.05 per templated note beyond the first two      0.5
===============  ================================================  ============

**Effect.** The budgets (``RAPPORT_REQUEST_BUDGET_PENDING``, ``_WEEK``) are
multiplied by ``max(0.2, 1 - strain)`` and rounded up, never below one. At a strain
of ``HOLD_AT`` (1.0) or more, new requests are *held*: they wait for a moderator,
invisible to the recipient, and read "pending" to the sender. One of these is
enough: nobody accepts anything (with five known outcomes), three "I don't know
this person", two members reporting. Templates alone halve the budget at most and
never hold a request: a member who copies a friendly note is lazy, not abusive.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Count, QuerySet

from rapport.insights.note_duplicates import template_reuse
from rapport.network.models import ConnectionRequest
from rapport.network.states import DeclineReason

if TYPE_CHECKING:
    from rapport.safety.models import Report

WINDOW = dt.timedelta(days=90)
MIN_OUTCOMES = 5
TARGET_ACCEPTANCE = 0.5
DONT_KNOW_STRAIN = 0.4
REPORT_STRAIN = 0.6
TEMPLATE_STRAIN = 0.05
TEMPLATES_FREE = 2
TEMPLATE_STRAIN_MAX = 0.5
BUDGET_FLOOR = 0.2
HOLD_AT = 1.0

# Told to the sender as "not accepted" once the request's time is up.
NOT_ACCEPTED_STATES = ("declined", "expired", "rejected", "pending")


@dataclass(frozen=True)
class Evidence:
    """What the window holds about one sender's requests."""

    sent: int
    accepted: int
    not_accepted: int
    dont_know: int
    reporters: int
    templated: int

    @property
    def outcomes(self) -> int:
        return self.accepted + self.not_accepted

    @property
    def acceptance_rate(self) -> float | None:
        """Accepted over known outcomes; None until there are ``MIN_OUTCOMES`` of them."""
        if self.outcomes < MIN_OUTCOMES:
            return None
        return self.accepted / self.outcomes


@dataclass(frozen=True)
class Standing:
    """The evidence, the strain it adds up to, and what that does to the budgets."""

    evidence: Evidence
    strain_parts: dict[str, float]
    pending_limit: int
    week_limit: int

    @property
    def strain(self) -> float:
        return sum(self.strain_parts.values())

    @property
    def held(self) -> bool:
        """New requests wait for a moderator."""
        return self.strain >= HOLD_AT

    def _evidence_and_strain(self) -> str:
        evidence = self.evidence
        rate = evidence.acceptance_rate
        acceptance = (
            f"{evidence.accepted} of {evidence.outcomes} accepted"
            if rate is not None
            else f"{evidence.outcomes} known outcomes (too few to judge)"
        )
        return (
            f"Last {WINDOW.days} days: {evidence.sent} sent; {acceptance}; "
            f'{evidence.dont_know} "I don\'t know this person"; '
            f"{evidence.reporters} members reported them; "
            f"{evidence.templated} templated notes. Strain {self.strain:.2f} "
            f"(holds at {HOLD_AT:.2f})"
        )

    def hold_reason(self) -> str:
        """Why a request was held, kept with it: the evidence and the strain, not the
        budgets (an instance setting makes those as long as it likes). Fits the
        300 characters of ``ConnectionRequest.hold_reason`` whole for any counts a
        database can hold (up to 2**63 - 1 each: 268 characters at most), so it is
        never cut; tests/safety/test_moderation_rules.py holds it to that."""
        return f"{self._evidence_and_strain()}."

    def summary(self) -> str:
        """One line for moderators: the evidence, the strain it adds up to, and the budgets."""
        return (
            f"{self._evidence_and_strain()}; budget {self.pending_limit} waiting, "
            f"{self.week_limit} a week."
        )


def reports_counted(*, sender_id: int, since: dt.datetime, now: dt.datetime) -> QuerySet[Report]:
    """The reports of the window that weigh on the sender: a dismissed one does not."""
    return _reports_counted(sender_ids=[sender_id], since=since, now=now)


def _reports_counted(
    *, sender_ids: Iterable[int], since: dt.datetime, now: dt.datetime
) -> QuerySet[Report]:
    # Late import: safety builds on the network, not the reverse.
    from rapport.safety.models import Report, ReportOutcome

    return Report.objects.filter(
        reported_id__in=sender_ids, created_at__gt=since, created_at__lte=now
    ).exclude(outcome=ReportOutcome.DISMISSED)


def sender_evidence(*, sender_id: int, now: dt.datetime) -> Evidence:
    """The evidence about a sender at ``now``: two queries, whatever their history."""
    return senders_evidence(sender_ids=[sender_id], now=now)[sender_id]


def senders_evidence(*, sender_ids: Iterable[int], now: dt.datetime) -> dict[int, Evidence]:
    """The evidence about each of ``sender_ids`` at ``now``, by sender: the same two
    queries for one sender or a page of them (the moderators' list of held requests)."""
    ids = set(sender_ids)
    since = now - WINDOW
    rows: dict[int, list[tuple[str, dt.datetime, str, str]]] = {pk: [] for pk in ids}
    for sender_id, state, expires_at, decline_reason, note in (
        ConnectionRequest.objects.filter(
            sender_id__in=ids, created_at__gt=since, created_at__lte=now
        )
        .order_by("created_at", "id")
        .values_list("sender_id", "state", "expires_at", "decline_reason", "note")
    ):
        rows[sender_id].append((state, expires_at, decline_reason, note))
    reporters = dict(
        _reports_counted(sender_ids=ids, since=since, now=now)
        .order_by()
        .values("reported_id")
        .annotate(reporters=Count("reporter_id", distinct=True))
        .values_list("reported_id", "reporters")
    )
    return {pk: evidence_from(rows[pk], reporters=reporters.get(pk, 0), now=now) for pk in ids}


def evidence_from(
    rows: Sequence[tuple[str, dt.datetime, str, str]], *, reporters: int, now: dt.datetime
) -> Evidence:
    """The evidence in the window's requests, oldest first, as (state, expires_at,
    decline_reason, note), and the count of members reporting the sender; for a read
    that fetches them with other things (the request page's budget)."""
    accepted = not_accepted = dont_know = 0
    for state, expires_at, decline_reason, _note in rows:
        if state == "accepted":
            accepted += 1
            continue
        # Anything else is told to the sender as "not accepted" only once its time is up.
        if expires_at > now:
            continue
        declined_then_withdrawn = state == "withdrawn" and decline_reason
        if state in NOT_ACCEPTED_STATES or declined_then_withdrawn:
            not_accepted += 1
        if decline_reason == DeclineReason.DONT_KNOW:
            dont_know += 1
    return Evidence(
        sent=len(rows),
        accepted=accepted,
        not_accepted=not_accepted,
        dont_know=dont_know,
        reporters=reporters,
        templated=template_reuse([note for *_rest, note in rows]),
    )


def strain_of(evidence: Evidence) -> dict[str, float]:
    """Each kind of evidence's share of the strain (see the table in the module docstring)."""
    rate = evidence.acceptance_rate
    acceptance = 0.0
    if rate is not None and rate < TARGET_ACCEPTANCE:
        acceptance = (TARGET_ACCEPTANCE - rate) / TARGET_ACCEPTANCE
    templates = min(
        TEMPLATE_STRAIN_MAX, TEMPLATE_STRAIN * max(0, evidence.templated - TEMPLATES_FREE)
    )
    return {
        "acceptance": round(acceptance, 4),
        "dont_know": round(DONT_KNOW_STRAIN * evidence.dont_know, 4),
        "reports": round(REPORT_STRAIN * evidence.reporters, 4),
        "templates": round(templates, 4),
    }


def limit_for(base: int, strain: float) -> int:
    """A budget scaled by ``max(0.2, 1 - strain)``, rounded up, at least one."""
    return max(1, math.ceil(base * max(BUDGET_FLOOR, 1.0 - strain) - 1e-9))


def sender_standing(*, sender_id: int, now: dt.datetime) -> Standing:
    return standing_from(sender_evidence(sender_id=sender_id, now=now))


def senders_standing(*, sender_ids: Iterable[int], now: dt.datetime) -> dict[int, Standing]:
    """Each sender's standing, by sender, in two queries however many there are."""
    return {
        pk: standing_from(evidence)
        for pk, evidence in senders_evidence(sender_ids=sender_ids, now=now).items()
    }


def standing_from(evidence: Evidence) -> Standing:
    parts = strain_of(evidence)
    strain = sum(parts.values())
    return Standing(
        evidence=evidence,
        strain_parts=parts,
        pending_limit=limit_for(settings.RAPPORT_REQUEST_BUDGET_PENDING, strain),
        week_limit=limit_for(settings.RAPPORT_REQUEST_BUDGET_WEEK, strain),
    )
