"""A blocked member naming the blocker by id, anywhere an id is taken, is told exactly
what a missing member's id would tell them (docs/security.md, "Blocks and reports").

Search, profiles and requests hold it already (tests/safety/test_blocks.py); these are
the other places a member id goes in, where a different answer (a name, a refusal, or a
success) would tell the blocked member that the account exists and hides from them.
"""

from __future__ import annotations

import pytest

from rapport.network.models import ConnectionRequest
from rapport.safety.services import block_create
from tests.conftest import GOOD_NOTE

MISSING = 999999
WHY = "You both run community energy pilots and keep asking the same questions."


@pytest.fixture
def ana(make_member):
    return make_member("Ana Ruiz")


@pytest.fixture
def ben(make_member):
    return make_member("Ben Okafor")


@pytest.fixture
def cy(make_member):
    return make_member("Cy Tran")


def _introduce(api, first_id: int, second_id: int):
    return api.post(
        "/introductions",
        {"first_id": first_id, "why_first": WHY, "second_id": second_id, "why_second": WHY},
    )


@pytest.mark.parametrize("field", ["first_id", "second_id"])
def test_introducing_the_blocker_reads_as_introducing_a_missing_member(
    ana, ben, cy, connect, api_as, field
):
    connect(ana, ben)
    connect(ben, cy)
    block_create(blocker=ana, blocked_id=ben.pk)  # ends ana and ben's connection
    api = api_as(ben)

    def attempt(member_id: int):
        ids = (member_id, cy.pk) if field == "first_id" else (cy.pk, member_id)
        return _introduce(api, *ids)

    blocked, missing = attempt(ana.pk), attempt(MISSING)
    assert blocked.status_code == missing.status_code == 404
    not_found = {"code": "not_found", "message": "No such member.", "field": field}
    assert blocked.json() == missing.json() == not_found
    assert "Ana" not in blocked.content.decode()


def test_the_blocker_cannot_introduce_the_member_they_blocked_either(ana, ben, cy, connect, api_as):
    connect(ana, cy)
    connect(ana, ben)
    block_create(blocker=ana, blocked_id=ben.pk)

    response = _introduce(api_as(ana), ben.pk, cy.pk)
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_naming_the_blocker_as_introducer_reads_as_naming_a_missing_member(ana, ben, cy, api_as):
    block_create(blocker=ana, blocked_id=ben.pk)
    api = api_as(ben)

    def attempt(introducer_id: int):
        return api.post(
            "/requests",
            {
                "recipient_id": cy.pk,
                "context": "introduced",
                "introducer_id": introducer_id,
                "note": GOOD_NOTE.format(name="Cy"),
            },
        )

    blocked, missing = attempt(ana.pk), attempt(MISSING)
    assert blocked.status_code == missing.status_code == 422
    assert blocked.json() == missing.json()
    assert blocked.json()["field"] == "introducer_id"
    # The blocker's name never rides on a request to a third member.
    assert not ConnectionRequest.objects.filter(introducer=ana).exists()


def test_the_blocker_cannot_name_the_blocked_as_their_introducer(ana, ben, cy, api_as):
    block_create(blocker=ana, blocked_id=ben.pk)
    response = api_as(ana).post(
        "/requests",
        {
            "recipient_id": cy.pk,
            "context": "introduced",
            "introducer_id": ben.pk,
            "note": GOOD_NOTE.format(name="Cy"),
        },
    )
    assert response.status_code == 422
    assert response.json()["code"] == "introducer_unknown"
