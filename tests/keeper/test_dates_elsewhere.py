"""Where a person's yearly dates go besides their page: the weekly digest, the private
calendar feed, a merge of two entries, the vCard and JSON exports (and back), and the
account's data export."""

from __future__ import annotations

import datetime as dt
import json

import icalendar
import pytest
import time_machine
import vobject
from dateutil.rrule import rrulestr
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from rapport.keeper.calendar_feed import calendar_feed_create
from rapport.keeper.digest import DigestOutcome, keeper_digest_send
from rapport.keeper.merging import person_merge
from rapport.keeper.models import DigestPreference, Person, PersonDate
from rapport.keeper.services import interaction_log, person_create, person_date_add
from rapport.members.data_export import member_data_export
from tests.web.page_text import main_text

MONDAY = dt.datetime(2026, 6, 1, 7, 0, tzinfo=dt.UTC)


@pytest.fixture
def ana(make_member):
    return make_member("Ana Ruiz", email="ana@example.org")


def _dates(person) -> list[tuple]:
    return sorted(
        PersonDate.objects.filter(person=person).values_list(
            "kind", "label", "month", "day", "year"
        )
    )


def _acquaintance(owner, name: str, *dates: dict) -> Person:
    """Someone with no keep-in-touch cadence: never due, so only their dates can be."""
    with time_machine.travel(MONDAY - dt.timedelta(days=30), tick=False):
        return person_create(owner=owner, name=name, circle="acquaintance", dates=list(dates))


# --- The weekly digest ---------------------------------------------------------------------


def test_a_digest_goes_out_for_a_birthday_alone_and_lists_the_weeks_dates(ana, mailoutbox):
    _acquaintance(ana, "Tomás <Ruiz>", {"kind": "birthday", "month": 6, "day": 4, "year": 1988})
    _acquaintance(ana, "Carmen Ruiz", {"kind": "other", "label": "Retires", "month": 6, "day": 1})
    # Seven days on: the next digest's.
    _acquaintance(ana, "Lou Perez", {"kind": "birthday", "month": 6, "day": 8})

    with time_machine.travel(MONDAY, tick=False):
        assert keeper_digest_send(owner=ana, today=MONDAY.date()) == DigestOutcome.SENT

    [mail] = mailoutbox
    assert mail.subject == "2 dates coming up this week", mail.body
    assert "COMING UP THIS WEEK" in mail.body
    assert "- Carmen Ruiz: Retires, today." in mail.body
    assert "- Tomás <Ruiz>: birthday (turns 38), Thursday 4 June." in mail.body
    assert "Lou Perez" not in mail.body
    assert "OVERDUE" not in mail.body and "DUE THIS WEEK" not in mail.body
    [(html, _type)] = mail.alternatives
    assert "<bdi><strong>Tomás &lt;Ruiz&gt;</strong></bdi>: birthday (turns 38)," in html
    assert "Coming up this week" in html


def test_one_date_names_itself_and_dates_join_a_keep_in_touch_digest(ana, make_member, mailoutbox):
    _acquaintance(ana, "Tomás Ruiz", {"kind": "birthday", "month": 6, "day": 6})
    ben = make_member("Ben Okafor", email="ben@example.org")
    with time_machine.travel(MONDAY - dt.timedelta(days=400), tick=False):
        grace = person_create(owner=ben, name="Grace Mensah", circle="5")
    with time_machine.travel(MONDAY - dt.timedelta(days=10), tick=False):
        interaction_log(owner=ben, person_ids=[grace.pk], kind="coffee")
    _acquaintance(ben, "Kai Tanaka", {"kind": "anniversary", "month": 6, "day": 2, "year": 2016})

    with time_machine.travel(MONDAY, tick=False):
        keeper_digest_send(owner=ana, today=MONDAY.date())
        keeper_digest_send(owner=ben, today=MONDAY.date())

    anas, bens = mailoutbox
    assert anas.subject == "Tomás Ruiz's birthday this week"
    assert bens.subject == "1 person to keep in touch with, and 1 date coming up, this week"
    assert bens.body.index("OVERDUE") < bens.body.index("COMING UP THIS WEEK")
    assert "- Kai Tanaka: anniversary (10 years), Tuesday 2 June." in bens.body


