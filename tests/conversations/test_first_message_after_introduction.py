"""The first message after an introduction is coached knowing who made it.

When Ben and Cy both said yes to Ana's introduction, a thread opens with Ana's note at
its top ("Ana Ruiz introduced you to each other."), and each one's first message there
is scored like a request's note. Both already know who introduced them, so a leaflet is
not told to "say who introduced you", but what only the writer can say: what Ana told
them about the other, and why the two should talk. The API and the page say the same.

The introducer is named as the introduction page shows them to the writer: by name,
across a block with either side too (the introduction outlives it, docs/security.md),
where leaving the name out would tell the blocked member of the block. An introducer
who left Rapport is named nowhere: their introduction, its note and the thread's
opening went with them.
"""

from __future__ import annotations

import pytest

from rapport.conversations.models import Conversation, Message
from rapport.introductions.services import introduction_accept, introduction_make
from rapport.members.services import member_erase
from rapport.safety.services import block_create
from tests.introductions.conftest import WHY_BEN, WHY_CY

# A leaflet: all about the sender, selling, collecting, nothing about Cy.
PITCH = (
    "I am a growth consultant with twenty years of experience. If you need my services, or "
    "know anyone who does, I would appreciate a referral. Let's connect!"
)
ASKED_WHO = "say who introduced you"
TOLD_WHAT = "Ana introduced you; now say what Ana told you about Cy, and why you two should talk."


@pytest.fixture
def people(make_member, connect):
    """Ana knows Ben and Cy, who do not know each other."""
    ana = make_member("Ana Ruiz")
    ben = make_member("Ben Okafor")
    cy = make_member("Cy Tran")
    connect(ana, ben)
    connect(cy, ana)
    return ana, ben, cy


@pytest.fixture
def thread(people) -> Conversation:
    """Ana introduced Ben and Cy, and both said yes: their thread holds Ana's note only."""
    ana, ben, cy = people
    introduction = introduction_make(
        introducer=ana, first_id=ben.pk, second_id=cy.pk, why_first=WHY_BEN, why_second=WHY_CY
    )
    introduction_accept(member=ben, introduction_id=introduction.pk)
    accepted = introduction_accept(member=cy, introduction_id=introduction.pk)
    conversation = Conversation.objects.get(pk=accepted.conversation_id)
    assert conversation.origin == Conversation.Origin.INTRODUCTION
    return conversation


def _refused_by_api(api_as, member, thread: Conversation) -> dict:
    response = api_as(member).post(f"/conversations/{thread.pk}/messages", {"body": PITCH})
    assert response.status_code == 422
    told = response.json()
    assert (told["code"], told["field"]) == ("note_reads_as_leaflet", "body")
    return told


def test_a_leaflet_after_an_introduction_is_told_what_the_introducer_said_not_who(
    people, thread, api_as
):
    ana, ben, _cy = people

    told = _refused_by_api(api_as, ben, thread)

    assert ASKED_WHO not in told["message"]
    assert TOLD_WHAT in told["message"]
    # Refused: nothing but Ana's note is in the thread.
    senders = Message.objects.filter(conversation=thread).values_list("sender", flat=True)
    assert list(senders) == [ana.pk]


@pytest.mark.parametrize("htmx", [False, True], ids=["form", "htmx"])
def test_the_page_coaches_the_first_message_as_the_api_does(
    people, thread, api_as, signed_in, htmx
):
    _ana, ben, _cy = people
    told = _refused_by_api(api_as, ben, thread)["message"]

    headers = {"HX-Request": "true"} if htmx else {}
    page = signed_in(ben).post(f"/conversations/{thread.pk}/", {"body": PITCH}, headers=headers)

    assert page.status_code == 422
    text = page.content.decode().replace("&#x27;", "'").replace("&quot;", '"')
    assert TOLD_WHAT in text
    assert told.split(". ", 1)[1] in text  # every reason the API gives, in its order
    assert ASKED_WHO not in text


@pytest.mark.parametrize(
    "blocker, blocked", [(0, 1), (1, 0)], ids=["introducer blocks", "writer blocks"]
)
def test_an_introducer_across_a_block_is_named_as_the_introduction_page_names_them(
    people, thread, api_as, signed_in, blocker, blocked
):
    """The introduction outlives a block with its introducer and names them on its
    page; coaching that left the name out would tell Ben that Ana blocked him."""
    ana, ben, _cy = people
    block_create(blocker=people[blocker], blocked_id=people[blocked].pk)

    page = signed_in(ben).get("/introductions/")
    assert ana.name in page.content.decode()

    told = _refused_by_api(api_as, ben, thread)
    assert TOLD_WHAT in told["message"]
    assert ASKED_WHO not in told["message"]


def test_the_other_side_is_told_of_the_same_introducer(people, thread, api_as):
    _ana, _ben, cy = people
    response = api_as(cy).post(f"/conversations/{thread.pk}/messages", {"body": PITCH})

    assert response.status_code == 422
    message = response.json()["message"]
    assert "Ana introduced you; now say what Ana told you about Ben" in message
    assert ASKED_WHO not in message


def test_a_first_message_about_the_other_person_is_sent(people, thread, api_as):
    _ana, ben, _cy = people
    opener = (
        "Cy, thank you for saying yes. Ana says your group wants panels on the community "
        "hall in Levenshulme: what does the roof look like, and who owns the building?"
    )

    response = api_as(ben).post(f"/conversations/{thread.pk}/messages", {"body": opener})

    assert response.status_code == 201


def test_an_introducer_who_left_is_named_nowhere(people, thread, api_as):
    """Deleting Ana's account erases her introduction and its note: the thread it
    opened closes as a connection's would, and nothing Ben is told names her."""
    ana, ben, _cy = people
    member_erase(member=ana)

    response = api_as(ben).post(f"/conversations/{thread.pk}/messages", {"body": PITCH})

    assert "Ana" not in response.content.decode()
    assert response.json()["code"] == "not_connected"
    assert not Message.objects.filter(conversation=thread).exists()
