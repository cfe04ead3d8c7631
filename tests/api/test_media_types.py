"""An operation that reads JSON takes a body sent as JSON only.

Text/plain, a form's types and no Content-Type at all are what another site's page may
send without the browser asking first; taking them as JSON let such a page post to the
API. They are refused with 415 before anything runs. Uploads keep their own types.
"""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.test.client import FakePayload

from rapport.imports.models import ImportJob
from rapport.keeper.models import Person
from rapport.members.models import ApiToken, Member
from rapport.safety.models import LoginFailure
from tests.conftest import PASSWORD
from tests.test_authorization_matrix import OPERATIONS as MATRIX_OPERATIONS

PERSON = json.dumps({"name": "Grace Mensah"})


@pytest.fixture
def ada(make_member):
    return make_member("Ada Lovelace", username="ada")


def _without_content_type(client: Client, method: str, path: str, body: str, **headers: str):
    """A request with a body and no Content-Type header at all (Django's test client
    always writes one when there is a body)."""
    data = body.encode()
    return client.request(
        REQUEST_METHOD=method,
        PATH_INFO=path,
        CONTENT_LENGTH=str(len(data)),
        **{"wsgi.input": FakePayload(data)},
        **headers,
    )


@pytest.mark.parametrize(
    "content_type",
    ["text/plain", "text/plain; charset=utf-8", "application/x-www-form-urlencoded", "text/json"],
)
def test_a_json_body_sent_as_another_type_is_415_and_changes_nothing(ada, api_as, content_type):
    response = api_as(ada).client.post("/api/keeper/people", PERSON, content_type=content_type)

    assert response.status_code == 415
    assert response.json() == {
        "code": "unsupported_media_type",
        "message": "Send the body as JSON, with Content-Type: application/json; this "
        f"request's is {content_type.split(';')[0]}.",
        "field": None,
    }
    assert response["Accept-Post"] == "application/json"
    assert not Person.objects.exists()


def test_a_json_body_sent_without_a_content_type_is_415(ada, api_as):
    api = api_as(ada)
    token = api.client.defaults["HTTP_AUTHORIZATION"]

    response = _without_content_type(
        api.client, "PATCH", "/api/me", json.dumps({"name": "Ada King"}), HTTP_AUTHORIZATION=token
    )

    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"
    assert response.json()["message"].endswith("; this request has none.")
    assert response["Accept-Patch"] == "application/json"
    ada.refresh_from_db()
    assert ada.name == "Ada Lovelace"


def test_a_cross_site_simple_post_cannot_try_a_password_or_sign_up(ada):
    """What a form on another site can send: nothing is counted, checked or created."""
    client = Client()
    login = client.post(
        "/api/token",
        json.dumps({"username": "ada", "password": PASSWORD}),
        content_type="text/plain",
    )
    signup = _without_content_type(
        client,
        "POST",
        "/api/signup",
        json.dumps({"username": "eve", "password": "a long passphrase", "name": "Eve"}),
    )

    assert (login.status_code, signup.status_code) == (415, 415)
    assert not ApiToken.objects.exists()
    assert not LoginFailure.objects.exists()
    assert not Member.objects.filter(username="eve").exists()


@pytest.mark.parametrize(
    "content_type",
    ["application/json", "application/json; charset=utf-8", "APPLICATION/JSON; Charset=UTF-8"],
)
def test_json_with_or_without_a_charset_is_taken(ada, api_as, content_type):
    response = api_as(ada).client.post("/api/keeper/people", PERSON, content_type=content_type)

    assert response.status_code == 201
    assert Person.objects.get(owner=ada).name == "Grace Mensah"


def test_a_media_type_built_on_json_is_taken(ada, api_as):
    response = api_as(ada).client.patch(
        "/api/me", json.dumps({"name": "Ada King"}), content_type="application/merge-patch+json"
    )

    assert response.status_code == 200
    assert response.json()["name"] == "Ada King"


def test_an_empty_body_is_still_told_it_is_missing(ada, api_as):
    """Nothing was sent, so there is no media type to judge: the body is missing."""
    response = api_as(ada).client.post("/api/keeper/people", "", content_type="text/plain")

    assert response.status_code == 422
    assert response.json()["message"] == "The request body is missing or is not a JSON object."


def test_an_upload_keeps_its_own_type(ada, api_as, tmp_path, settings):
    """The import takes a multipart form, and is not asked for JSON."""
    settings.DATA_DIR = tmp_path  # where the upload waits for its job
    vcard = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Grace Mensah\r\nEND:VCARD\r\n"

    response = api_as(ada).client.post(
        "/api/imports",
        {"source": "vcard", "file": SimpleUploadedFile("grace.vcf", vcard, "text/vcard")},
    )

    assert response.status_code == 202, response.content
    assert ImportJob.objects.filter(owner=ada).exists()


def test_every_operation_that_reads_json_documents_415(client):
    schema = client.get("/api/openapi.json").json()
    json_bodies = [
        (method, path)
        for method, path in MATRIX_OPERATIONS
        if "application/json"
        in schema["paths"][path][method.lower()].get("requestBody", {}).get("content", {})
    ]
    uploads = [
        (method, path)
        for method, path in MATRIX_OPERATIONS
        if (body := schema["paths"][path][method.lower()].get("requestBody"))
        and "application/json" not in body["content"]
    ]

    assert len(json_bodies) > 30
    assert ("POST", "/api/imports") in uploads
    for method, path in json_bodies:
        error = schema["paths"][path][method.lower()]["responses"]["415"]
        assert error["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/Error"
        }
    for method, path in uploads:
        assert "415" not in schema["paths"][path][method.lower()]["responses"], (method, path)


def test_every_operation_that_takes_no_body_documents_its_refusal(client):
    """A body sent to such an operation is refused (tests/api/test_no_body.py); the
    OpenAPI document says how, so a client generator knows the answers."""
    schema = client.get("/api/openapi.json").json()
    no_body = [
        (method, path)
        for method, path in MATRIX_OPERATIONS
        if "requestBody" not in schema["paths"][path][method.lower()]
    ]

    assert ("POST", "/api/members/{id}/block") in no_body
    for method, path in no_body:
        responses = schema["paths"][path][method.lower()]["responses"]
        for status in ("400", "415", "422"):
            assert responses[status]["content"]["application/json"]["schema"] == {
                "$ref": "#/components/schemas/Error"
            }, (method, path, status)
