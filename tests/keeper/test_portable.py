"""Export and back: a keeper leaves as one JSON document and comes back exactly.

Through the front door, the `rapport export keeper` and `rapport import keeper`
commands; a bad document names the path of the bad value and writes nothing.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import json

import pytest
import time_machine
import vobject
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rapport.conversations.selectors import conversation_with
from rapport.conversations.services import message_send
from rapport.keeper.digest import keeper_digest_send, keeper_digest_set_enabled
from rapport.keeper.models import DigestPreference, Interaction, KeySeat, Person, PersonDate
from rapport.keeper.portable import DocumentInvalid, keeper_export, keeper_import
from rapport.keeper.services import (
    interaction_log,
    key_seat_update,
    key_seats_ensure,
    person_create,
    person_date_add,
    person_snooze,
    person_update,
)
from rapport.keeper.vocabulary import SEAT_COUNT, Source

START = dt.datetime(2026, 3, 2, 9, 15, 30, 123456, tzinfo=dt.UTC)
IGNORED = {"owner", "exported_at"}


def _build_rich_keeper(ana, ben, connect) -> None:
    """Every kind of value a keeper holds, written over a few months through the services."""
    with time_machine.travel(START, tick=False):
        connect(ana, ben)  # Ana's keeper gains Ben, linked to his account
        conversation = conversation_with(member=ana, other_id=ben.pk)
        message_send(sender=ben, conversation_id=conversation.pk, body="Coffee next week?")
        zoe = person_create(
            owner=ana,
            name="Zoë Ødegård-Nakamura 山田",
            emails=[
                {"value": "zoe@example.org", "type": "work"},
                {"value": "zoe@exämple.org", "type": "home"},
            ],
            phones=[{"value": "+47 22 33 44 55", "type": "cell"}, "+44 20 7946 0000 ext 12"],
            links=[{"url": "https://zoe.example/ñ", "label": "blog"}],
            linkedin_url="linkedin.com/in/ZoeOde",
            organisation="Fjord & Co — Ålesund",
            role="Head of research",
            met_context="gathering",
            met_on=dt.date(2019, 11, 5),
            met_place="Bergen",
            met_gathering="Data for good 2019",
            what_makes_them_tick="Sea swimming 🌊\nLong answers; short emails.\n\n“Quotes” too.",
            tags=["research", "nordics", "mentor"],
            circle="5",
            cadence_days=10,
            dates=[{"kind": "birthday", "month": 2, "day": 29, "year": 1988}],
        )
        person_date_add(
            owner=ana, person_id=zoe.pk, kind="other", label="Moved to Bergen", month=8, day=1
        )
    with time_machine.travel(START + dt.timedelta(days=3, hours=2), tick=False):
        kai = person_create(owner=ana, name="Kai", circle="50", tags=["climbing"])
        person_date_add(
            owner=ana, person_id=kai.pk, kind="anniversary", label="Wedding", month=6, day=1
        )
        # Zoë was introduced by Kai, who was added later: the import resolves forward.
        person_update(owner=ana, person_id=zoe.pk, met_introducer_id=kai.pk)
        lone = person_create(owner=ana, name="Lone Acquaintance", circle="acquaintance")
        person_update(
            owner=ana, person_id=kai.pk, met_introducer_id=lone.pk, met_context="introduced"
        )
        ben_person = Person.objects.get(owner=ana, member=ben)
        interaction_log(
            owner=ana,
            person_ids=[zoe.pk, kai.pk, ben_person.pk],
            kind="meeting",
            occurred_at=START + dt.timedelta(days=1, minutes=7),
            note="Planning the workshop — all three of us. Ünïcödé ✓",
        )
        interaction_log(
            owner=ana,
            person_ids=[zoe.pk],
            kind="advice",
            direction="gave",
            favour="advice",
            occurred_at=START + dt.timedelta(days=2, seconds=1, microseconds=5),
        )
        interaction_log(
            owner=ana,
            person_ids=[kai.pk],
            kind="referral",
            direction="received",
            favour="referral",
            occurred_at=START + dt.timedelta(days=2, hours=5),
            source=Source.IMPORT,
            external_key="mail:<abc@example.org>",
            note="He put me forward for the board.",
        )
        person_snooze(owner=ana, person_id=kai.pk, until=dt.date(2026, 4, 20))
        person_update(owner=ana, person_id=ben_person.pk, cadence_days=45, circle="15")
        key_seats_ensure(owner=ana)
        key_seat_update(owner=ana, position=1, person_id=zoe.pk, why="She has done it twice.")
        key_seat_update(owner=ana, position=5, role="Rubber duck extraordinaire", person_id=kai.pk)
        key_seat_update(owner=ana, position=12, why="Still looking — maybe Ben?")
    with time_machine.travel(START + dt.timedelta(days=40), tick=False):
        keeper_digest_send(owner=ana, today=(START + dt.timedelta(days=40)).date())
        keeper_digest_set_enabled(owner=ana, enabled=False)


@pytest.fixture
def ana(make_member):
    return make_member("Ana Ruiz", email="ana@example.org")


@pytest.fixture
def ben(make_member):
    return make_member("Ben Okafor", headline="Urban planner")


def _export_with_cli(member, tmp_path, name: str) -> dict:
    out = tmp_path / name
    call_command("export", "keeper", str(out), "--member", member.username, stderr=None)
    return json.loads(out.read_text(encoding="utf-8"))


def _comparable(document: dict) -> dict:
    return {key: value for key, value in document.items() if key not in IGNORED}


def _keeper_rows(member) -> tuple[int, int, int, int]:
    return (
        Person.objects.filter(owner=member).count(),
        Interaction.objects.filter(owner=member).count(),
        KeySeat.objects.filter(owner=member).count(),
        DigestPreference.objects.filter(owner=member).count(),
    )


def test_a_rich_keeper_survives_export_and_import_field_by_field(
    ana, ben, make_member, connect, tmp_path, mailoutbox
):
    _build_rich_keeper(ana, ben, connect)
    first = _export_with_cli(ana, tmp_path, "ana.json")
    assert first["format"] == "rapport-keeper" and first["version"] == 2
    assert len(first["people"]) == 4 and len(first["interactions"]) == 4
    zoe_dates = next(p["dates"] for p in first["people"] if p["name"].startswith("Zoë"))
    assert [(d["kind"], d["label"], d["month"], d["day"], d["year"]) for d in zoe_dates] == [
        ("birthday", "", 2, 29, 1988),
        ("other", "Moved to Bergen", 8, 1, None),
    ]
    assert len(first["seats"]) == SEAT_COUNT and first["digest"]["enabled"] is False

    dee = make_member("Dee Park")
    with time_machine.travel(START + dt.timedelta(days=60), tick=False):
        call_command("import", "keeper", str(tmp_path / "ana.json"), "--member", dee.username)
    second = _export_with_cli(dee, tmp_path, "dee.json")

    assert second["owner"] == dee.username
    for key in ("people", "interactions", "seats"):
        assert len(second[key]) == len(first[key]), key
        for index, (before, after) in enumerate(zip(first[key], second[key], strict=True)):
            for field_name in before:
                assert after[field_name] == before[field_name], f"{key}[{index}].{field_name}"
    assert _comparable(second) == _comparable(first)
    # The member link came back as a link to Ben's account, and the times are the originals.
    ben_again = Person.objects.get(owner=dee, member=ben)
    assert ben_again.circle == "15" and ben_again.cadence_days == 45
    zoe = Person.objects.get(owner=dee, name__startswith="Zoë")
    assert zoe.created_at == START and zoe.met_introducer.name == "Kai"
    assert sorted(zoe.dates.values_list("kind", "month", "day", "year", "created_at")) == [
        ("birthday", 2, 29, 1988, START),
        ("other", 8, 1, None, START),
    ]
    assert zoe.last_contact_at == START + dt.timedelta(days=2, seconds=1, microseconds=5)


def test_the_export_holds_every_field_of_every_keeper_row(
    ana, ben, connect, mailoutbox, django_assert_max_num_queries
):
    """A field added to a model later must be added to the document too."""
    _build_rich_keeper(ana, ben, connect)
    with django_assert_max_num_queries(6):  # the same six queries for any size of keeper
        document = keeper_export(owner=ana)

    def columns(model, *, extra=()):
        names = {field.name for field in model._meta.concrete_fields} - {"id", "owner"}
        return names | set(extra)

    # The search fold is made again from the name, organisation and role on load.
    assert set(document["people"][0]) == columns(Person, extra={"id", "dates"}) - {"search_folded"}
    zoe = next(person for person in document["people"] if person["dates"])
    assert set(zoe["dates"][0]) == {field.name for field in PersonDate._meta.concrete_fields} - {
        "id",
        "person",
    }
    assert set(document["interactions"][0]) == columns(Interaction, extra={"people"})
    assert set(document["seats"][0]) == columns(KeySeat)
    assert set(document["digest"]) == columns(DigestPreference)


def test_a_member_link_without_that_username_here_stays_a_person_with_the_username_noted(
    ana, ben, make_member, connect, mailoutbox
):
    _build_rich_keeper(ana, ben, connect)
    document = copy.deepcopy(keeper_export(owner=ana))
    next(p for p in document["people"] if p["name"] == "Kai")["member"] = "gone"

    dee = make_member("Dee Park")

    with time_machine.travel(START + dt.timedelta(days=60), tick=False):
        summary = keeper_import(owner=dee, document=document)

    assert (summary.linked, summary.unlinked, summary.yourself) == ([ben.username], ["gone"], None)
    kai = Person.objects.get(owner=dee, name="Kai")
    assert kai.member is None
    assert kai.what_makes_them_tick.endswith(
        "Rapport username on the instance this came from: @gone"
    )


def test_a_person_linked_to_the_importing_member_is_kept_unlinked_and_said_to_be_them(
    ana, ben, connect, tmp_path, mailoutbox
):
    """Ana's keeper brought into Ben's: her "Ben Okafor" is linked to @ben, who is
    certainly a member here. Nobody is a person in their own keeper, so the person
    stays unlinked, and the summary says it was Ben himself, not a missing member."""
    _build_rich_keeper(ana, ben, connect)
    path = tmp_path / "ana.json"
    path.write_text(json.dumps(keeper_export(owner=ana)), encoding="utf-8")
    out = io.StringIO()

    with time_machine.travel(START + dt.timedelta(days=60), tick=False):
        call_command(
            "import", "keeper", str(path), "--member", ben.username, "--replace", stdout=out
        )

    printed = out.getvalue()
    assert "No member here" not in printed
    assert (
        f"Ben Okafor was linked to {ben.username}, whose keeper this is: nobody is a person "
        "in their own keeper, so Ben Okafor is kept unlinked, the username noted in what "
        "makes them tick.\n"
    ) in printed
    entry = Person.objects.get(owner=ben, name="Ben Okafor")
    assert entry.member is None
    assert f"@{ben.username}" in entry.what_makes_them_tick
    with time_machine.travel(START + dt.timedelta(days=61), tick=False):
        summary = keeper_import(owner=ben, document=keeper_export(owner=ana), replace=True)
    assert (summary.linked, summary.unlinked, summary.yourself) == ([], [], "Ben Okafor")


def test_importing_into_a_keeper_that_is_not_empty_is_refused_unless_replacing(
    ana, ben, make_member, connect, tmp_path, mailoutbox
):
    _build_rich_keeper(ana, ben, connect)
    path = tmp_path / "ana.json"
    call_command("export", "keeper", str(path), "--member", ana.username, stderr=None)
    dee = make_member("Dee Park")
    person_create(owner=dee, name="Already Here")

    with pytest.raises(CommandError, match="keeper is not empty"):
        call_command("import", "keeper", str(path), "--member", dee.username)
    assert list(Person.objects.filter(owner=dee).values_list("name", flat=True)) == ["Already Here"]

    with time_machine.travel(START + dt.timedelta(days=60), tick=False):
        call_command("import", "keeper", str(path), "--member", dee.username, "--replace")
    assert not Person.objects.filter(owner=dee, name="Already Here").exists()
    assert _comparable(keeper_export(owner=dee)) == _comparable(keeper_export(owner=ana))


def test_the_export_can_go_to_standard_output(ana, ben, connect, mailoutbox, capsys):
    _build_rich_keeper(ana, ben, connect)
    call_command("export", "keeper", "-", "--member", ana.username)
    document = json.loads(capsys.readouterr().out)
    assert [person["name"] for person in document["people"]][:2] == [
        "Ben Okafor",
        "Zoë Ødegård-Nakamura 山田",
    ]


def test_the_vcard_export_reads_back_as_vcard_4(ana, ben, connect, tmp_path, mailoutbox):
    _build_rich_keeper(ana, ben, connect)
    out = tmp_path / "ana.vcf"
    call_command(
        "export", "keeper", str(out), "--member", ana.username, "--format", "vcard", stderr=None
    )
    cards = {card.fn.value: card for card in vobject.readComponents(out.read_text("utf-8"))}
    assert set(cards) == {"Ben Okafor", "Kai", "Lone Acquaintance", "Zoë Ødegård-Nakamura 山田"}
    zoe = cards["Zoë Ødegård-Nakamura 山田"]
    assert zoe.version.value == "4.0"
    assert zoe.n.value.family == "山田" and zoe.n.value.given == "Zoë Ødegård-Nakamura"
    assert [(e.value, e.type_param) for e in zoe.contents["email"]] == [
        ("zoe@example.org", "work"),
        ("zoe@exämple.org", "home"),
    ]
    assert [t.value for t in zoe.contents["tel"]] == ["+47 22 33 44 55", "+44 20 7946 0000 ext 12"]
    assert zoe.tel.type_param == "cell"
    assert zoe.org.value == ["Fjord & Co — Ålesund"]
    assert zoe.title.value == "Head of research"
    assert [u.value for u in zoe.contents["url"]] == [
        "https://zoe.example/ñ",
        "https://www.linkedin.com/in/zoeode",
    ]
    assert zoe.note.value == "Sea swimming 🌊\nLong answers; short emails.\n\n“Quotes” too."
    assert zoe.categories.value == ["research", "nordics", "mentor"]
    assert zoe.contents["x-rapport-circle"][0].value == "5"
    assert cards["Kai"].n.value.given == "Kai"


# --- Bad documents: a clean error naming the path, and nothing written ------------------


def _small_document(ana, ben, connect) -> dict:
    with time_machine.travel(START, tick=False):
        connect(ana, ben)
        zoe = person_create(owner=ana, name="Zoë", emails=["zoe@example.org"], circle="15")
        kai = person_create(owner=ana, name="Kai", circle="50", met_introducer_id=zoe.pk)
        person_create(owner=ana, name="Lou")
        interaction_log(owner=ana, person_ids=[zoe.pk, kai.pk], kind="coffee", note="Flat white")
        key_seat_update(owner=ana, position=2, person_id=kai.pk)
    return keeper_export(owner=ana)


def _broken(document: dict, change) -> dict:
    broken = copy.deepcopy(document)
    change(broken)
    return broken


CASES = [
    (
        lambda d: d["people"][3]["emails"].append({"value": "x", "type": ""}),
        "people[3].emails[0]: 'x' is not an email address.",
    ),
    (
        lambda d: d["people"][3]["links"].append({"url": "https://zoe.example", "label": "x" * 41}),
        "people[3].links[0]: The label of 'https://zoe.example' is 41 characters; the limit is 40.",
    ),
    (lambda d: d["people"][1].update(name=42), "people[1].name: expected text, got a number."),
    (lambda d: d["people"][0].update(tags="a,b"), "people[0].tags: expected a list, got text."),
    (
        lambda d: d["people"][2].update(cadence_days=True),
        "people[2].cadence_days: expected a whole number, got true/false.",
    ),
    (
        lambda d: d["people"][2].update(circle="500"),
        "people[2].circle: Unknown circle '500'",
    ),
    (
        lambda d: d["people"][2].update(met_on="yesterday"),
        "people[2].met_on: 'yesterday' is not a date",
    ),
    (
        lambda d: d["people"][2].update(met_introducer=99),
        "people[2].met_introducer: no person has id 99.",
    ),
    (lambda d: d["people"][0].update(hobby="chess"), "people[0].hobby: is not a field"),
    (lambda d: d["people"][1].update(id=1), "people[1].id: 1 is used twice."),
    (
        lambda d: d["interactions"][0].update(kind="telepathy"),
        "interactions[0].kind: Unknown kind 'telepathy'",
    ),
    (
        lambda d: d["interactions"][0].update(people=[2, 77]),
        "interactions[0].people[1]: no person has id 77.",
    ),
    (
        lambda d: d["interactions"][0].update(occurred_at="2026-03-02T09:00:00"),
        "interactions[0].occurred_at: '2026-03-02T09:00:00' has no UTC offset.",
    ),
    (lambda d: d["interactions"][0].update(people=[]), "interactions[0].people: say who"),
    (lambda d: d["seats"][4].update(person=12), "seats[4].person: no person has id 12."),
    (lambda d: d["seats"][4].update(role=" "), "seats[4].role: Name the seat's role."),
    (lambda d: d["seats"].pop(), "seats: expected no seats or seats 1 to 12"),
    (lambda d: d.update(version=3), "version: this Rapport reads versions 1 and 2"),
    (
        lambda d: d["people"][2]["dates"].append({"kind": "birthday", "month": 4, "day": 31}),
        "people[2].dates[0].day: April has 30 days at most, not 31.",
    ),
    (
        lambda d: d["people"][2]["dates"].extend(
            [{"kind": "birthday", "month": 4, "day": 1}, {"kind": "birthday", "month": 5, "day": 2}]
        ),
        "people[2].dates[1].kind: Kai's birthday is already in your keeper (1 April)",
    ),
    (
        lambda d: d["people"][2]["dates"].append({"kind": "other", "month": 4, "day": 1}),
        "people[2].dates[0].label: Say what the day is",
    ),
    (
        lambda d: d["people"][2]["dates"].append({"kind": "birthday", "month": "4", "day": 1}),
        "people[2].dates[0].month: expected a whole number, got text.",
    ),
    (lambda d: d.update(people={}), "people: expected a list, got an object."),
    (
        lambda d: d["digest"].update(enabled="yes"),
        "digest.enabled: expected true or false",
    ),
]


@pytest.mark.parametrize(("change", "message"), CASES, ids=[m for _c, m in CASES])
def test_a_bad_document_names_the_path_and_writes_nothing(
    change, message, ana, ben, make_member, connect, tmp_path
):
    document = _small_document(ana, ben, connect)
    document["digest"] = {"enabled": True, "last_sent_at": None}
    dee = make_member("Dee Park")
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(_broken(document, change)), encoding="utf-8")

    with pytest.raises(CommandError) as raised:
        call_command("import", "keeper", str(path), "--member", dee.username)
    assert str(raised.value).startswith(message), str(raised.value)
    assert str(raised.value).endswith("Nothing was imported.")
    assert _keeper_rows(dee) == (0, 0, 0, 0)


def test_a_file_that_is_not_json_is_refused_with_where(make_member, tmp_path):
    dee = make_member("Dee Park")
    path = tmp_path / "broken.json"
    path.write_text('{"format": "rapport-keeper",\n "version": 1,,}', encoding="utf-8")
    with pytest.raises(CommandError, match=r"is not JSON \(line 2, column 15"):
        call_command("import", "keeper", str(path), "--member", dee.username)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats() | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from _paths(inner, (*prefix, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from _paths(inner, (*prefix, index))


def test_any_value_anywhere_imports_or_fails_cleanly_and_atomically(ana, ben, make_member, connect):
    """Replace one value anywhere in a good document with any JSON value: the import
    either succeeds or raises DocumentInvalid, and a failure leaves the keeper as it was."""
    document = _small_document(ana, ben, connect)
    paths = list(_paths(document))[1:]
    dee = make_member("Dee Park")
    with time_machine.travel(START + dt.timedelta(days=1), tick=False):
        keeper_import(owner=dee, document=document)
    before = keeper_export(owner=dee)

    @settings(
        max_examples=150,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(where=st.sampled_from(paths), value=JSON_VALUES)
    def mutate_and_import(where, value):
        nonlocal before
        broken = copy.deepcopy(document)
        target = broken
        for step in where[:-1]:
            target = target[step]
        target[where[-1]] = value
        with time_machine.travel(START + dt.timedelta(days=1), tick=False):
            try:
                keeper_import(owner=dee, document=broken, replace=True)
            except DocumentInvalid as error:
                assert error.message.startswith(f"{error.field}: ")
                assert _comparable(keeper_export(owner=dee)) == _comparable(before)
            else:
                before = keeper_export(owner=dee)

    mutate_and_import()


def _with_tick(document, name, tick):
    person = next(p for p in document["people"] if p["name"] == name)
    person["member"] = "gone"
    person["what_makes_them_tick"] = tick
    return document


def test_the_username_note_fits_when_the_tick_counts_under_the_limit_as_the_service_counts(
    ana, ben, make_member, connect, mailoutbox
):
    """Blank lines count as one character against the limit (``prose.counted_length``),
    so a tick of 3,900 counted characters written in short paragraphs still has room for
    the username, however long its raw text is."""
    _build_rich_keeper(ana, ben, connect)
    tick = "\n\n".join(["x" * 38] * 100)  # 3,900 counted, 3,998 raw
    document = _with_tick(copy.deepcopy(keeper_export(owner=ana)), "Kai", tick)

    dee = make_member("Dee Park")

    with time_machine.travel(START + dt.timedelta(days=60), tick=False):
        summary = keeper_import(owner=dee, document=document)

    assert summary.not_noted == []
    kai = Person.objects.get(owner=dee, name="Kai")
    assert kai.what_makes_them_tick.endswith("@gone")


def test_a_full_tick_keeps_its_text_and_the_summary_says_the_username_is_not_noted(
    ana, ben, make_member, connect, tmp_path, mailoutbox
):
    _build_rich_keeper(ana, ben, connect)
    tick = "y" * 3990
    path = tmp_path / "ana.json"
    path.write_text(
        json.dumps(_with_tick(copy.deepcopy(keeper_export(owner=ana)), "Kai", tick)),
        encoding="utf-8",
    )
    dee = make_member("Dee Park")
    out = io.StringIO()

    with time_machine.travel(START + dt.timedelta(days=60), tick=False):
        call_command("import", "keeper", str(path), "--member", dee.username, stdout=out)

    assert Person.objects.get(owner=dee, name="Kai").what_makes_them_tick == tick
    assert (
        "No member here with the username gone: kept as people, the username noted in what "
        "makes them tick.\nWhat makes them tick had no room left for Kai: the username above "
        "is not noted there.\n"
    ) in out.getvalue()
