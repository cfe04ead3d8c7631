"""The keeper's writes: people, interactions, links made by connecting, messages counted."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import IntegrityError, transaction

from rapport.conversations.selectors import conversation_with
from rapport.conversations.services import message_send
from rapport.errors import InvalidInput, NotFound
from rapport.imports.parsers.base import clean_email
from rapport.keeper.models import Interaction, KeySeat, Person
from rapport.keeper.services import (
    interaction_delete,
    interaction_log,
    key_seat_update,
    key_seats_ensure,
    person_create,
    person_delete,
    person_update,
)
from rapport.limits import EMAIL_MAX, limit_of
from rapport.members.models import Member

NOW = dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def ana(make_member):
    return make_member("Ana Ruiz")


def test_a_person_keeps_every_field_cleaned(ana):
    person = person_create(
        owner=ana,
        name="  Grace   Mensah ",
        emails=["Grace@Example.org", {"value": "grace@work.example", "type": "work"}],
        phones=["+44 161 555 0100"],
        links=[{"url": "https://grace.example", "label": "site"}],
        linkedin_url="linkedin.com/in/GraceMensah/",
        organisation="Fieldnote Health",
        role="Nurse lead",
        met_context="worked_together",
        met_on=dt.date(2021, 3, 4),
        what_makes_them_tick="Patients first; terrible puns.",
        tags="Health, mentoring, health",
        circle="15",
        cadence_days=21,
    )
    person.refresh_from_db()
    assert person.name == "Grace Mensah"
    assert person.emails == [
        {"value": "grace@example.org", "type": ""},
        {"value": "grace@work.example", "type": "work"},
    ]
    assert person.linkedin_url == "https://www.linkedin.com/in/gracemensah"
    assert person.tags == ["health", "mentoring"]
    assert person.effective_cadence_days == 21


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name": "  "}, "name"),
        ({"name": "A", "emails": ["not-an-email"]}, "emails"),
        ({"name": "A", "phones": ["call me maybe"]}, "phones"),
        ({"name": "A", "links": ["javascript:alert(1)"]}, "links"),
        ({"name": "A", "linkedin_url": "https://example.com/ana"}, "linkedin_url"),
        ({"name": "A", "circle": "500+"}, "circle"),
        ({"name": "A", "cadence_days": 0}, "cadence_days"),
        ({"name": "A", "met_context": "spam"}, "met_context"),
        ({"name": "A" * 161}, "name"),
        ({"name": "A", "favourite_colour": "red"}, "favourite_colour"),
    ],
)
def test_bad_person_input_names_the_field_and_writes_nothing(ana, fields, field):
    name = fields.pop("name")
    with pytest.raises(InvalidInput) as caught:
        person_create(owner=ana, name=name, **fields)
    assert caught.value.field == field
    assert not Person.objects.exists()


def test_an_address_is_kept_to_the_length_a_members_own_and_an_imports_are(ana):
    """254 characters everywhere: the keeper, a member's account and every import."""
    longest = "a" * 64 + "@" + "b" * 63 + "." + "c" * 63 + "." + "d" * 57 + ".org"
    assert len(longest) == EMAIL_MAX == limit_of(Member, "email")

    kept = person_create(owner=ana, name="Long Address", emails=[longest])
    with pytest.raises(InvalidInput) as caught:
        person_create(owner=ana, name="Longer", emails=["x" + longest])

    assert kept.emails[0]["value"] == longest
    assert clean_email(longest) == longest and clean_email("x" + longest) == ""
    assert caught.value.message == (
        f"The email address 'xaaaaaaaaaaaaaaaaaaaaaaa…' is 255 characters; the limit is {EMAIL_MAX}."
    )
    assert caught.value.field == "emails"


