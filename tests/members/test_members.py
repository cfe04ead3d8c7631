"""Members: sign-up, a new password, profile, API tokens and search, through the services."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import authenticate

from rapport.errors import Conflict, InvalidInput, NotFound
from rapport.members.models import ApiToken, Member
from rapport.members.selectors import api_tokens_of, member_get, member_search
from rapport.members.services import (
    api_token_authenticate,
    api_token_create,
    api_token_revoke,
    member_password_change,
    member_password_reset,
    member_signup,
    member_update_profile,
)
from tests.conftest import PASSWORD

# Sign-up ----------------------------------------------------------------------------


@pytest.mark.argon2
def test_a_signup_stores_an_argon2_hash_and_never_the_password(db):
    member = member_signup(username="ana", password=PASSWORD, name="  Ana   Lima ")
    member.refresh_from_db()
    assert member.password.startswith("argon2$argon2id$")
    assert PASSWORD not in member.password
    assert member.name == "Ana Lima"
    assert member.check_password(PASSWORD)
    assert authenticate(username="ana", password=PASSWORD) == member


@pytest.mark.parametrize(
    ("password", "says"),
    [
        ("short1!", "too short"),
        ("password1234", "too common"),
        ("8302159467213", "entirely numeric"),
        ("ana.lima.sheffield", "too similar"),
    ],
)
def test_a_weak_password_is_refused_with_the_reason(db, password, says):
    with pytest.raises(InvalidInput) as raised:
        member_signup(
            username="ana.lima.sheffield", password=password, name="Ana Lima", email="ana@lima.test"
        )
    assert raised.value.field == "password"
    assert says in raised.value.message
    assert not Member.objects.exists()


def test_a_username_is_taken_whatever_its_case(db):
    member_signup(username="Ana", password=PASSWORD, name="Ana Lima")
    with pytest.raises(Conflict) as raised:
        member_signup(username="aNA", password=PASSWORD, name="Another Ana")
    assert (raised.value.code, raised.value.field) == ("username_taken", "username")
    assert Member.objects.count() == 1


def test_a_taken_username_is_named_with_the_other_problems_after_them(db):
    """The page shows every problem of one submission; the API names the first, so a
    taken username comes last, after the rules that were always checked before it."""
    member_signup(username="Ana", password=PASSWORD, name="Ana Lima")
    with pytest.raises(InvalidInput) as raised:
        member_signup(username="aNA", password=PASSWORD, password_again="typo", name=" ")
    problems = [(p.field, p.code) for p in (raised.value, *raised.value.also)]
    assert problems == [
        ("name", "invalid"),
        ("password_again", "invalid"),
        ("username", "username_taken"),
    ]
    assert Member.objects.count() == 1


def test_a_password_typed_the_same_twice_or_once_is_accepted(db):
    """The page asks for the password twice; the API and the command line, once."""
    member_signup(username="ana", password=PASSWORD, password_again=PASSWORD, name="Ana Lima")
    member_signup(username="ben", password=PASSWORD, name="Ben Okafor")
    assert Member.objects.count() == 2


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"username": "   "}, "username"),
        ({"username": "ana lima"}, "username"),
        ({"username": "a" * 151}, "username"),
        ({"name": "   "}, "name"),
        ({"name": "A" * 121}, "name"),
        ({"headline": "h" * 161}, "headline"),
        ({"favourite_colour": "teal"}, "favourite_colour"),
    ],
)
def test_a_signup_that_breaks_a_rule_names_the_field(db, fields, field):
    values = {"username": "ana", "password": PASSWORD, "name": "Ana Lima", **fields}
    with pytest.raises(InvalidInput) as raised:
        member_signup(**values)
    assert raised.value.field == field
    assert raised.value.message
    assert not Member.objects.exists()


def test_interests_are_normalised_at_signup(db):
    member = member_signup(
        username="ana",
        password=PASSWORD,
        name="Ana Lima",
        interests=" Climate ,jazz,, JAZZ ,  Hiring    Managers ",
    )
    member.refresh_from_db()
    assert member.interests == "climate, jazz, hiring managers"
    assert member.interest_list == ["climate", "jazz", "hiring managers"]


# A new password ----------------------------------------------------------------------

NEW = "a fresh and unusual passphrase"


def _problems(raised: pytest.ExceptionInfo[InvalidInput]) -> list[tuple[str | None, str]]:
    return [(p.field, p.code) for p in (raised.value, *raised.value.also)]


def test_a_password_change_names_every_problem_at_once(make_member):
    """The page asks for the new password twice; a wrong current one, the rules and a
    second typing that differs are named together, in the page's order."""
    ana = make_member("Ana Ruiz", username="ana")
    with pytest.raises(InvalidInput) as raised:
        member_password_change(
            member=ana, current_password="nope", new_password="short", new_password_again="shirt"
        )
    assert _problems(raised) == [
        ("current_password", "wrong_password"),
        ("new_password", "invalid"),
        ("new_password_again", "invalid"),
    ]
    assert raised.value.also[1].message == "The two passwords differ."
    assert Member.objects.get(pk=ana.pk).check_password(PASSWORD)


