"""A multipart upload that cannot be read is the API's own 400, documented.

The import takes a multipart form. One whose Content-Type has no boundary, or whose
parts are cut short, cannot be parsed: Django would answer its HTML "Bad request"
page, which a client reading JSON cannot show, with a status the operation's OpenAPI
document never listed.
"""

from __future__ import annotations

import pytest

from rapport.imports.models import ImportJob


@pytest.fixture
def ada(make_member):
    return make_member("Ada Lovelace")


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("multipart/form-data", b"--x\r\n"),  # no boundary
        ("multipart/form-data; boundary=", b"--\r\n"),  # an empty one
    ],
)
def test_an_unreadable_upload_is_400_in_the_apis_json(ada, api_as, content_type, body):
    response = api_as(ada).client.post("/api/imports", body, content_type=content_type)

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.json()["code"] == "malformed"
    assert response.json()["message"].startswith("The multipart form cannot be read: ")
    assert not ImportJob.objects.exists()


def test_the_upload_documents_its_400(client):
    responses = client.get("/api/openapi.json").json()["paths"]["/api/imports"]["post"]["responses"]

    assert responses["400"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Error"
    }