def test_a_contact_entrys_label_over_its_limit_is_refused_not_cut(ana):
    """The API refused a type or label over 40 characters while the service cut it to
    40 without a word: a keeper file, or any caller of the service, lost the end."""
    at_limit = "w" * 39 + "k"
    kept = person_create(
        owner=ana,
        name="Kept",
        emails=[{"value": "kept@example.org", "type": f"  {at_limit}  "}],
        links=[{"url": "https://kept.example", "label": "Her   notes"}],
    )
    assert kept.emails == [{"value": "kept@example.org", "type": at_limit}]
    assert kept.links == [{"url": "https://kept.example", "label": "Her notes"}]

    for field, entry, message in (
        (
            "emails",
            {"value": "long@example.org", "type": at_limit + "x"},
            "The type of 'long@example.org' is 41 characters; the limit is 40.",
        ),
        (
            "phones",
            {"value": "+44 20 7946 0000", "type": at_limit + "x"},
            "The type of '+44 20 7946 0000' is 41 characters; the limit is 40.",
        ),
        (
            "links",
            {"url": "https://long.example", "label": at_limit + "x"},
            "The label of 'https://long.example' is 41 characters; the limit is 40.",
        ),
    ):
        with pytest.raises(InvalidInput) as caught:
            person_create(owner=ana, name="Too Long", **{field: [entry]})
        assert (caught.value.field, caught.value.message) == (field, message)
        with pytest.raises(InvalidInput):
            person_update(owner=ana, person_id=kept.pk, **{field: [entry]})
    assert not Person.objects.filter(name="Too Long").exists()
    kept.refresh_from_db()
    assert kept.emails == [{"value": "kept@example.org", "type": at_limit}]


def test_another_members_person_is_not_found(ana, make_member):
    ben = make_member("Ben Okafor")
    theirs = person_create(owner=ben, name="Grace Mensah")
    with pytest.raises(NotFound):
        person_update(owner=ana, person_id=theirs.pk, role="spy")
    with pytest.raises(NotFound):
        interaction_log(owner=ana, person_ids=[theirs.pk], kind="coffee")
    with pytest.raises(InvalidInput):
        key_seat_update(owner=ana, position=1, person_id=theirs.pk)
    assert Person.objects.get(pk=theirs.pk).role == ""


def test_an_interaction_moves_last_contact_and_deleting_it_moves_it_back(ana):
    grace = person_create(owner=ana, name="Grace Mensah")
    ben = person_create(owner=ana, name="Ben Okafor")
    earlier = interaction_log(
        owner=ana, person_ids=[grace.pk], kind="call", occurred_at=NOW - dt.timedelta(days=30)
    )
    later = interaction_log(
        owner=ana,
        person_ids=[grace.pk, ben.pk],
        kind="coffee",
        direction="gave",
        favour="advice",
        occurred_at=NOW,
        note="Talked through her promotion case.",
    )
    grace.refresh_from_db()
    assert grace.last_contact_at == NOW
    assert set(later.people.values_list("name", flat=True)) == {"Grace Mensah", "Ben Okafor"}

    interaction_delete(owner=ana, interaction_id=later.pk)
    grace.refresh_from_db()
    ben.refresh_from_db()
    assert grace.last_contact_at == earlier.occurred_at
    assert ben.last_contact_at is None


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"kind": "lunch"}, "kind"),
        ({"kind": "coffee", "direction": "sideways"}, "direction"),
        ({"kind": "coffee", "direction": "gave", "favour": "money"}, "favour"),
        ({"kind": "coffee", "favour": "advice"}, "direction"),
        ({"kind": "coffee", "note": "x" * 4001}, "note"),
    ],
)
def test_bad_interactions_name_the_field(ana, fields, field):
    grace = person_create(owner=ana, name="Grace Mensah")
    with pytest.raises(InvalidInput) as caught:
        interaction_log(owner=ana, person_ids=[grace.pk], **fields)
    assert caught.value.field == field
    assert not Interaction.objects.exists()


