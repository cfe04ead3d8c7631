"""A text holding half of a surrogate pair is refused, naming the field.

JSON may spell a character as ``\\ud83d``, one half of the pair that makes an emoji,
with the other half missing. Python reads it as a string, but no database can store
it (it is not a character in UTF-8): the write would fail mid-request, a 500. The
pages never meet it (a browser sends UTF-8), so only the API has to refuse it.
"""

from __future__ import annotations

import pytest

from rapport.keeper.models import Person

HALF = "\\ud83d"  # as JSON spells it: the high half of 👩 with no low half after it


@pytest.fixture
def ada(make_member):
    return make_member("Ada Lovelace")


def _raw(api, method: str, path: str, json_text: str):
    send = getattr(api.client, method)
    return send("/api" + path, data=json_text, content_type="application/json")


def test_a_profile_text_with_half_a_pair_is_422_naming_it_and_changes_nothing(ada, api_as):
    response = _raw(api_as(ada), "patch", "/me", f'{{"headline": "Engineer {HALF}"}}')

    assert response.status_code == 422
    assert response.json() == {
        "code": "invalid",
        "message": "headline is invalid: a character is broken: half of a UTF-16 "
        "surrogate pair, which no text can store.",
        "field": "headline",
    }
    ada.refresh_from_db()
    assert ada.headline == ""


def test_a_list_or_nested_text_with_half_a_pair_is_named(ada, api_as):
    api = api_as(ada)
    in_list = _raw(api, "post", "/keeper/people", f'{{"name": "Grace", "tags": ["ok", "{HALF}"]}}')
    nested = _raw(
        api, "post", "/keeper/people", f'{{"name": "Grace", "emails": [{{"value": "{HALF}"}}]}}'
    )

    assert (in_list.status_code, in_list.json()["field"]) == (422, "tags")
    assert (nested.status_code, nested.json()["field"]) == (422, "emails.0.value")
    assert not Person.objects.filter(owner=ada).exists()


def test_a_sign_in_with_half_a_pair_is_422_not_a_crash(ada, anonymous):
    response = anonymous.client.post(
        "/api/token",
        data=f'{{"username": "ada{HALF}", "password": "x"}}',
        content_type="application/json",
    )

    assert (response.status_code, response.json()["field"]) == (422, "username")


def test_a_whole_pair_is_a_character_and_is_kept(ada, api_as):
    response = _raw(api_as(ada), "patch", "/me", '{"headline": "Engineer \\ud83d\\udc69"}')

    assert response.status_code == 200
    ada.refresh_from_db()
    assert ada.headline == "Engineer 👩"
