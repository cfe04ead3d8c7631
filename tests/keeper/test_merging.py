"""Merging two entries for one person keeps every interaction and every value."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from rapport.errors import InvalidInput, NotFound
from rapport.keeper.merging import person_merge
from rapport.keeper.models import Interaction, KeySeat, Person
from rapport.keeper.services import (
    interaction_log,
    key_seat_update,
    person_create,
    person_link_member,
    person_update,
)

NOW = dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def ana(make_member):
    return make_member("Ana Ruiz")


def ago(days: int) -> dt.datetime:
    return NOW - dt.timedelta(days=days)


def test_a_merge_keeps_every_interaction_and_every_value(ana, make_member):
    introducer = person_create(owner=ana, name="Ivo Introducer")
    other_introducer = person_create(owner=ana, name="Olga Introducer")
    keep = person_create(
        owner=ana,
        name="Grace Mensah",
        emails=["grace@example.org", {"value": "grace@work.example", "type": "work"}],
        phones=["+44 161 555 0100"],
        links=[{"url": "https://grace.example", "label": "site"}],
        linkedin_url="https://www.linkedin.com/in/gracemensah",
        organisation="Fieldnote Health",
        role="",
        met_context="worked_together",
        met_on=dt.date(2021, 3, 4),
        met_place="Leeds",
        what_makes_them_tick="Patients first.",
        tags=["health", "mentoring"],
        circle="50",
        met_introducer_id=introducer.pk,
    )
    member = make_member("Grace M")
    other = person_link_member(owner=ana, member=member)
    other = person_update(
        owner=ana,
        person_id=other.pk,
        name="Grace M.",
        emails=["GRACE@example.org", "g@home.example"],
        phones=["+44 161 555 0100", "07700 900123"],
        links=[{"url": "https://blog.grace.example", "label": "blog"}],
        linkedin_url="https://www.linkedin.com/in/grace-m-2",
        organisation="Fieldnote",
        role="Nurse lead",
        met_context="gathering",
        met_on=dt.date(2019, 5, 6),
        met_place="",
        met_gathering="NHS Confed",
        what_makes_them_tick="Terrible puns.",
        tags=["puns", "health"],
        circle="15",
        cadence_days=21,
        met_introducer_id=other_introducer.pk,
    )
    # Someone the merged entry introduced; a seat and interactions on both.
    introduced = person_create(owner=ana, name="Noor New", met_introducer_id=other.pk)
    seat = key_seat_update(owner=ana, position=4, person_id=other.pk, why="Listens.")
    only_keep = interaction_log(owner=ana, person_ids=[keep.pk], kind="call", occurred_at=ago(40))
    only_other = interaction_log(
        owner=ana,
        person_ids=[other.pk, introducer.pk],
        kind="advice",
        direction="gave",
        favour="advice",
        occurred_at=ago(5),
        note="CV review",
    )
    both = interaction_log(
        owner=ana, person_ids=[keep.pk, other.pk], kind="coffee", occurred_at=ago(60)
    )

    merged = person_merge(owner=ana, keep_id=keep.pk, merge_id=other.pk)

    assert not Person.objects.filter(pk=other.pk).exists()
    merged.refresh_from_db()
    assert merged.pk == keep.pk
    assert merged.member_id == member.pk
    assert merged.name == "Grace Mensah"
    assert merged.emails == [
        {"value": "grace@example.org", "type": ""},
        {"value": "grace@work.example", "type": "work"},
        {"value": "g@home.example", "type": ""},
    ]
    assert merged.phones == [
        {"value": "+44 161 555 0100", "type": ""},
        {"value": "07700 900123", "type": ""},
    ]
    assert merged.links == [
        {"url": "https://grace.example", "label": "site"},
        {"url": "https://blog.grace.example", "label": "blog"},
        {"url": "https://www.linkedin.com/in/grace-m-2", "label": "LinkedIn"},
    ]
    assert merged.linkedin_url == "https://www.linkedin.com/in/gracemensah"
    assert merged.organisation == "Fieldnote Health"
    assert merged.role == "Nurse lead"
    assert merged.met_context == "worked_together"
    assert merged.met_on == dt.date(2019, 5, 6)
    assert merged.met_place == "Leeds"
    assert merged.met_gathering == "NHS Confed"
    assert merged.tags == ["health", "mentoring", "puns"]
    assert merged.circle == "15"
    assert merged.cadence_days == 21
    assert merged.met_introducer_id == introducer.pk
    assert merged.last_contact_at == ago(5)
    assert merged.what_makes_them_tick == "\n\n".join(
        [
            "Patients first.",
            "Terrible puns.",
            "Also recorded: name: Grace M.",
            "Also recorded: organisation: Fieldnote",
            "Also recorded: how you met: We met at a gathering",
            "Also recorded: introduced by: Olga Introducer",
        ]
    )

    assert set(merged.interactions.values_list("pk", flat=True)) == {
        only_keep.pk,
        only_other.pk,
        both.pk,
    }
    assert list(both.people.values_list("pk", flat=True)) == [keep.pk]
    assert set(only_other.people.values_list("pk", flat=True)) == {keep.pk, introducer.pk}
    assert Interaction.objects.get(pk=only_other.pk).note == "CV review"
    assert Interaction.objects.filter(owner=ana).count() == 3
    assert KeySeat.objects.get(pk=seat.pk).person_id == keep.pk
    assert Person.objects.get(pk=introduced.pk).met_introducer_id == keep.pk


def test_an_empty_kept_entry_takes_the_other_values(ana):
    keep = person_create(owner=ana, name="G Mensah")
    other = person_create(
        owner=ana,
        name="Grace Mensah",
        organisation="Fieldnote",
        linkedin_url="https://www.linkedin.com/in/gm",
        what_makes_them_tick="Puns.",
        circle="past",
        snoozed_until=dt.date(2026, 7, 1),
    )
    merged = person_merge(owner=ana, keep_id=keep.pk, merge_id=other.pk)
    merged.refresh_from_db()
    assert merged.organisation == "Fieldnote"
    assert merged.linkedin_url == "https://www.linkedin.com/in/gm"
    assert merged.what_makes_them_tick == "Puns.\n\nAlso recorded: name: Grace Mensah"
    assert merged.circle == "acquaintance"
    assert merged.snoozed_until == dt.date(2026, 7, 1)


def test_an_introducer_pointing_at_the_merged_entry_is_not_left_pointing_at_itself(ana):
    keep = person_create(owner=ana, name="Grace Mensah")
    other = person_create(owner=ana, name="Grace M", met_introducer_id=keep.pk)
    person_update(owner=ana, person_id=keep.pk, met_introducer_id=other.pk)
    merged = person_merge(owner=ana, keep_id=keep.pk, merge_id=other.pk)
    merged.refresh_from_db()
    assert merged.met_introducer_id is None


def test_merging_is_refused_for_the_same_person_others_people_and_two_members(ana, make_member):
    keep = person_create(owner=ana, name="Grace Mensah")
    bo = make_member("Bo Lind")
    theirs = person_create(owner=bo, name="Grace Mensah")

    with pytest.raises(InvalidInput) as caught:
        person_merge(owner=ana, keep_id=keep.pk, merge_id=keep.pk)
    assert caught.value.field == "merge_id"
    with pytest.raises(NotFound) as caught:
        person_merge(owner=ana, keep_id=keep.pk, merge_id=theirs.pk)
    assert caught.value.field == "merge_id"
    with pytest.raises(NotFound) as caught:
        person_merge(owner=ana, keep_id=theirs.pk, merge_id=keep.pk)
    assert caught.value.field == "keep_id"

    first = person_link_member(owner=ana, member=make_member("Pat One"))
    second = person_link_member(owner=ana, member=make_member("Pat Two"))
    interaction_log(owner=ana, person_ids=[second.pk], kind="call", occurred_at=ago(1))
    with pytest.raises(InvalidInput) as caught:
        person_merge(owner=ana, keep_id=first.pk, merge_id=second.pk)
    assert caught.value.field == "merge_id"
    # Nothing changed.
    assert Person.objects.filter(pk__in=[first.pk, second.pk, theirs.pk]).count() == 3
    assert second.interactions.count() == 1