def test_no_digest_when_neither_anyone_nor_any_date_is_due(ana, mailoutbox):
    _acquaintance(ana, "Lou Perez", {"kind": "birthday", "month": 6, "day": 8})
    archived = _acquaintance(ana, "Hal Imported", {"kind": "birthday", "month": 6, "day": 2})
    Person.objects.filter(pk=archived.pk).update(archived_at=MONDAY)
    with time_machine.travel(MONDAY, tick=False):
        outcome = keeper_digest_send(owner=ana, today=MONDAY.date())
    assert outcome == DigestOutcome.NOTHING_DUE
    assert mailoutbox == [] and not DigestPreference.objects.filter(owner=ana).exists()


# --- The calendar feed ------------------------------------------------------------------


def _feed_events(owner, client: Client) -> dict[str, icalendar.Event]:
    token = calendar_feed_create(owner=owner)
    with time_machine.travel(MONDAY, tick=False):
        response = client.get(reverse("keeper_calendar_feed", kwargs={"token": token}))
    assert response.status_code == 200
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(event["uid"]): event for event in calendar.walk("VEVENT")}


def _days(event: icalendar.Event, *, until: dt.datetime) -> list[dt.date]:
    start = event.decoded("dtstart")
    rule = rrulestr(
        event["rrule"].to_ical().decode(), dtstart=dt.datetime.combine(start, dt.time())
    )
    return [moment.date() for moment in rule.between(MONDAY.replace(tzinfo=None), until)]


def test_each_date_is_a_yearly_all_day_event_and_a_leap_day_falls_on_februarys_last(
    ana, make_member, client
):
    with time_machine.travel(dt.datetime(2025, 3, 1, tzinfo=dt.UTC), tick=False):
        tomas = person_create(owner=ana, name="Tomás Ruiz", circle="acquaintance")
        leap = person_date_add(
            owner=ana, person_id=tomas.pk, kind="birthday", month=2, day=29, year=1988
        )
        noyear = person_date_add(
            owner=ana, person_id=tomas.pk, kind="other", label="Mum's day", month=2, day=29
        )
        wedding = person_date_add(
            owner=ana, person_id=tomas.pk, kind="anniversary", month=9, day=17, year=2016
        )
    archived = _acquaintance(ana, "Hal Imported", {"kind": "birthday", "month": 1, "day": 5})
    Person.objects.filter(pk=archived.pk).update(archived_at=MONDAY)
    cy = make_member("Cy Tran")
    _acquaintance(cy, "Cy's friend", {"kind": "birthday", "month": 1, "day": 5})

    events = _feed_events(ana, client)

    assert set(events) == {f"keeper-date-{date.pk}@rapport" for date in (leap, noyear, wedding)}
    birthday = events[f"keeper-date-{leap.pk}@rapport"]
    assert str(birthday["summary"]) == "Tomás Ruiz's birthday"
    assert str(birthday["description"]) == "Born in 1988."
    assert birthday.decoded("dtstart") == dt.date(1988, 2, 29)
    assert birthday.decoded("dtend") == dt.date(1988, 3, 1)
    assert dict(birthday["rrule"]) == {"FREQ": ["YEARLY"], "BYMONTH": [2], "BYMONTHDAY": [-1]}
    until = dt.datetime(2029, 1, 1)
    assert _days(birthday, until=until) == [
        dt.date(2027, 2, 28),
        dt.date(2028, 2, 29),
    ]
    # Without a year, the first day is a 29 February of a leap year before it was added.
    mum = events[f"keeper-date-{noyear.pk}@rapport"]
    assert (str(mum["summary"]), mum.decoded("dtstart")) == (
        "Tomás Ruiz: Mum's day",
        dt.date(2024, 2, 29),
    )
    anniversary = events[f"keeper-date-{wedding.pk}@rapport"]
    assert dict(anniversary["rrule"]) == {"FREQ": ["YEARLY"]}
    assert _days(anniversary, until=until) == [
        dt.date(2026, 9, 17),
        dt.date(2027, 9, 17),
        dt.date(2028, 9, 17),
    ]
    assert str(anniversary["transp"]) == "TRANSPARENT"


