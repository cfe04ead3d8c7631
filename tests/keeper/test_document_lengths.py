"""A keeper document (`rapport import keeper`) with a value far over its limit says the
length as the forms do, "5,000 characters", and where the value is."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from rapport.keeper.models import Person
from rapport.keeper.portable import keeper_export
from rapport.keeper.services import person_create


@pytest.fixture
def ana(make_member):
    return make_member("Ana Ruiz", username="ana")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda zoe: zoe.update(name="Z" * 5000),
            "people[0].name: Name is 5,000 characters; the limit is 160.",
        ),
        (
            lambda zoe: zoe["links"].append({"url": "https://zoe.example", "label": "x" * 5000}),
            "people[0].links[0]: The label of 'https://zoe.example' is 5,000 characters; "
            "the limit is 40.",
        ),
        (
            lambda zoe: zoe["emails"].append({"value": "z" * 4990 + "@example.org", "type": ""}),
            "people[0].emails[0]: The email address 'zzzzzzzzzzzzzzzzzzzzzzzz…' is 5,002 "
            "characters; the limit is 254.",
        ),
        (
            lambda zoe: zoe.update(tags=["data", "t" * 5000]),
            "people[0].tags[1]: The tag 'tttttttttttttttttttt…' is 5,000 characters; "
            "the limit is 40.",
        ),
        (
            lambda zoe: zoe["dates"].append(
                {"kind": "other", "month": 4, "day": 1, "label": "l" * 5000}
            ),
            "people[0].dates[0].label: The label is 5,000 characters; the limit is 120.",
        ),
    ],
    ids=["name", "link label", "email", "tag", "date label"],
)
def test_a_value_far_over_its_limit_is_refused_with_its_length_grouped(
    ana, make_member, tmp_path, change, message
):
    person_create(owner=ana, name="Zoë")
    document = keeper_export(owner=ana)
    change(document["people"][0])
    path = tmp_path / "keeper.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    dee = make_member("Dee Park", username="dee")

    with pytest.raises(CommandError) as raised:
        call_command("import", "keeper", str(path), "--member", "dee")

    assert str(raised.value).startswith(message), str(raised.value)
    assert not Person.objects.filter(owner=dee).exists()
