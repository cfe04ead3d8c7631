"""The life of a connection request, declared once."""

import datetime as dt

from rapport.state_graph import graph

REQUEST_EXPIRES_AFTER = dt.timedelta(days=30)

REQUEST_GRAPH = graph(
    "Request",
    initial="pending",
    transitions={
        "pending": ["accepted", "declined", "withdrawn", "expired"],
        "accepted": [],
        # A decline is silent: the sender still sees "pending", so withdrawing a
        # declined request must work exactly as withdrawing a pending one.
        "declined": ["withdrawn"],
        "withdrawn": [],
        "expired": [],
    },
    labels={
        "pending": "Pending",
        "accepted": "Accepted",
        "declined": "Declined",
        "withdrawn": "Withdrawn",
        "expired": "Expired",
    },
    timeouts={"pending": (REQUEST_EXPIRES_AFTER, "expired")},
)


class Context:
    """How the sender knows the recipient: every request must say."""

    GATHERING = "gathering"
    WORKED_TOGETHER = "worked_together"
    STUDIED_TOGETHER = "studied_together"
    INTRODUCED = "introduced"
    CONVERSATION = "conversation"
    COFFEE = "coffee"
    OTHER = "other"

    choices = [
        (GATHERING, "We met at a gathering"),
        (WORKED_TOGETHER, "We worked together"),
        (STUDIED_TOGETHER, "We studied together"),
        (INTRODUCED, "A member introduced us"),
        (CONVERSATION, "We are already in conversation"),
        (COFFEE, "A coffee round paired us"),
        (OTHER, "Other"),
    ]
    labels = dict(choices)
    # What the detail sentence must say for each context (None: optional).
    detail_prompt = {
        GATHERING: "Which gathering?",
        WORKED_TOGETHER: "Where, and when? (optional)",
        STUDIED_TOGETHER: "Where, and when? (optional)",
        INTRODUCED: "Who introduced you?",
        CONVERSATION: "Where did the conversation start? (optional)",
        COFFEE: "Which round? (optional)",
        OTHER: "How do you know each other?",
    }
    detail_required = {GATHERING, OTHER}


NOTE_MIN = 40
NOTE_MAX = 600
OFFER_MAX = 300
DETAIL_MAX = 200