def test_an_external_key_is_logged_once(ana):
    grace = person_create(owner=ana, name="Grace Mensah")
    first = interaction_log(owner=ana, person_ids=[grace.pk], kind="email", external_key="mail:1")
    again = interaction_log(owner=ana, person_ids=[grace.pk], kind="email", external_key="mail:1")
    assert first.pk == again.pk
    assert Interaction.objects.count() == 1


def test_the_database_refuses_a_second_entry_for_the_same_member(ana, make_member):
    ben = make_member("Ben Okafor")
    person_create(owner=ana, name="Ben", member_id=ben.pk)
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.create(
            owner=ana, name="Ben again", member=ben, created_at=NOW, updated_at=NOW
        )


def test_deleting_a_person_takes_their_lone_interactions_only(ana):
    grace = person_create(owner=ana, name="Grace Mensah")
    ben = person_create(owner=ana, name="Ben Okafor")
    interaction_log(owner=ana, person_ids=[grace.pk], kind="call")
    shared = interaction_log(owner=ana, person_ids=[grace.pk, ben.pk], kind="meeting")
    person_delete(owner=ana, person_id=grace.pk)
    assert list(Interaction.objects.values_list("pk", flat=True)) == [shared.pk]


def test_connecting_links_each_keeper_to_the_other(make_member, send_request, connect):
    ana, ben = make_member("Ana Ruiz"), make_member("Ben Okafor", organisation="Brightwater")
    # Ana already kept Ben by his email before he joined.
    ben.email = "ben@brightwater.coop"
    ben.save()
    kept = person_create(owner=ana, name="Benjamin O.", emails=["ben@brightwater.coop"])
    with time_machine.travel(NOW, tick=False):
        connect(ana, ben)
    kept.refresh_from_db()
    assert kept.member == ben
    bens_entry = Person.objects.get(owner=ben, member=ana)
    assert (bens_entry.name, bens_entry.circle, bens_entry.met_context) == (
        "Ana Ruiz",
        "150",
        "worked_together",
    )
    assert bens_entry.met_on == NOW.date()
    assert Person.objects.count() == 2


def test_messages_on_rapport_count_once_a_day_in_both_keepers(make_member, connect):
    ana, ben = make_member("Ana Ruiz"), make_member("Ben Okafor")
    with time_machine.travel(NOW, tick=False):
        connect(ana, ben)
    conversation = conversation_with(member=ana, other_id=ben.pk)
    later = NOW + dt.timedelta(days=2)
    with time_machine.travel(later, tick=False):
        message_send(sender=ben, conversation_id=conversation.pk, body="Coffee Thursday?")
    reply = later + dt.timedelta(hours=3)
    with time_machine.travel(reply, tick=False):
        message_send(sender=ana, conversation_id=conversation.pk, body="Yes please.")
    for owner, other in ((ana, ben), (ben, ana)):
        person = Person.objects.get(owner=owner, member=other)
        days = sorted(i.occurred_at.date() for i in person.interactions.filter(kind="message"))
        # The accepted note on the first day, then one for the two messages two days later.
        assert days == [NOW.date(), later.date()]
        # ... whose reply, hours after, moves the last contact on in both keepers.
        assert person.last_contact_at == reply


def test_twelve_seats_with_default_roles_and_edits(ana):
    seats = key_seats_ensure(owner=ana)
    assert [seat.position for seat in seats] == list(range(1, 13))
    assert [seat.group for seat in seats[::3]] == ["teach", "support", "promote", "push"]
    grace = person_create(owner=ana, name="Grace Mensah")
    seat = key_seat_update(
        owner=ana, position=4, role="Confidant", person_id=grace.pk, why="She tells me straight."
    )
    assert (seat.person, seat.why) == (grace, "She tells me straight.")
    assert key_seats_ensure(owner=ana)[3].person == grace
    with pytest.raises(NotFound):
        key_seat_update(owner=ana, position=13, role="Thirteenth")
    with pytest.raises(InvalidInput) as caught:
        key_seat_update(owner=ana, position=1, role="  ")
    assert caught.value.field == "role"
    assert KeySeat.objects.filter(owner=ana).count() == 12
