"""The first thing a member writes in a thread no request note opened is coached like a note."""

from __future__ import annotations

import pytest

from rapport.conversations import services as conversation_services
from rapport.conversations.models import Conversation, Message
from rapport.conversations.services import conversation_open, message_send
from rapport.errors import InvalidInput
from rapport.network.services import connection_request_accept

PITCH = (
    "I am a growth consultant with twenty years of experience. If you need my services, or "
    "know anyone who does, I would appreciate a referral. Let's connect!"
)
OPENER = (
    "Hi Ben, the coffee round paired us! You mentioned offline sync at Brightwater. How did you "
    "settle conflicts between meter readings?"
)


@pytest.fixture
def ana(make_member):
    return make_member("Ana Lima")


@pytest.fixture
def ben(make_member):
    return make_member("Ben Okafor", organisation="Brightwater Energy")


@pytest.fixture
def paired(ana, ben):
    """A thread a coffee pairing opened: they may write without being connected."""

    def opener(a_id: int, b_id: int) -> bool:
        return {a_id, b_id} == {ana.pk, ben.pk}

    conversation_services.conversation_opener_register(opener)
    yield conversation_open(a=ana.pk, b=ben.pk, origin=Conversation.Origin.COFFEE)
    conversation_services._openers.remove(opener)


def test_a_leaflet_as_a_first_message_is_refused_with_reasons(ana, paired):
    with pytest.raises(InvalidInput) as refused:
        message_send(sender=ana, conversation_id=paired.pk, body=PITCH)

    error = refused.value
    assert (error.code, error.field) == ("note_reads_as_leaflet", "body")
    assert "Say why them: mention Ben's work at Brightwater Energy" in error.message
    assert not Message.objects.exists()


def test_a_first_message_about_the_other_member_is_sent(ana, paired):
    message = message_send(sender=ana, conversation_id=paired.pk, body=OPENER)
    assert message.body == OPENER


def test_only_the_first_message_of_each_member_is_coached(ana, ben, paired):
    message_send(sender=ana, conversation_id=paired.pk, body=OPENER)
    # Ana has written: what she writes next is a conversation, not a note.
    message_send(sender=ana, conversation_id=paired.pk, body=PITCH)
    # Ben has not: his first message is coached too.
    with pytest.raises(InvalidInput):
        message_send(sender=ben, conversation_id=paired.pk, body=PITCH)
    message_send(sender=ben, conversation_id=paired.pk, body="Ana, lovely to hear from you.")


def test_a_thread_opened_by_a_request_note_is_not_coached(ana, ben, send_request):
    request = send_request(ana, ben)
    connection_request_accept(member=ben, request_id=request.pk)
    conversation = Conversation.objects.get()
    # The note Ana wrote opened the thread; Ben's reply is a reply, whatever it says.
    message_send(sender=ben, conversation_id=conversation.pk, body=PITCH)
