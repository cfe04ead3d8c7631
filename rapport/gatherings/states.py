"""The life of a gathering, declared once, and its small vocabularies."""

from __future__ import annotations

import datetime as dt

from django.db import models

from rapport.state_graph import graph

CONFIRM_WITHIN = dt.timedelta(days=30)
"""How long after the end the host may confirm who came; unconfirmed, it lapses."""

GATHERING_GRAPH = graph(
    "Gathering",
    initial="upcoming",
    transitions={
        # The worker moves an upcoming gathering to "ended" once its end has passed;
        # readers treat it so in the meantime (``effective_state``).
        "upcoming": ["cancelled", "ended"],
        "ended": ["confirmed", "lapsed"],
        "confirmed": [],
        "cancelled": [],
        "lapsed": [],
    },
    labels={
        "upcoming": "Upcoming",
        "ended": "Ended",
        "confirmed": "Attendance confirmed",
        "cancelled": "Cancelled",
        "lapsed": "Ended, attendance not confirmed",
    },
    timeouts={"ended": (CONFIRM_WITHIN, "lapsed")},
)


class Visibility(models.TextChoices):
    INVITE = "invite", "Invited members only"
    COMMUNITY = "community", "Open to the community"


class Rsvp(models.TextChoices):
    YES = "yes", "Yes, I'll be there"
    MAYBE = "maybe", "Maybe"
    NO = "no", "No, I can't come"


NO_AGENDA_TEXT = "No agenda, just conversation."
