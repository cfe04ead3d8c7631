"""Every error has one shape, and the OpenAPI schema tells the truth about the API."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from rapport.keeper.models import Person
from rapport.keeper.services import person_create
from rapport.network.models import ConnectionRequest
from tests.authz import FEATURES
from tests.test_authorization_matrix import OPERATIONS as MATRIX_OPERATIONS

# Every operation the matrix knows (it checks that this is every operation there is).
OPERATIONS = {(method.lower(), path) for method, path in MATRIX_OPERATIONS}
ANONYMOUS = {("post", "/api/signup"), ("post", "/api/token")} | {
    (method.lower(), path) for feature in FEATURES for method, path in feature.ANONYMOUS
}


@pytest.fixture
def ada(make_member):
    return make_member("Ada Lovelace")


def test_malformed_json_is_400(ada, api_as):
    response = api_as(ada).client.post(
        "/api/requests", data="{not json", content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json()["code"] == "malformed"
    assert set(response.json()) == {"code", "message", "field"}


@pytest.mark.parametrize("body", ["[1]", '"everyone"', "3", "null"])
def test_a_body_that_is_not_a_json_object_is_400_and_changes_nothing(ada, api_as, body):
    """Ninja would read ``[1]`` as an object with no fields: a restore of everyone."""
    archived = person_create(owner=ada, name="Grace Mensah")
    Person.objects.filter(pk=archived.pk).update(archived_at=timezone.now())

    response = api_as(ada).client.post(
        "/api/audit/restore", data=body, content_type="application/json"
    )

    assert (response.status_code, response.json()["code"]) == (400, "malformed")
    assert "not a JSON object" in response.json()["message"]
    assert Person.objects.get(pk=archived.pk).archived_at is not None


def test_a_misspelt_field_is_422_naming_it_and_changes_nothing(ada, api_as):
    archived = person_create(owner=ada, name="Grace Mensah")
    Person.objects.filter(pk=archived.pk).update(archived_at=timezone.now())

    response = api_as(ada).post("/audit/restore", {"personids": [archived.pk + 1]})
    patch = api_as(ada).patch("/me", {"nmae": "Ada King"})

    assert response.status_code == 422
    assert response.json() == {
        "code": "invalid",
        "message": "personids is not a field of this operation; see /api/docs.",
        "field": "personids",
    }
    assert Person.objects.get(pk=archived.pk).archived_at is not None
    assert (patch.status_code, patch.json()["field"]) == (422, "nmae")
    ada.refresh_from_db()
    assert ada.name == "Ada Lovelace"


def test_the_schema_says_a_body_takes_no_other_fields():
    schemas = Client().get("/api/openapi.json").json()["components"]["schemas"]
    assert schemas["AuditRestoreIn"]["additionalProperties"] is False
    assert schemas["RequestIn"]["additionalProperties"] is False


def test_a_method_a_path_does_not_take_is_405_in_the_apis_json(ada, api_as):
    response = api_as(ada).client.put("/api/me", {}, content_type="application/json")

    assert response.status_code == 405
    assert response.json() == {
        "code": "method_not_allowed",
        "message": f"PUT is not an operation on /api/me; it takes {response['Allow']}.",
        "field": None,
    }
    # A path that answers GET answers HEAD too (tests/api/test_head.py).
    assert set(response["Allow"].split(", ")) == {"GET", "HEAD", "PATCH", "DELETE"}


def test_a_body_over_the_limit_is_413_naming_it(ada, api_as, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2_500_000
    response = api_as(ada).patch("/me", {"bio": "x" * 2_600_000})

    assert response.status_code == 413
    assert response.json()["code"] == "too_large"
    assert "over 2.5 MB" in response.json()["message"]


def test_a_number_no_column_can_hold_is_named_or_not_found(ada, api_as):
    too_big = 10**20
    in_path = api_as(ada).delete(f"/connections/{too_big}")
    in_body = api_as(ada).post(
        "/keeper/interactions", {"kind": "coffee", "person_ids": [1, too_big]}
    )
    as_float = api_as(ada).post("/audit/restore", {"person_ids": [1e20]})

    # No row can have that id: 404, as for any id not found (PostgreSQL's lookup finds
    # nothing; SQLite's cannot bind it, and the path parameter is named).
    assert (in_path.status_code, in_path.json()["code"]) == (404, "not_found")
    assert (in_body.status_code, in_body.json()["field"]) == (422, "person_ids")
    assert in_body.json()["message"] == (
        "person_ids is invalid: no id or number stored is over 9,223,372,036,854,775,807."
    )
    assert as_float.status_code == 422
    assert as_float.json()["field"].startswith("person_ids"), as_float.json()


def test_a_nul_character_in_text_is_422_naming_the_field(ada, api_as):
    """PostgreSQL cannot store one, and SQLite would keep it silently."""
    headline = api_as(ada).patch("/me", {"headline": "Engineer\x00"})
    email = api_as(ada).post("/keeper/people", {"name": "Grace", "emails": ["g\x00@x.org"]})
    nested = api_as(ada).post(
        "/keeper/people", {"name": "Grace", "emails": [{"value": "g\x00@x.org"}]}
    )

    assert headline.json() == {
        "code": "invalid",
        "message": "headline is invalid: null characters are not allowed.",
        "field": "headline",
    }
    assert (email.status_code, email.json()["field"]) == (422, "emails")
    assert (nested.status_code, nested.json()["field"]) == (422, "emails.0.value")
    ada.refresh_from_db()
    assert ada.headline == ""
    assert not Person.objects.filter(owner=ada).exists()


def test_a_wrong_type_is_422_naming_the_field(ada, api_as):
    response = api_as(ada).post(
        "/requests", {"recipient_id": "Ben", "context": "other", "note": "n" * 50}
    )

    assert response.status_code == 422
    body = response.json()
    assert (body["code"], body["field"]) == ("invalid", "recipient_id")
    assert body["message"].startswith("recipient_id is invalid: ")
    assert body["message"].endswith(".")
    assert not ConnectionRequest.objects.exists()


def test_a_missing_body_is_422(ada, api_as):
    response = api_as(ada).client.post("/api/requests", "", content_type="application/json")

    assert response.status_code == 422
    assert response.json()["code"] == "invalid"
    assert "body" in response.json()["message"]


def test_a_bad_query_parameter_is_422_naming_it(ada, api_as):
    response = api_as(ada).get("/requests", {"box": "sideways"})

    assert (response.status_code, response.json()["field"]) == (422, "box")


def test_a_service_error_keeps_its_code_message_and_field(ada, api_as):
    response = api_as(ada).post(
        "/requests", {"recipient_id": ada.pk, "context": "other", "note": "n" * 50}
    )

    assert response.status_code == 400
    assert response.json() == {
        "code": "request_to_self",
        "message": "You cannot send a request to yourself.",
        "field": "recipient_id",
    }


@pytest.mark.parametrize(
    "path", ["/requests/999999/accept", "/conversations/999999/messages", "/members/999999"]
)
def test_things_that_are_not_there_are_404_not_found(ada, api_as, path):
    api = api_as(ada)
    response = api.get(path) if path.startswith(("/members", "/conv")) else api.post(path)

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert set(response.json()) == {"code", "message", "field"}


def test_the_openapi_schema_lists_every_operation(client):
    response = client.get("/api/openapi.json")

    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "Rapport API"
    listed = {
        (method, path)
        for path, item in schema["paths"].items()
        for method in item
        if method in {"get", "post", "put", "patch", "delete"}
    }
    assert listed == OPERATIONS
    assert client.get("/api/docs").status_code == 200


def test_the_schema_declares_the_errors_each_operation_returns(client):
    schema = client.get("/api/openapi.json").json()

    for method, path in OPERATIONS:
        operation = schema["paths"][path][method]
        responses = operation["responses"]
        errors = {int(status) for status in responses if int(status) >= 400}
        assert errors, (method, path)
        for status in errors:
            expected = "BudgetError" if status == 429 else "Error"
            body = responses[str(status)]["content"]["application/json"]["schema"]
            assert body == {"$ref": f"#/components/schemas/{expected}"}, (method, path, status)
        # What the framework answers before the operation runs is documented too.
        if "application/json" in operation.get("requestBody", {}).get("content", {}):
            assert {400, 413, 415, 422} <= errors, (method, path)
        if operation.get("parameters"):
            assert 422 in errors, (method, path)
        if (method, path) in ANONYMOUS:
            assert "security" not in operation, path
        else:
            assert 401 in errors, (method, path)
            assert {"BearerToken": []} in operation["security"], (method, path)
            if method != "get":
                assert 403 in errors, (method, path)  # CSRF on a session
    sent = schema["paths"]["/api/requests"]["post"]["responses"]
    assert {"400", "404", "409", "422", "429"} <= set(sent)
    assert "retry_at" in schema["components"]["schemas"]["BudgetError"]["properties"]


def test_no_output_schema_carries_private_fields_or_counts(client):
    """Own numbers live only in MeOut (capacity, pending_incoming) and ConversationOut (unread)."""
    schemas = client.get("/api/openapi.json").json()["components"]["schemas"]
    outputs = {name: s for name, s in schemas.items() if name.endswith("Out")}

    assert {"MemberOut", "MeOut", "IncomingRequestOut", "OutgoingRequestOut"} <= set(outputs)
    for name, output in outputs.items():
        fields = set(output.get("properties", {}))
        assert not fields & {"email", "password", "is_staff", "is_superuser"}, name
        assert not [field for field in fields if "count" in field], name


def test_docs_and_schema_need_no_sign_in():
    assert Client().get("/api/openapi.json").status_code == 200


def test_a_rule_in_an_input_schema_reads_as_a_sentence(anonymous):
    response = anonymous.post(
        "/signup",
        {"username": "ada", "password": "a long passphrase", "name": "Ada", "email": "ada"},
    )

    assert response.status_code == 422
    assert response.json() == {
        "code": "invalid",
        "message": "email is invalid: enter a valid email address.",
        "field": "email",
    }


@pytest.mark.parametrize("method", ["get", "post", "delete"])
def test_a_path_no_operation_serves_is_a_json_404(method):
    client = Client(enforce_csrf_checks=True)
    response = getattr(client, method)("/api/no/such/thing")

    assert response.status_code == 404
    assert response.json() == {
        "code": "not_found",
        "message": "No API operation at /api/no/such/thing; see /api/docs.",
        "field": None,
    }
