"""What `rapport demo` seeds for asks and offers, so a newcomer sees it working.

Signed in as Ana: her connections' asks and offers on the board, her own open offer
with Ben's answer, and an ask she closed crediting Ingrid, whose advice is now a
"received" entry in Ana's keeper (and a "gave" one in Ingrid's).
"""

from __future__ import annotations

import datetime as dt

from rapport.asks.services import ask_answer, ask_close, ask_post
from rapport.members.models import Member

# (poster, kind, days ago, title, detail)
BOARD = (
    (
        "hannah",
        "ask",
        3,
        "Founders who raised a Series A for a regulated health product",
        "We start talking to investors in the autumn. I would love an hour with someone who "
        "has done it with a product that needed clinical safety sign-off. I'll buy lunch.",
    ),
    (
        "priya",
        "offer",
        6,
        "Happy to read your design doc if you send a specific question",
        "Queues, Postgres, sync, or simply whether it is too clever. One question per doc, "
        "please, and I will answer within the week.",
    ),
    (
        "yusuf",
        "ask",
        9,
        "Researchers who work with carers: compare notes over coffee?",
        "We are planning a round with people who look after a parent at home. Recruiting "
        "them without adding to their load is the hard part.",
    ),
    (
        "grace",
        "offer",
        12,
        "Shadow a night shift before you build something for nurses",
        "Two places a month on my ward, 9pm to 3am. Bring comfortable shoes and no laptop.",
    ),
    (
        "maggie",
        "offer",
        15,
        "A free room for your meetup, weekday evenings",
        "The back room seats twenty. Tea is on me; books are not.",
    ),
)


def seed(*, members: dict[str, Member], now: dt.datetime) -> None:
    """Called once by the demo seed after the community and Ana's keeper exist."""

    def ago(days: float) -> dt.datetime:
        return now - dt.timedelta(days=days)

    for poster, kind, days, title, detail in BOARD:
        ask_post(poster=members[poster], kind=kind, title=title, detail=detail, now=ago(days))

    ana = members["ana"]
    offer = ask_post(
        poster=ana,
        kind="offer",
        title="Happy to look at your sign-up flow and say where people get lost",
        detail="Send a link or screenshots. Forms for older users especially welcome.",
        now=ago(4),
    )
    ask_answer(
        author=members["ben"],
        ask_id=offer.pk,
        body="Yes please! Our share offer form loses half the people at step six. Could I "
        "show it to you over coffee next week?",
        now=ago(3),
    )

    closed = ask_post(
        poster=ana,
        kind="ask",
        title="Advice on making accessibility audits stick after the consultants leave",
        detail="Our last audit produced a fine report that nobody opened again. How do you "
        "keep the fixes going once the auditors are gone?",
        now=ago(40),
    )
    ask_answer(
        author=members["ingrid"],
        ask_id=closed.pk,
        body="Make it a ritual, not a report: ten minutes in every sprint review where one "
        "person shows one fix with a real user. I can share the template we used in Oslo.",
        now=ago(38),
    )
    ask_answer(
        author=members["yusuf"],
        ask_id=closed.pk,
        body="Pair it with research: when the team watches a screen-reader user struggle, "
        "the report stops being someone else's problem.",
        now=ago(37),
    )
    ask_close(
        poster=ana,
        ask_id=closed.pk,
        helper_ids=[members["ingrid"].pk],
        favour="advice",
        now=ago(30),
    )