def test_an_edited_date_keeps_its_event(ana, client, api_as):
    tomas = _acquaintance(ana, "Tomás Ruiz", {"kind": "birthday", "month": 6, "day": 4})
    date = PersonDate.objects.get(person=tomas)
    api_as(ana).patch(f"/keeper/people/{tomas.pk}/dates/{date.pk}", {"day": 5})
    [event] = _feed_events(ana, client).values()
    assert str(event["uid"]) == f"keeper-date-{date.pk}@rapport"
    assert event.decoded("dtstart").day == 5


# --- Merging -------------------------------------------------------------------------------


def test_a_merge_keeps_both_peoples_dates_once_and_the_kept_birthday(ana, api_as):
    grace = person_create(
        owner=ana,
        name="Grace Mensah",
        dates=[
            {"kind": "birthday", "month": 4, "day": 12},
            {"kind": "anniversary", "label": "Wedding", "month": 9, "day": 17},
        ],
    )
    twin = person_create(
        owner=ana,
        name="grace mensah",
        dates=[
            {"kind": "birthday", "month": 5, "day": 3, "year": 1981},
            {"kind": "anniversary", "label": "wedding", "month": 9, "day": 17, "year": 2016},
            {"kind": "other", "label": "Started at Transit Lab", "month": 9, "day": 1},
        ],
    )

    with time_machine.travel(MONDAY, tick=False):
        response = api_as(ana).post("/keeper/merge", {"keep_id": grace.pk, "merge_id": twin.pk})

    assert response.status_code == 200
    assert _dates(grace) == [
        ("anniversary", "Wedding", 9, 17, 2016),  # one wedding, with the year the twin knew
        ("birthday", "", 4, 12, None),  # the kept person's birthday wins
        ("other", "Started at Transit Lab", 9, 1, None),
    ]
    grace.refresh_from_db()
    assert "Also recorded: birthday: 3 May 1981" in grace.what_makes_them_tick
    assert [d["title"] for d in response.json()["dates"]] == [
        "Started at Transit Lab",
        "Wedding",
        "Birthday",
    ]


def test_a_merge_moves_the_birthday_when_only_the_merged_entry_has_one(ana, signed_in_client):
    grace = person_create(owner=ana, name="Grace Mensah")
    twin = person_create(
        owner=ana, name="grace mensah", dates=[{"kind": "birthday", "month": 5, "day": 3}]
    )
    client = signed_in_client(ana)
    confirm = client.post(reverse("keeper_merge"), {"keep_id": grace.pk, "merge_id": twin.pk})
    text = main_text(confirm)
    assert "Dates — Birthday: 3 May" in text or "Dates Birthday: 3 May" in text, text
    person_merge(owner=ana, keep_id=grace.pk, merge_id=twin.pk)
    assert _dates(grace) == [("birthday", "", 5, 3, None)]


@pytest.fixture
def signed_in_client():
    def client_for(member) -> Client:
        client = Client()
        client.force_login(member)
        return client

    return client_for


# --- Exports, and back -------------------------------------------------------------------


