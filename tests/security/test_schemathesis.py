"""Schemathesis against /api/openapi.json: every operation, generated inputs, no
server error, and every response as the schema says.

Each operation is its own test, run in-process through Django's WSGI application
(no server to start), signed in with a personal API token of a member who has a
connection, a conversation and a keeper, so generated ids sometimes hit real rows.
CI runs 25 examples per operation, the same ones every time; a longer campaign sets
``RAPPORT_SCHEMATHESIS_EXAMPLES`` higher and explores afresh (docs/security.md).
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from rapport.keeper.services import person_create
from rapport.members.services import api_token_create

CAMPAIGN = os.environ.get("RAPPORT_SCHEMATHESIS_EXAMPLES")
EXAMPLES = int(CAMPAIGN or "25")
CHECKS = [not_a_server_error, response_schema_conformance]

# The document clients read, fetched through the application as they fetch it.
SCHEMA = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
OPERATIONS = {result.ok().label: result.ok() for result in SCHEMA.get_all_operations()}


@pytest.fixture
def token(make_member, connect) -> str:
    ana, ben = make_member("Ana Ruiz", username="ana"), make_member("Ben Okafor", username="ben")
    connect(ana, ben)
    person_create(owner=ana, name="Grace Mensah", organisation="Transit Lab")
    _token, raw = api_token_create(member=ana, label="schemathesis")
    return raw


# Committed, not wrapped in one transaction: on PostgreSQL a generated id too large
# for a bigint fails its statement (a 422), and inside a wrapping transaction that
# failure would poison every later request of the example run.
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("label", sorted(OPERATIONS))
def test_operation_never_errors_and_answers_as_documented(label, token):
    operation = OPERATIONS[label]
    headers = {"Authorization": f"Bearer {token}"}

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        # CI explores the same examples every run, so a failure is never a fluke;
        # a campaign (the variable set) explores new ground each time.
        derandomize=not CAMPAIGN,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def run(case):
        response = case.call(headers=headers)
        statuses.append(response.status_code)
        case.validate_response(response, checks=CHECKS, headers=headers)

    statuses: list[int] = []
    run()
    if os.environ.get("RAPPORT_SCHEMATHESIS_VERBOSE"):
        print(label, sorted(set(statuses)))
    # The token works: a run where every call bounced off authentication tested nothing.
    # (Operations open to anyone, such as POST /api/token with made-up passwords, may.)
    if "security" in operation.definition.raw:
        assert set(statuses) != {401}, label
