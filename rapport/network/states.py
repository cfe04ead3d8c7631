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

# What a member is told when their answer comes too late, in the words of the one
# who moves (the recipient accepts or declines, the sender withdraws), naming the
# other: ``{sender}`` and ``{recipient}`` are the two members' names. Keyed by (the
# state the request is in, the state the move asked for); the error's code stays
# ``invalid_transition`` (``request_expired`` for one past its time). A declined
# request reads "pending" to its sender, so nothing here tells them of a decline.
REQUEST_REFUSALS: dict[tuple[str, str], str] = {
    ("withdrawn", "accepted"): "{sender} withdrew this request, so there is nothing to accept.",
    ("accepted", "accepted"): "You accepted {sender}'s request already.",
    ("declined", "accepted"): (
        "You declined this request, so it cannot be accepted now. To connect with {sender}, "
        "send them a request of your own."
    ),
    ("expired", "accepted"): (
        "This request has expired. To connect with {sender}, send them a request of your own."
    ),
    ("withdrawn", "declined"): "{sender} withdrew this request, so there is nothing to decline.",
    ("accepted", "declined"): (
        "You accepted this request already, so there is nothing to decline; you can move "
        "{sender} to your past connections instead."
    ),
    ("declined", "declined"): "You declined this request already.",
    ("expired", "declined"): "This request has expired. There is nothing left to decline.",
    ("accepted", "withdrawn"): (
        "{recipient} accepted this request already, so there is nothing to withdraw; you can "
        "move {recipient} to your past connections instead."
    ),
    ("withdrawn", "withdrawn"): "You withdrew this request already.",
    ("expired", "withdrawn"): "This request has expired. There is nothing left to withdraw.",
}
# A moderator's moves (release, reject, hold), refused in the same way: what happened
# to the request, then "so there is nothing to release".
MODERATOR_MOVES = {"pending": "release", "rejected": "reject", "held": "hold"}
REQUEST_HAPPENED = {
    "pending": "This request is not held: it waits for {recipient}'s answer",
    "held": "This request is held for a moderator already",
    "accepted": "{recipient} accepted this request",
    "declined": "{recipient} declined this request",
    "withdrawn": "{sender} withdrew this request",
    "expired": "This request has expired",
    "rejected": "A moderator rejected this request",
}


def request_refusal(current: str, target: str, *, sender: str, recipient: str) -> str | None:
    """The sentence for a move from ``current`` to ``target`` the graph forbids, or None
    where no one has written one (``REQUEST_GRAPH.check`` then names the two states)."""
    template = REQUEST_REFUSALS.get((current, target))
    if template is None and target in MODERATOR_MOVES and current in REQUEST_HAPPENED:
        template = f"{REQUEST_HAPPENED[current]}, so there is nothing to {MODERATOR_MOVES[target]}."
    return None if template is None else template.format(sender=sender, recipient=recipient)


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
