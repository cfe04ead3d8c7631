"""The life of a connection request, declared once."""

import datetime as dt

from rapport.state_graph import graph

REQUEST_EXPIRES_AFTER = dt.timedelta(days=30)

REQUEST_GRAPH = graph(
    "Request",
    initial="pending",
    transitions={
        "pending": ["accepted", "declined", "withdrawn", "expired", "held"],
        # A request from a sender whose reputation is past the threshold starts here
        # (as if sent and held at once) and waits for a moderator; the recipient does
        # not see it, and the sender sees "pending", until a moderator releases it.
        "held": ["pending", "rejected", "withdrawn"],
        "accepted": [],
        # A decline is silent: the sender still sees "pending", so withdrawing a
        # declined request must work exactly as withdrawing a pending one.
        "declined": ["withdrawn"],
        "withdrawn": [],
        "expired": [],
        # A rejection is as silent as a decline: the sender may still withdraw.
        "rejected": ["withdrawn"],
    },
    labels={
        "pending": "Pending",
        "held": "Held for a moderator",
        "accepted": "Accepted",
        "declined": "Declined",
        "withdrawn": "Withdrawn",
        "expired": "Expired",
        "rejected": "Rejected by a moderator",
    },
    timeouts={"pending": (REQUEST_EXPIRES_AFTER, "expired")},
)

# States in which a request still waits from its sender's point of view: each one
# counts against the pending budget and reads "pending" to the sender until expiry.
WAITING_STATES = ("pending", "declined", "held", "rejected")
# States the recipient never sees: the request has not reached them (or never will).
HIDDEN_FROM_RECIPIENT = ("held", "rejected")


class DeclineReason:
    """Why a recipient declined, if they chose to say. Never shown to the sender."""

    NONE = ""
    DONT_KNOW = "dont_know"

    choices = [(NONE, "No reason given"), (DONT_KNOW, "I don't know this person")]
    labels = dict(choices)


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
        INTRODUCED: "How were you introduced? (optional)",
        CONVERSATION: "Where did the conversation start? (optional)",
        COFFEE: "Which round? (optional)",
        OTHER: "How do you know each other?",
    }
    detail_required = {GATHERING, OTHER}
    # What a request missing that detail is told: a sentence, not the prompt again.
    detail_missing = {
        GATHERING: "Say which gathering you met at.",
        OTHER: "Say in a few words how you know each other.",
    }


NOTE_MIN = 40
NOTE_MAX = 600
OFFER_MAX = 300
DETAIL_MAX = 200