def test_the_current_password_again_is_named_beside_a_second_typing_that_differs(make_member):
    ana = make_member("Ana Ruiz", username="ana")
    with pytest.raises(InvalidInput) as raised:
        member_password_change(
            member=ana, current_password=PASSWORD, new_password=PASSWORD, new_password_again=NEW
        )
    assert _problems(raised) == [("new_password", "invalid"), ("new_password_again", "invalid")]
    assert raised.value.message == "That is your current password; choose a new one."


def test_a_reset_names_the_rules_and_a_second_typing_that_differs_at_once(make_member):
    ana = make_member("Ana Ruiz", username="ana")
    with pytest.raises(InvalidInput) as raised:
        member_password_reset(member=ana, new_password="12345678", new_password_again="12345679")
    assert _problems(raised) == [("new_password", "invalid"), ("new_password_again", "invalid")]
    assert Member.objects.get(pk=ana.pk).check_password(PASSWORD)


def test_a_new_password_typed_the_same_twice_or_once_is_taken(make_member):
    """The pages ask for it twice; the API (a change) and an administrator's script, once."""
    ana = make_member("Ana Ruiz", username="ana")
    member_password_change(
        member=ana, current_password=PASSWORD, new_password=NEW, new_password_again=NEW
    )
    member_password_change(member=ana, current_password=NEW, new_password=NEW + "!")
    member_password_reset(member=ana, new_password=PASSWORD, new_password_again=PASSWORD)
    member_password_reset(member=ana, new_password=NEW)
    assert Member.objects.get(pk=ana.pk).check_password(NEW)


# Profile ----------------------------------------------------------------------------


def test_a_profile_update_keeps_within_each_fields_limit(make_member):
    member = make_member("Ana Lima")
    for field, limit in (("name", 120), ("headline", 160), ("organisation", 120)):
        with pytest.raises(InvalidInput) as raised:
            member_update_profile(member=member, **{field: "x" * (limit + 1)})
        assert raised.value.field == field
        assert f"the limit is {limit}" in raised.value.message
    member.refresh_from_db()
    assert member.name == "Ana Lima"


def test_a_profile_update_saves_cleaned_values(make_member):
    member = make_member("Ana Lima")
    member_update_profile(
        member=member,
        name="  Ana  Lima-Okafor ",
        headline=" Mentors new engineers ",
        interests="Jazz, climate,jazz",
    )
    member.refresh_from_db()
    assert member.name == "Ana Lima-Okafor"
    assert member.headline == "Mentors new engineers"
    assert member.interests == "jazz, climate"


def test_a_profile_update_refuses_an_empty_name_or_an_unknown_field(make_member):
    member = make_member("Ana Lima")
    with pytest.raises(InvalidInput) as raised:
        member_update_profile(member=member, name="   ")
    assert raised.value.field == "name"
    with pytest.raises(InvalidInput) as raised:
        member_update_profile(member=member, is_staff="1")
    assert raised.value.field == "is_staff"
    member.refresh_from_db()
    assert (member.name, member.is_staff) == ("Ana Lima", False)


