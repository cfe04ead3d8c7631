"""What `rapport demo` seeds for introductions, so a newcomer sees it working.

Signed in as Ana: Ingrid would like to introduce her to someone (Lena, which Ana
cannot see yet), an introduction she made of Ben and Inês that both accepted (and
their conversation since), and one of Maggie and Rosa that did not go ahead.
Everything goes through the services, at times in the past.
"""

from __future__ import annotations

import datetime as dt

from rapport.conversations.services import message_send
from rapport.introductions.services import (
    introduction_accept,
    introduction_decline,
    introduction_make,
)
from rapport.members.models import Member


def seed(*, members: dict[str, Member], now: dt.datetime) -> None:
    """Called once by the demo seed after the community and Ana's keeper exist."""

    def ago(days: float) -> dt.datetime:
        return now - dt.timedelta(days=days)

    ana, ben, ines = members["ana"], members["ben"], members["ines"]

    # Waiting for Ana: Ingrid thinks she and Lena should meet. Lena has said yes,
    # which Ana cannot tell; she sees Ingrid and the sentence written for her.
    waiting = introduction_make(
        introducer=members["ingrid"],
        first_id=ana.pk,
        second_id=members["lena"].pk,
        why_first=(
            "She designs map apps for one-handed use in Berlin and is about to test them "
            "with riders over 70: the older users on small screens you keep asking me "
            "about. I think you would each save the other months."
        ),
        why_second=(
            "She leads design on a symptom diary that patients in their eighties fill in "
            "on their phones, and has sat beside many of them while they did. You would "
            "compare notes on small screens and unsteady hands."
        ),
        now=ago(2),
    )
    introduction_accept(member=members["lena"], introduction_id=waiting.pk, now=ago(1.5))

    # Made by Ana, accepted by both: Ben and Inês have been talking since.
    accepted = introduction_make(
        introducer=ana,
        first_id=ben.pk,
        second_id=ines.pk,
        why_first=(
            "She turns complicated processes into one drawing people keep, and she is "
            "looking for projects where that matters. Your eleven-step member sign-up is "
            "exactly that kind of process."
        ),
        why_second=(
            "He runs the software team of a community energy co-op in Manchester whose "
            "sign-up has eleven steps, and he wants it to feel like two. He would value "
            "your eye more than another consultant's report."
        ),
        now=ago(21),
    )
    introduction_accept(member=ines, introduction_id=accepted.pk, now=ago(20.5))
    opened = introduction_accept(member=ben, introduction_id=accepted.pk, now=ago(20))
    assert opened.conversation_id is not None  # the second yes opens their conversation
    for sender, days, body in (
        (
            ben,
            19.8,
            "Inês, thank you for saying yes. Ana was right: our sign-up is a maze. Could I "
            "send you the current flow, all eleven screens of it?",
        ),
        (
            ines,
            19,
            "Send it! I will sketch it as one page first, then we can see which steps "
            "people actually need. Does Thursday at five work for a call?",
        ),
        (ben, 18.9, "Thursday at five is perfect. I will bring Siobhan from operations."),
        (
            ines,
            6,
            "Here is the drawing from our call: four steps, and the share offer moves to "
            "the end. Tell me what Siobhan thinks.",
        ),
    ):
        message_send(
            sender=sender, conversation_id=opened.conversation_id, body=body, now=ago(days)
        )

    # Made by Ana, declined: one of them said no. Ana does not learn which.
    declined = introduction_make(
        introducer=ana,
        first_id=members["maggie"].pk,
        second_id=members["rosa"].pk,
        why_first=(
            "She is an architect who gives old buildings a second life, and she loves a "
            "good bookshop; she could tell you whether your back room can take a workshop."
        ),
        why_second=(
            "She runs an independent bookshop in a Victorian terrace in Chorlton and wants "
            "to turn the back room into a workshop: the kind of building you like to keep."
        ),
        now=ago(10),
    )
    introduction_accept(member=members["maggie"], introduction_id=declined.pk, now=ago(9))
    introduction_decline(member=members["rosa"], introduction_id=declined.pk, now=ago(8))
