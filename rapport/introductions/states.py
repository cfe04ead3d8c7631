"""The life of an introduction, declared once: the whole and each side's answer.

An introduction waits for two answers. The whole moves on only when both sides said
yes (accepted), or one said no (declined); otherwise it times out after 14 days.
Each side's own answer is its own small graph, because a side may still answer after
the other declined: that answer is recorded and changes nothing, so that declining
stays invisible to the other side (see docs/introductions.md).
"""

from __future__ import annotations

import datetime as dt

from rapport.state_graph import graph

INTRODUCTION_EXPIRES_AFTER = dt.timedelta(days=14)
# Halfway through, one reminder goes to each side that has not answered yet.
INTRODUCTION_REMIND_AFTER = dt.timedelta(days=7)

INTRODUCTION_GRAPH = graph(
    "Introduction",
    initial="pending",
    transitions={
        "pending": ["accepted", "declined", "expired", "withdrawn"],
        "accepted": [],
        "declined": [],
        "expired": [],
        "withdrawn": [],
    },
    labels={
        "pending": "Waiting for answers",
        "accepted": "Accepted by both",
        "declined": "Declined",
        "expired": "Expired",
        "withdrawn": "Withdrawn",
    },
    timeouts={"pending": (INTRODUCTION_EXPIRES_AFTER, "expired")},
)

ANSWER_GRAPH = graph(
    "Answer",
    initial="waiting",
    transitions={"waiting": ["accepted", "declined"], "accepted": [], "declined": []},
    labels={"waiting": "Not answered yet", "accepted": "Accepted", "declined": "Declined"},
)

# What one member may know of an introduction, by where they stand in it.
# The introducer sees the outcome, never which side declined.
FOR_INTRODUCER = {
    "waiting": "Waiting for answers",
    "accepted": "Accepted by both: their conversation is open",
    "declined": "Declined: one of them said no (Rapport does not say who)",
    "expired": "Expired: not both answered within 14 days",
    "withdrawn": "Withdrawn by you",
}
# A side never learns the other's answer: a decline by the other reads exactly like
# silence ("waiting for the other person", then "did not go ahead").
FOR_SIDE = {
    "waiting_for_you": "Waiting for your answer",
    "waiting_for_other": "You said yes; waiting for the other person",
    "accepted": "You both said yes: your conversation is open",
    "declined_by_you": "Declined by you; nobody else is told who said no",
    "not_going_ahead": "Did not go ahead",
    "expired": "Expired before you answered",
    "withdrawn": "Withdrawn by the introducer",
}

WHY_MIN = 30
WHY_MAX = 500
