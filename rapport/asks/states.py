"""The life of an ask or an offer, declared once."""

from __future__ import annotations

import datetime as dt

from rapport.state_graph import graph

ASK_EXPIRES_AFTER = dt.timedelta(days=30)
# One reminder to the poster three days before their ask lapses: did someone help?
ASK_REMIND_BEFORE = dt.timedelta(days=3)

ASK_GRAPH = graph(
    "Ask",
    initial="open",
    transitions={
        "open": ["closed", "withdrawn", "expired"],
        # A lapsed ask leaves the board, but the poster may still record who helped.
        "expired": ["closed"],
        "closed": [],
        "withdrawn": [],
    },
    labels={
        "open": "Open",
        "closed": "Closed",
        "withdrawn": "Withdrawn",
        "expired": "Lapsed",
    },
    timeouts={"open": (ASK_EXPIRES_AFTER, "expired")},
)


class AskKind:
    ASK = "ask"
    OFFER = "offer"

    choices = [(ASK, "I'm looking for"), (OFFER, "I can offer")]
    labels = {ASK: "Ask", OFFER: "Offer"}
    codes = [ASK, OFFER]


TITLE_MIN = 10
TITLE_MAX = 140
DETAIL_MAX = 2000
ANSWER_MAX = 2000
# Asks are a favour between people who know each other, not a feed to fill.
OPEN_MAX = 5
HELPERS_MAX = 10
