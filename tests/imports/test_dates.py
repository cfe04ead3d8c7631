"""Birthdays and other yearly dates from address books (tests/data/imports/README.md
says where each sample comes from): what the parsers read, what the import writes
through ``rapport import``, and that a second import changes nothing."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from rapport.imports.parsers import IMPORTERS
from rapport.imports.parsers.base import DateRecord
from rapport.imports.services import import_job_create, import_job_run
from rapport.keeper.models import Person, PersonDate
from rapport.keeper.services import person_create
from tests.imports.conftest import sample

NOW = dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def parsed(source: str, *parts: str):
    path = sample(*parts)
    return IMPORTERS[source](now=NOW).parse({path.name: path.read_bytes()})


def reasons(result) -> list[tuple[int, str]]:
    return [(item.line, item.reason) for item in result.skipped]


def test_vcard_dates_in_30_40_21_and_apples_ways():
    result = parsed("vcard", "vcard", "dates.vcf")
    grace, kai, bjorn, lou = result.people

    assert grace.dates == [
        DateRecord("birthday", "", 4, 12, 1980),
        DateRecord("anniversary", "", 6, 12, 2010),
        DateRecord("other", "Started at Transit Lab", 9, 1, 2016),
        DateRecord("other", "Daughter Mia's birthday", 2, 29, None),  # Apple's 1604: no year
    ]
    assert kai.dates == [DateRecord("birthday", "", 2, 29, None)]
    assert bjorn.dates == [DateRecord("anniversary", "", 8, 18, 2012)]
    assert lou.dates == [DateRecord("birthday", "", 1, 1, 1970)]
    assert reasons(result) == [
        (21, "ANNIVERSARY 'circa 1999' is text, not a date; 'Kai Tanaka' was added without it."),
        (
            28,
            "BDAY '19850431': April has 30 days at most, not 31; "
            "'Björn Lindqvist' was added without it.",
        ),
        (
            35,
            "BDAY '1985' is not a date with a day and a month; 'Lou Perez' was added without it.",
        ),
        (
            37,
            "BDAY '2 February 1971': a second birthday (1 January 1970 is kept); "
            "'Lou Perez' was added without it.",
        ),
    ]


def test_google_csv_birthdays_and_events():
    result = parsed("csv", "csv", "google-contacts-dates.csv")
    priya, omar, ines = result.people

    assert priya.dates == [
        DateRecord("anniversary", "", 7, 4, 2015),
        DateRecord("other", "Started at Acme", 1, 7, 2019),
        DateRecord("birthday", "", 3, 14, 1986),
    ]
    assert omar.dates == [
        DateRecord("other", "Other", 5, 1, None),
        DateRecord("birthday", "", 11, 30, None),
    ]
    assert ines.dates == []
    assert reasons(result) == [
        (
            4,
            "Birthday 'not yet' is not a date with a day and a month; 'Ines Duarte' was added without it.",
        )
    ]


def test_outlook_csv_birthdays_anniversaries_and_its_empty_dates():
    result = parsed("csv", "csv", "outlook-contacts-dates.csv")
    hiro, lena, sam = result.people

    assert hiro.dates == [DateRecord("birthday", "", 4, 12, 1980)]  # 0/0/00: no anniversary
    assert lena.dates == [DateRecord("anniversary", "", 6, 18, 2011)]
    assert sam.dates == []
    assert reasons(result) == [
        (
            4,
            "Birthday '2/30/1990': February has 29 days at most, not 30; 'Sam Reyes' was added without it.",
        )
    ]


def test_a_birthday_still_to_come_is_not_one():
    card = b"BEGIN:VCARD\nVERSION:4.0\nFN:Baby Due\nBDAY:20261224\nEND:VCARD\n"
    result = IMPORTERS["vcard"](now=NOW).parse({"due.vcf": card})
    assert result.people[0].dates == []
    assert "2026 has not come yet" in result.skipped[0].reason


# --- Into the keeper, through `rapport import` ---------------------------------------


def _import(member, source: str, *parts: str) -> str:
    out = io.StringIO()
    call_command("import", source, str(sample(*parts)), "--member", member.username, stdout=out)
    return out.getvalue()


def _all_dates(owner) -> list[tuple]:
    return sorted(
        PersonDate.objects.filter(person__owner=owner).values_list(
            "person__name", "kind", "label", "month", "day", "year"
        )
    )


@pytest.fixture
def ana(make_member):
    return make_member("Ana Ruiz", username="ana")


def test_the_command_writes_the_dates_with_their_people(ana):
    text = _import(ana, "vcard", "vcard", "dates.vcf")

    assert "7 birthdays and other dates added" in text
    assert _all_dates(ana) == [
        ("Björn Lindqvist", "anniversary", "", 8, 18, 2012),
        ("Grace Mensah", "anniversary", "", 6, 12, 2010),
        ("Grace Mensah", "birthday", "", 4, 12, 1980),
        ("Grace Mensah", "other", "Daughter Mia's birthday", 2, 29, None),
        ("Grace Mensah", "other", "Started at Transit Lab", 9, 1, 2016),
        ("Kai Tanaka", "birthday", "", 2, 29, None),
        ("Lou Perez", "birthday", "", 1, 1, 1970),
    ]


@pytest.mark.parametrize(
    "parts",
    [
        ("vcard", "vcard", "dates.vcf"),
        ("csv", "csv", "google-contacts-dates.csv"),
        ("csv", "csv", "outlook-contacts-dates.csv"),
    ],
)
def test_importing_the_same_file_twice_adds_no_date(ana, parts):
    source, *path = parts
    _import(ana, source, *path)
    before = (
        _all_dates(ana),
        sorted(Person.objects.filter(owner=ana).values_list("name", "updated_at")),
    )

    job = import_job_create(owner=ana, source=source, path=sample(*path))
    job = import_job_run(job_id=job.pk)

    assert job.summary["dates_added"] == 0
    assert job.summary["people_added"] == job.summary["people_updated"] == 0
    after = (
        _all_dates(ana),
        sorted(Person.objects.filter(owner=ana).values_list("name", "updated_at")),
    )
    assert after == before


def test_a_matched_person_gains_new_dates_and_keeps_their_own_birthday(ana):
    grace = person_create(
        owner=ana,
        name="Grace Mensah",
        emails=["grace@transitlab.example"],
        dates=[
            {"kind": "birthday", "month": 4, "day": 21},
            {"kind": "anniversary", "month": 6, "day": 12},
        ],
    )
    job = import_job_create(owner=ana, source="vcard", path=sample("vcard", "dates.vcf"))
    job = import_job_run(job_id=job.pk)

    assert job.state == "done", job.error
    assert sorted(
        PersonDate.objects.filter(person=grace).values_list("kind", "label", "month", "day", "year")
    ) == [
        ("anniversary", "", 6, 12, None),  # the same day: the keeper's own, left as it was
        ("birthday", "", 4, 21, None),  # Ana's own birthday for Grace wins
        ("other", "Daughter Mia's birthday", 2, 29, None),
        ("other", "Started at Transit Lab", 9, 1, 2016),
    ]
    assert {
        "file": "dates.vcf",
        "line": 1,
        "reason": "Birthday '12 April 1980': 'Grace Mensah' already has one (21 April), "
        "which is kept.",
    } in job.summary["skipped"]
    assert job.summary["people_matched"] == 1 and job.summary["people_updated"] >= 1


def test_the_import_page_says_how_many_dates_came_in(ana, client):
    job = import_job_create(
        owner=ana, source="csv", path=sample("csv", "google-contacts-dates.csv")
    )
    import_job_run(job_id=job.pk)
    client.force_login(ana)
    html = client.get(reverse("import_job", args=[job.pk])).content.decode()
    assert "<strong>5</strong> birthdays and other dates added." in html