def _rich(owner) -> Person:
    with time_machine.travel(MONDAY, tick=False):
        return person_create(
            owner=owner,
            name="Grace Mensah",
            emails=["grace@transitlab.example"],
            dates=[
                {"kind": "birthday", "month": 4, "day": 12, "year": 1980},
                {"kind": "anniversary", "month": 6, "day": 12},
                {"kind": "anniversary", "label": "Wedding", "month": 9, "day": 17, "year": 2016},
                {"kind": "other", "label": "Daughter Mia's birthday", "month": 2, "day": 29},
                {
                    "kind": "other",
                    "label": "Started at Transit Lab",
                    "month": 9,
                    "day": 1,
                    "year": 2016,
                },
            ],
        )


def test_the_vcard_export_writes_bday_anniversary_and_apple_dates(ana, tmp_path):
    _rich(ana)
    out = tmp_path / "ana.vcf"
    call_command(
        "export", "keeper", str(out), "--member", ana.username, "--format", "vcard", stderr=None
    )
    text = out.read_text("utf-8")
    [card] = vobject.readComponents(text)
    assert card.bday.value == "19800412"
    assert sorted(p.value for p in card.contents["anniversary"]) == ["--0612", "20160917"]
    assert "X-ABDATE;X-APPLE-OMIT-YEAR=1604:1604-02-29" in text
    labels = {p.group: p.value for p in card.contents["x-ablabel"]}
    assert sorted(labels.values()) == [
        "Daughter Mia's birthday",
        "Started at Transit Lab",
        "Wedding",
    ]


def test_dates_go_out_as_vcards_and_come_back_through_rapport_import(ana, make_member, tmp_path):
    _rich(ana)
    out = tmp_path / "ana.vcf"
    call_command(
        "export", "keeper", str(out), "--member", ana.username, "--format", "vcard", stderr=None
    )
    dee = make_member("Dee Park", username="dee")
    with time_machine.travel(MONDAY, tick=False):
        call_command("import", "vcard", str(out), "--member", "dee")
    grace = Person.objects.get(owner=dee, name="Grace Mensah")
    assert _dates(grace) == _dates(Person.objects.get(owner=ana, name="Grace Mensah"))


def test_dates_go_out_as_json_and_come_back_through_rapport_import(ana, make_member, tmp_path):
    _rich(ana)
    out = tmp_path / "ana.json"
    call_command("export", "keeper", str(out), "--member", ana.username, stderr=None)
    document = json.loads(out.read_text("utf-8"))
    [person] = document["people"]
    assert {date["label"] for date in person["dates"]} >= {"Wedding", "Daughter Mia's birthday"}
    dee = make_member("Dee Park", username="dee")
    with time_machine.travel(MONDAY + dt.timedelta(days=30), tick=False):
        call_command("import", "keeper", str(out), "--member", "dee")
    grace = Person.objects.get(owner=dee)
    assert _dates(grace) == _dates(Person.objects.get(owner=ana))
    assert set(PersonDate.objects.filter(person=grace).values_list("created_at", flat=True)) == {
        MONDAY
    }


def test_a_version_1_document_without_dates_still_imports(ana, make_member, tmp_path):
    person_create(owner=ana, name="Grace Mensah")
    out = tmp_path / "ana.json"
    call_command("export", "keeper", str(out), "--member", ana.username, stderr=None)
    document = json.loads(out.read_text("utf-8"))
    document["version"] = 1
    for person in document["people"]:
        del person["dates"]
    out.write_text(json.dumps(document), "utf-8")
    dee = make_member("Dee Park", username="dee")
    call_command("import", "keeper", str(out), "--member", "dee")
    assert Person.objects.filter(owner=dee, name="Grace Mensah").exists()


def test_the_account_export_holds_the_owners_dates_and_no_one_elses(ana, make_member):
    _rich(ana)
    cy = make_member("Cy Tran")
    _acquaintance(cy, "Cy's friend", {"kind": "birthday", "month": 1, "day": 5})
    rows = member_data_export(member=ana)["records"]["keeper.PersonDate"]
    assert len(rows) == 5
    assert {row["person_id"] for row in rows} == {Person.objects.get(owner=ana).pk}
    assert member_data_export(member=cy)["records"]["keeper.PersonDate"][0]["month"] == 1
