"""Birthdays, anniversaries and other yearly dates in the keeper, through the front
doors: the API, the person page and its htmx panel, the keeper's home and due list.

Only the owner sees or changes a date; a date of someone else's answers 404, as one
that does not exist. The rules are said in words naming the field, and the database
holds them too.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
import time_machine
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from rapport.keeper.models import Person, PersonDate
from rapport.keeper.selectors import upcoming_dates
from rapport.keeper.services import interaction_log, person_create, person_date_add
from tests.migrating import migrate_to, migrate_to_latest
from tests.web.page_queries import page_queries
from tests.web.page_text import main_text

# A Monday; in Auckland (UTC+12) it is already Tuesday 2 June.
NOW = dt.datetime(2026, 6, 1, 13, 0, tzinfo=dt.UTC)
_n = itertools.count(1)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def ana(make_member):
    return make_member("Ana Ruiz")


@pytest.fixture
def grace(ana):
    return person_create(owner=ana, name="Grace Mensah", organisation="Transit Lab", circle="15")


@pytest.fixture
def signed_in():
    def client_for(member) -> Client:
        client = Client()
        client.force_login(member)
        return client

    return client_for


def _dates(person) -> list[tuple]:
    return list(
        PersonDate.objects.filter(person=person).values_list(
            "kind", "label", "month", "day", "year"
        )
    )


# --- The API -------------------------------------------------------------------------


def test_a_date_is_added_changed_and_removed_through_the_api(ana, grace, api_as):
    api = api_as(ana)
    added = api.post(
        f"/keeper/people/{grace.pk}/dates", {"kind": "birthday", "month": 6, "day": 4, "year": 1986}
    )
    assert added.status_code == 201, added.content
    body = added.json()
    assert body | {"id": 0} == {
        "id": 0,
        "kind": "birthday",
        "kind_label": "Birthday",
        "label": "",
        "month": 6,
        "day": 4,
        "year": 1986,
        "title": "Birthday",
        "next_on": "2026-06-04",
        "days_away": 3,
        "years": 40,
        "detail": "turns 40",
    }
    person = api.get(f"/keeper/people/{grace.pk}").json()
    assert [date["id"] for date in person["dates"]] == [body["id"]]

    changed = api.patch(f"/keeper/people/{grace.pk}/dates/{body['id']}", {"year": None})
    assert changed.status_code == 200
    assert (changed.json()["year"], changed.json()["detail"]) == (None, "")

    assert api.delete(f"/keeper/people/{grace.pk}/dates/{body['id']}").status_code == 204
    assert _dates(grace) == []


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"month": 4, "day": 31}, "day", "April has 30 days at most, not 31."),
        ({"month": 2, "day": 30}, "day", "February has 29 days at most, not 30."),
        ({"month": 2, "day": 29, "year": 1981}, "day", "1981 had no 29 February"),
        ({"month": 13, "day": 1}, "month", "A month is 1 (January) to 12 (December), not 13."),
        ({"month": 4, "day": 12, "year": 2031}, "year", "2031 has not come yet"),
        ({"month": 4, "day": 12, "year": 1850}, "year", "A year is 1900 or later, not 1850."),
        ({"kind": "other", "month": 4, "day": 12}, "label", "Say what the day is"),
        ({"kind": "birthday", "label": "Mia", "month": 4, "day": 12}, "label", "needs no label"),
        ({"kind": "nameday", "month": 4, "day": 12}, "kind", "Unknown kind 'nameday'"),
        ({"month": 4}, "day", "day is required."),
        ({"month": 4, "day": 12, "colour": "red"}, "colour", ""),
    ],
)
def test_a_bad_date_is_422_naming_the_field_and_writes_nothing(
    ana, grace, api_as, body, field, message
):
    response = api_as(ana).post(f"/keeper/people/{grace.pk}/dates", body)
    assert response.status_code == 422, response.content
    error = response.json()
    assert error["field"] == field
    assert message in error["message"]
    assert _dates(grace) == []


def test_one_birthday_per_person_and_each_date_once(ana, grace, api_as):
    api = api_as(ana)
    path = f"/keeper/people/{grace.pk}/dates"
    assert api.post(path, {"month": 4, "day": 12}).status_code == 201
    second = api.post(path, {"month": 5, "day": 1})
    assert second.status_code == 422
    assert second.json()["field"] == "kind"
    assert second.json()["message"] == (
        "Grace Mensah's birthday is already in your keeper (12 April): change that one instead."
    )
    wedding = {"kind": "anniversary", "label": "Wedding", "month": 9, "day": 17}
    assert api.post(path, wedding).status_code == 201
    again = api.post(path, {**wedding, "label": "wedding", "year": 2016})
    assert (again.status_code, again.json()["field"]) == (422, "day")
    # Someone else's birthday is a day of theirs, in the owner's words: as many as needed.
    for label in ("Daughter Mia's birthday", "Son Leo's birthday"):
        assert (
            api.post(path, {"kind": "other", "label": label, "month": 2, "day": 1}).status_code
            == 201
        )
    assert len(_dates(grace)) == 4


def test_changing_a_date_keeps_the_rules(ana, grace, api_as):
    api = api_as(ana)
    path = f"/keeper/people/{grace.pk}/dates"
    api.post(path, {"month": 4, "day": 12})
    other = api.post(
        path, {"kind": "other", "label": "Started at Transit Lab", "month": 9, "day": 1}
    )
    other_id = other.json()["id"]

    into_birthday = api.patch(f"{path}/{other_id}", {"kind": "birthday"})
    assert (into_birthday.status_code, into_birthday.json()["field"]) == (422, "kind")
    bad_day = api.patch(f"{path}/{other_id}", {"month": 4, "day": 31})
    assert (bad_day.status_code, bad_day.json()["field"]) == (422, "day")
    moved = api.patch(f"{path}/{other_id}", {"month": 10, "day": 31, "year": 2016})
    assert moved.status_code == 200 and moved.json()["detail"] == "10 years"
    assert sorted(_dates(grace)) == [
        ("birthday", "", 4, 12, None),
        ("other", "Started at Transit Lab", 10, 31, 2016),
    ]


def test_upcoming_dates_run_across_the_year_end_with_leap_days_on_the_28th(ana, grace, api_as):
    kai = person_create(owner=ana, name="Kai Tanaka")
    person_date_add(owner=ana, person_id=grace.pk, kind="birthday", month=1, day=2, year=1980)
    person_date_add(owner=ana, person_id=kai.pk, kind="birthday", month=2, day=29, year=1988)
    person_date_add(
        owner=ana, person_id=kai.pk, kind="other", label="Moved to Leeds", month=12, day=31
    )
    api = api_as(ana)
    with time_machine.travel(dt.datetime(2026, 12, 28, 12, tzinfo=dt.UTC), tick=False):
        new_year = api.get("/keeper/dates/upcoming", {"days": 7}).json()
    with time_machine.travel(dt.datetime(2027, 2, 20, 12, tzinfo=dt.UTC), tick=False):
        february = api.get("/keeper/dates/upcoming", {"days": 14}).json()

    assert [(d["person"]["name"], d["title"], d["next_on"], d["detail"]) for d in new_year] == [
        ("Kai Tanaka", "Moved to Leeds", "2026-12-31", ""),
        ("Grace Mensah", "Birthday", "2027-01-02", "turns 47"),
    ]
    # 2027 has no 29 February: Kai's birthday is on the 28th, and he turns 39.
    assert [(d["next_on"], d["years"]) for d in february] == [("2027-02-28", 39)]
    assert api.get("/keeper/dates/upcoming", {"days": 367}).status_code == 422


def test_upcoming_dates_count_from_the_owners_own_today(make_member, api_as):
    """At 13:00 UTC on Monday 1 June it is already Tuesday 2 June in Auckland: a birthday
    on 1 June is past there (next year's), and one on 2 June is today."""
    kiri = make_member("Kiri Walker", time_zone="Pacific/Auckland")
    mere = person_create(owner=kiri, name="Mere Walker")
    person_date_add(owner=kiri, person_id=mere.pk, kind="birthday", month=6, day=1)
    person_date_add(owner=kiri, person_id=mere.pk, kind="other", label="Graduated", month=6, day=2)
    upcoming = api_as(kiri).get("/keeper/dates/upcoming", {"days": 3}).json()
    assert [(d["title"], d["next_on"], d["days_away"]) for d in upcoming] == [
        ("Graduated", "2026-06-02", 0)
    ]


def test_archived_people_and_other_owners_dates_stay_out(ana, grace, make_member, api_as):
    person_date_add(owner=ana, person_id=grace.pk, kind="birthday", month=6, day=3)
    archived = person_create(owner=ana, name="Hal Imported")
    person_date_add(owner=ana, person_id=archived.pk, kind="birthday", month=6, day=3)
    Person.objects.filter(pk=archived.pk).update(archived_at=timezone.now())
    cy = make_member("Cy Tran")
    theirs = person_create(owner=cy, name="Grace Mensah")
    person_date_add(owner=cy, person_id=theirs.pk, kind="birthday", month=6, day=2)

    upcoming = api_as(ana).get("/keeper/dates/upcoming").json()
    assert [(d["person"]["id"], d["next_on"]) for d in upcoming] == [(grace.pk, "2026-06-03")]
    assert [d["next_on"] for d in api_as(cy).get("/keeper/dates/upcoming").json()] == ["2026-06-02"]


def test_nobody_else_sees_or_changes_a_date(ana, grace, make_member, api_as):
    date = person_date_add(owner=ana, person_id=grace.pk, kind="birthday", month=4, day=12)
    cy = api_as(make_member("Cy Tran"))
    path = f"/keeper/people/{grace.pk}/dates"
    assert cy.post(path, {"month": 5, "day": 1}).status_code == 404
    assert cy.patch(f"{path}/{date.pk}", {"day": 13}).status_code == 404
    assert cy.delete(f"{path}/{date.pk}").status_code == 404
    # A date of Ana's under a person of Cy's own is not found either.
    cys_person = person_create(owner=make_member("Dee Park"), name="Zed")
    mine = api_as(ana)
    assert mine.delete(f"/keeper/people/{cys_person.pk}/dates/{date.pk}").status_code == 404
    assert _dates(grace) == [("birthday", "", 4, 12, None)]


# --- The database holds the rules too ----------------------------------------------------


@pytest.mark.parametrize(
    "values",
    [
        {"kind": "birthday", "month": 13, "day": 1},
        {"kind": "birthday", "month": 4, "day": 31},
        {"kind": "birthday", "month": 2, "day": 30},
        {"kind": "birthday", "month": 1, "day": 0},
        {"kind": "birthday", "month": 1, "day": 1, "year": 1850},
        {"kind": "other", "month": 1, "day": 1},
        {"kind": "birthday", "label": "Mia", "month": 1, "day": 1},
        {"kind": "nameday", "month": 1, "day": 1},
    ],
)
def test_the_database_refuses_what_the_services_refuse(grace, values):
    with pytest.raises(IntegrityError), transaction.atomic():
        PersonDate.objects.create(person=grace, created_at=timezone.now(), **values)


def test_the_database_holds_one_birthday_per_person_and_allows_29_february(grace):
    PersonDate.objects.create(person=grace, kind="birthday", month=2, day=29, created_at=NOW)
    with pytest.raises(IntegrityError), transaction.atomic():
        PersonDate.objects.create(person=grace, kind="birthday", month=3, day=1, created_at=NOW)
    PersonDate.objects.create(person=grace, kind="anniversary", month=3, day=1, created_at=NOW)


@pytest.mark.parametrize("year", [2023, 1900, 2100, 2025])
def test_the_database_refuses_29_february_of_a_year_that_had_none(grace, year):
    """The services say it in words (``yearly.date_problems``); a write that goes round
    them (a script, the admin, a bug) is refused by the database itself. 1900 and 2100
    are divisible by 4 and by 100, not by 400: common years."""
    with pytest.raises(IntegrityError), transaction.atomic():
        PersonDate.objects.create(
            person=grace, kind="birthday", month=2, day=29, year=year, created_at=NOW
        )
    assert not PersonDate.objects.filter(person=grace).exists()


@pytest.mark.parametrize("year", [2024, 2000, 1904, None])
def test_the_database_keeps_29_february_of_a_leap_year_or_without_a_year(grace, year):
    PersonDate.objects.create(
        person=grace, kind="birthday", month=2, day=29, year=year, created_at=NOW
    )
    assert _dates(grace) == [("birthday", "", 2, 29, year)]


def test_the_database_leaves_a_common_years_other_days_alone(grace):
    PersonDate.objects.create(
        person=grace, kind="birthday", month=2, day=28, year=2023, created_at=NOW
    )
    PersonDate.objects.create(
        person=grace, kind="anniversary", month=3, day=1, year=1900, created_at=NOW
    )
    assert len(_dates(grace)) == 2


@pytest.mark.django_db(transaction=True)
def test_the_migration_runs_backwards_and_forwards():
    migrate_to(("keeper", "0002_connected_on_and_archive"))
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
    assert "keeper_persondate" not in tables
    migrate_to_latest()
    with connection.cursor() as cursor:
        assert "keeper_persondate" in connection.introspection.table_names(cursor)


# --- Pages ------------------------------------------------------------------------------


def test_the_person_page_lists_the_dates_with_when_they_come_round(ana, grace, signed_in):
    person_date_add(owner=ana, person_id=grace.pk, kind="birthday", month=6, day=4, year=1986)
    person_date_add(
        owner=ana, person_id=grace.pk, kind="other", label="Started at Transit Lab", month=5, day=1
    )
    text = main_text(signed_in(ana).get(reverse("keeper_person", args=[grace.pk])))
    assert "Dates Birthday 4 June 1986 · next Thursday 4 June , in 3 days (turns 40)" in text
    assert "Started at Transit Lab 1 May · next Saturday 1 May , in 334 days" in text


def test_adding_a_date_with_htmx_swaps_the_panel_and_says_so(ana, grace, signed_in):
    client = signed_in(ana)
    url = reverse("keeper_person_date_new", args=[grace.pk])
    response = client.post(
        url,
        {"kind": "anniversary", "label": "Wedding", "when": "17 Sept 2016"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section class="panel person-dates" id="dates"')
    assert (
        '<p class="person-dates__said" role="status">Added: Wedding, 17 September 2016.</p>' in html
    )
    assert _dates(grace) == [("anniversary", "Wedding", 9, 17, 2016)]


@pytest.mark.parametrize(
    ("when", "said"),
    [
        ("31 April", "April has 30 days at most, not 31."),
        ("12/04", "Write the month as a word"),
        ("", "The day and month, and the year if you know it"),
        ("29 February 1981", "1981 had no 29 February"),
    ],
)
def test_a_bad_date_comes_back_beside_the_date_field(ana, grace, signed_in, when, said):
    client = signed_in(ana)
    url = reverse("keeper_person_date_new", args=[grace.pk])
    swapped = client.post(url, {"kind": "birthday", "when": when}, HTTP_HX_REQUEST="true")
    assert swapped.status_code == 422
    html = swapped.content.decode()
    field = html[html.index('<div class="field field--invalid">') :]
    assert 'for="date_when"' in field[:200] and said in field
    assert 'aria-invalid="true"' in field
    # Without JavaScript, the same error on a page of its own.
    page = client.post(url, {"kind": "birthday", "when": when})
    assert page.status_code == 422 and said in main_text(page)
    assert _dates(grace) == []


def test_without_javascript_a_date_is_added_edited_and_removed(ana, grace, signed_in):
    client = signed_in(ana)
    person_url = reverse("keeper_person", args=[grace.pk])
    added = client.post(
        reverse("keeper_person_date_new", args=[grace.pk]), {"kind": "birthday", "when": "4 June"}
    )
    assert added.status_code == 302 and added["Location"] == person_url + "#dates"
    date = PersonDate.objects.get(person=grace)

    edit_url = reverse("keeper_person_date_edit", args=[grace.pk, date.pk])
    form = client.get(edit_url)
    assert 'value="4 June"' in form.content.decode()
    saved = client.post(edit_url, {"kind": "birthday", "when": "4 June 1986"})
    assert saved.status_code == 302
    assert _dates(grace) == [("birthday", "", 6, 4, 1986)]

    delete_url = reverse("keeper_person_date_delete", args=[grace.pk, date.pk])
    assert client.get(delete_url).status_code == 405
    removed = client.post(delete_url)
    assert removed.status_code == 302 and _dates(grace) == []
    assert "Removed: Birthday, 4 June 1986." in main_text(client.get(person_url))


def test_removing_with_htmx_swaps_the_panel(ana, grace, signed_in):
    date = person_date_add(owner=ana, person_id=grace.pk, kind="birthday", month=6, day=4)
    response = signed_in(ana).post(
        reverse("keeper_person_date_delete", args=[grace.pk, date.pk]), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "Removed: Birthday, 4 June." in response.content.decode()
    assert "No birthday or other yearly date yet." in response.content.decode()


def test_someone_elses_date_pages_are_not_found(ana, grace, make_member, signed_in):
    date = person_date_add(owner=ana, person_id=grace.pk, kind="birthday", month=6, day=4)
    cy = signed_in(make_member("Cy Tran"))
    assert cy.get(reverse("keeper_person_date_new", args=[grace.pk])).status_code == 404
    assert cy.get(reverse("keeper_person_date_edit", args=[grace.pk, date.pk])).status_code == 404
    post = cy.post(reverse("keeper_person_date_delete", args=[grace.pk, date.pk]))
    assert post.status_code == 404 and _dates(grace) == [("birthday", "", 6, 4, None)]


def test_a_person_is_added_with_their_birthday_all_or_nothing(ana, signed_in):
    client = signed_in(ana)
    url = reverse("keeper_person_new")
    page = client.get(url).content.decode()
    assert 'name="birthday"' in page
    refused = client.post(url, {"name": "Kai Tanaka", "circle": "50", "birthday": "30 February"})
    assert refused.status_code == 422
    html = refused.content.decode()
    field = html[html.index('<div class="field field--invalid">') :][:900]
    assert 'for="id_birthday"' in field and "February has 29 days at most, not 30." in field
    assert not Person.objects.filter(owner=ana, name="Kai Tanaka").exists()

    added = client.post(url, {"name": "Kai Tanaka", "circle": "50", "birthday": "April 12, 1980"})
    assert added.status_code == 302
    kai = Person.objects.get(owner=ana, name="Kai Tanaka")
    assert _dates(kai) == [("birthday", "", 4, 12, 1980)]
    # Editing the person leaves their dates to the person page.
    assert (
        'name="birthday"'
        not in client.get(reverse("keeper_person_edit", args=[kai.pk])).content.decode()
    )


def test_the_keeper_home_and_due_list_show_what_is_coming_up(ana, grace, signed_in):
    kai = person_create(owner=ana, name="Kai Tanaka")
    person_date_add(owner=ana, person_id=grace.pk, kind="birthday", month=6, day=4, year=1986)
    person_date_add(owner=ana, person_id=kai.pk, kind="anniversary", month=6, day=1, year=2016)
    person_date_add(owner=ana, person_id=kai.pk, kind="other", label="Retires", month=6, day=16)
    client = signed_in(ana)

    home = main_text(client.get(reverse("keeper")))
    assert (
        "Coming up Kai Tanaka · Anniversary (10 years) · Monday 1 June , today "
        "Grace Mensah · Birthday (turns 40) · Thursday 4 June , in 3 days"
    ) in home
    assert "Retires" not in home  # 15 days away: beyond the fortnight
    due = main_text(client.get(reverse("keeper_due")))
    assert "Coming up in the next two weeks (2)" in due


def test_nothing_coming_up_is_said_plainly(ana, grace, signed_in):
    client = signed_in(ana)
    assert "Coming up" not in main_text(client.get(reverse("keeper")))
    assert "No birthday or other date in the next two weeks." in main_text(
        client.get(reverse("keeper_due"))
    )


def _grow(owner, rows: int) -> None:
    """People with a birthday and another date each, some soon, some not, and history."""
    for _ in range(rows):
        n = next(_n)
        person = person_create(
            owner=owner,
            name=f"Person {n:04}",
            circle=["5", "15", "50", "150"][n % 4],
            dates=[{"kind": "birthday", "month": 6, "day": 1 + n % 10}],
        )
        person_date_add(
            owner=owner,
            person_id=person.pk,
            kind="other",
            label=f"Day {n}",
            month=1 + n % 12,
            day=1,
        )
        interaction_log(owner=owner, person_ids=[person.pk], kind="call")


# The limits of tests/keeper/test_pages.py: "Coming up" costs one query on each page.
@pytest.mark.parametrize(("name", "limit"), [("keeper", 12), ("keeper_due", 6)])
def test_pages_with_dates_do_not_grow_with_the_people_or_their_dates(name, limit, ana, signed_in):
    client = signed_in(ana)
    _grow(ana, 3)
    few = page_queries(client, reverse(name))
    _grow(ana, 20)
    many = page_queries(client, reverse(name), at_most=limit)
    assert many == few
    assert "Person 00" in main_text(client.get(reverse(name)))


def test_the_person_page_costs_one_query_for_its_dates(ana, grace, signed_in):
    client = signed_in(ana)
    url = reverse("keeper_person", args=[grace.pk])
    none = page_queries(client, url)
    person_date_add(owner=ana, person_id=grace.pk, kind="birthday", month=6, day=4)
    for month in range(1, 13):
        person_date_add(
            owner=ana, person_id=grace.pk, kind="other", label=f"Day {month}", month=month, day=9
        )
    _grow(ana, 5)
    many = page_queries(client, url, at_most=14)
    assert many == none


def test_coming_dates_cost_one_query_however_many_there_are(ana, grace, django_assert_num_queries):
    _grow(ana, 25)
    with django_assert_num_queries(1):
        coming = upcoming_dates(owner=ana, today=NOW.date(), days=14)
    with django_assert_num_queries(0):  # each with its person
        names = {item.person.name for item in coming}
    assert len(names) == 25  # every birthday falls on 1 to 10 June
    assert all(0 <= item.days_away <= 14 for item in coming)
    assert [item.on for item in coming] == sorted(item.on for item in coming)
