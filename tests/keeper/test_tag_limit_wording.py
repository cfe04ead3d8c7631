"""A tag over the limit is refused in the same words on the page and over the API: the
service's, naming the tag and the limit (the API once said "tags.0 is 41 characters",
the page "The tag 'ttt…'… is over 40 characters")."""

from __future__ import annotations

from html import unescape

import pytest
from django.test import Client
from django.urls import reverse

from rapport.keeper.models import Person
from rapport.keeper.services import TAG_MAX, person_create

LONG = "supply chain resilience for small island grocers"  # 48 characters
SAID = f"The tag 'supply chain resilie…' is 48 characters; the limit is {TAG_MAX}."


@pytest.fixture
def ana(make_member):
    return make_member("Ana Ruiz")


def test_the_api_says_what_the_service_says(ana, api_as):
    response = api_as(ana).post("/keeper/people", {"name": "Grace", "tags": ["data", LONG]})

    assert response.status_code == 422
    assert response.json()["message"] == SAID
    assert response.json()["field"] == "tags.1"  # the second tag, as before
    assert not Person.objects.exists()


def test_a_change_over_the_api_says_it_too(ana, api_as):
    grace = person_create(owner=ana, name="Grace")

    response = api_as(ana).patch(f"/keeper/people/{grace.pk}", {"tags": [LONG]})

    assert (response.status_code, response.json()["field"]) == (422, "tags.0")
    assert response.json()["message"] == SAID


def test_the_page_says_the_same_beside_the_tags(ana):
    client = Client()
    client.force_login(ana)

    response = client.post(
        reverse("keeper_person_new"), {"name": "Grace", "circle": "50", "tags": f"data, {LONG}"}
    )

    assert response.status_code == 422
    assert SAID in unescape(response.content.decode())
    assert 'id="id_tags_error"' in response.content.decode()
    assert not Person.objects.exists()


def test_the_schema_still_announces_the_limit(client):
    schemas = client.get("/api/openapi.json").json()["components"]["schemas"]

    assert schemas["PersonIn"]["properties"]["tags"]["anyOf"][0]["items"]["maxLength"] == TAG_MAX