# API tokens -------------------------------------------------------------------------


def test_a_token_is_shown_once_and_only_its_digest_is_stored(make_member):
    member = make_member("Ana Lima")
    token, raw = api_token_create(member=member, label="  laptop script ")
    assert raw.startswith("rpt_")
    assert token.label == "laptop script"
    assert raw.startswith(token.prefix)
    stored = ApiToken.objects.values().get(pk=token.pk)
    assert not any(raw in str(value) for value in stored.values())
    assert list(api_tokens_of(member=member)) == [token]


def test_a_token_authenticates_its_member_until_revoked(make_member, time_machine):
    time_machine.move_to(dt.datetime(2025, 3, 3, 9, 0, tzinfo=dt.UTC), tick=False)
    member = make_member("Ana Lima")
    token, raw = api_token_create(member=member, label="script")

    assert api_token_authenticate(raw) == member
    token.refresh_from_db()
    assert token.last_used_at == dt.datetime(2025, 3, 3, 9, 0, tzinfo=dt.UTC)

    api_token_revoke(member=member, token_id=token.pk)
    assert api_token_authenticate(raw) is None
    token.refresh_from_db()
    assert token.revoked_at is not None
    with pytest.raises(NotFound):
        api_token_revoke(member=member, token_id=token.pk)


def test_a_token_cannot_be_guessed_or_revoked_by_someone_else(make_member):
    owner, other = make_member("Ana Lima"), make_member("Ben Okafor")
    token, raw = api_token_create(member=owner, label="script")
    assert api_token_authenticate(raw[:-1] + ("A" if raw[-1] != "A" else "B")) is None
    assert api_token_authenticate(raw.removeprefix("rpt_")) is None
    assert api_token_authenticate("") is None
    with pytest.raises(NotFound):
        api_token_revoke(member=other, token_id=token.pk)
    assert api_token_authenticate(raw) == owner


def test_a_deactivated_members_token_stops_working(make_member):
    member = make_member("Ana Lima")
    _token, raw = api_token_create(member=member, label="script")
    member.is_active = False
    member.save()
    assert api_token_authenticate(raw) is None


def test_a_token_label_is_limited(make_member):
    with pytest.raises(InvalidInput) as raised:
        api_token_create(member=make_member(), label="l" * 81)
    assert raised.value.field == "label"
    assert not ApiToken.objects.exists()


# Search -----------------------------------------------------------------------------


@pytest.fixture
def people(make_member):
    return {
        "ana": make_member("Ana Moreau", organisation="Northern Rail", interests="jazz, climate"),
        "ben": make_member("Ben Okafor", organisation="Leeds Library", interests="climate"),
        "cara": make_member("Cara Moreau", organisation="Leeds Council", interests="chess"),
    }


def found(query: str) -> list[str]:
    return [member.name for member in member_search(query=query)]


def test_search_finds_members_by_name_organisation_or_interest(people):
    assert found("moreau") == ["Ana Moreau", "Cara Moreau"]
    assert found("LEEDS") == ["Ben Okafor", "Cara Moreau"]
    assert found("climate") == ["Ana Moreau", "Ben Okafor"]


def test_every_word_of_the_search_must_match(people):
    assert found("moreau leeds") == ["Cara Moreau"]
    assert found("climate leeds") == ["Ben Okafor"]
    assert found("jazz leeds") == []


def test_search_by_exact_username(people):
    assert found(people["ben"].username) == ["Ben Okafor"]


def test_an_empty_search_finds_nobody(people):
    assert found("") == []
    assert found("   ") == []
    # Control characters are no part of a name: NUL matched everyone on SQLite.
    assert found("\x00") == []
    assert found("\x00moreau\x07 leeds") == ["Cara Moreau"]


def test_deactivated_members_are_neither_found_nor_shown(people):
    cara = people["cara"]
    cara.is_active = False
    cara.save()
    assert found("moreau") == ["Ana Moreau"]
    with pytest.raises(NotFound):
        member_get(member_id=cara.pk)
    assert member_get(member_id=people["ana"].pk) == people["ana"]
