"""A request carries what Rapport vouches for, and only for the context it was sent with."""

from __future__ import annotations

import pytest

from rapport.network import verification
from rapport.network.services import connection_request_send
from tests.conftest import GOOD_NOTE


@pytest.fixture
def introductions_vouch():
    # Each context's own list: registering appends to it, so a copy of the dict alone
    # would put the test's verifiers back with the lists it kept.
    saved = {context: list(verifiers) for context, verifiers in verification._verifiers.items()}
    verification.verifier_register(
        "introduced", lambda sender_id, recipient_id: f"Introduced by Ana ({sender_id})"
    )
    verification.verifier_register("gathering", lambda sender_id, recipient_id: None)
    yield
    verification._verifiers.clear()
    verification._verifiers.update(saved)


def test_a_request_records_the_verifiers_sentence(make_member, introductions_vouch):
    ben, cy, ana = make_member("Ben Okafor"), make_member("Cy Tran"), make_member("Ana Ruiz")

    sent = connection_request_send(
        sender=ben,
        recipient_id=cy.pk,
        context="introduced",
        introducer_id=ana.pk,
        note=GOOD_NOTE.format(name="Cy"),
    )

    sent.refresh_from_db()
    assert sent.verified == f"Introduced by Ana ({ben.pk})"


def test_no_verifier_or_a_silent_one_leaves_it_unverified(make_member, introductions_vouch):
    ben, cy, dee = make_member("Ben Okafor"), make_member("Cy Tran"), make_member("Dee Park")

    met = connection_request_send(
        sender=ben,
        recipient_id=cy.pk,
        context="gathering",
        context_detail="Meetup",
        note=GOOD_NOTE.format(name="Cy"),
    )
    worked = connection_request_send(
        sender=ben,
        recipient_id=dee.pk,
        context="worked_together",
        note=GOOD_NOTE.format(name="Dee"),
    )

    assert (met.verified, worked.verified) == ("", "")
