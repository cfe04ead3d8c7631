"""What a second walk through the keeper's demo found, as a newcomer on a desktop and a
phone: a list of 300 imported people that stopped at 50 with no way on but searching,
a person page that said "In your Acquaintance", offered to move a past tie out of the
past on no evidence, named the person on every row of their own interactions and
called the board "key seats"; forms that did not say what an empty date or cadence
means; a settings page with no way to take the keeper's data away."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from rapport.keeper.forms import PersonForm
from rapport.keeper.services import interaction_log, key_seat_update, person_create
from tests.web.page_queries import page_queries
from tests.web.page_text import main_text

NOW = dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def ana(make_member):
    return make_member("Ana Ruiz")


@pytest.fixture
def client(ana) -> Client:
    signed_in = Client()
    signed_in.force_login(ana)
    return signed_in


def _text(response) -> str:
    """The page's words, without the space ``main_text`` leaves where a tag ended just
    before a comma or a full stop."""
    return re.sub(r" ([,.:;])", r"\1", main_text(response))


def _people_named(text: str) -> list[str]:
    return re.findall(r"Person \d{3}", text)


# --- The people list goes on past 50 ------------------------------------------------


@pytest.fixture
def many(ana):
    """120 people whose name order is number order; every third in the 5."""
    for n in range(120):
        person_create(owner=ana, name=f"Person {n:03}", circle="5" if n % 3 == 0 else "150")


def test_the_people_list_pages_on_past_fifty(ana, many, client):
    first = client.get(reverse("keeper"))
    html = first.content.decode()
    assert _people_named(main_text(first)) == [f"Person {n:03}" for n in range(50)]
    assert "People 1 to 50, by name" in main_text(first)
    assert 'href="?page=2"' in html and "Previous" not in main_text(first)

    last = client.get(reverse("keeper"), {"page": 3})
    assert _people_named(main_text(last)) == [f"Person {n:03}" for n in range(100, 120)]
    assert "People 101 to 120, by name" in main_text(last)
    assert 'href="?page=2"' in last.content.decode() and "Next" not in main_text(last)
    assert "<title>Your keeper, page 3" in last.content.decode()


def test_paging_keeps_the_search_circle_and_tag(ana, many, client):
    in_the_five = client.get(reverse("keeper"), {"circle": "5", "q": "person"})
    assert len(_people_named(main_text(in_the_five))) == 40  # 0, 3, ... 117
    assert "Next" not in main_text(in_the_five)

    everyone = client.get(reverse("keeper"), {"circle": "150", "page": 2})
    shown = _people_named(main_text(everyone))
    assert shown[0] == "Person 076"  # the 51st of those not in the 5 (1, 2, 4, 5, ...)
    assert 'href="?q=&amp;' not in everyone.content.decode()  # empty filters are left out
    assert 'href="?circle=150&amp;page=1"' in everyone.content.decode()


def test_a_page_past_the_end_or_not_a_number_is_answered_plainly(ana, many, client):
    past = _text(client.get(reverse("keeper"), {"page": 40}))
    assert _people_named(past) == [] and "Nobody on this page. Back to the first page." in past
    # Far past what the database can offset: the same answer, not a server error.
    huge = client.get(reverse("keeper"), {"page": "9" * 30})
    assert huge.status_code == 200 and "Nobody on this page." in main_text(huge)
    for typed in ("x", "0", "-2", "²"):
        shown = _people_named(main_text(client.get(reverse("keeper"), {"page": typed})))
        assert shown[0] == "Person 000"


def test_a_later_page_costs_what_the_first_does(ana, many, client):
    first = page_queries(client, reverse("keeper"))
    assert page_queries(client, reverse("keeper") + "?page=2") == first


# --- A person's page ------------------------------------------------------------------


def test_an_acquaintance_or_a_past_tie_is_named_as_such(ana, client):
    vera = person_create(owner=ana, name="Vera Lind", circle="acquaintance")
    pieter = person_create(owner=ana, name="Pieter de Vries", circle="past")

    vera_page = _text(client.get(reverse("keeper_person", args=[vera.pk])))
    pieter_page = _text(client.get(reverse("keeper_person", args=[pieter.pk])))

    assert "An acquaintance, in no circle of yours." in vera_page
    assert "In your past: someone you were close to once." in pieter_page
    assert "In your Acquaintance" not in vera_page and "In your Past" not in pieter_page


def test_no_circle_is_suggested_before_anything_is_logged(ana, client):
    pieter = person_create(owner=ana, name="Pieter de Vries", circle="past")

    response = client.get(reverse("keeper_person", args=[pieter.pk]))
    text = main_text(response)

    assert "Nothing logged with Pieter de Vries yet: once you log a conversation or two" in text
    assert "Suggested circle" not in text and "Move to" not in text


def test_a_suggestion_still_comes_once_something_is_logged(ana, client):
    grace = person_create(owner=ana, name="Grace Mensah", circle="past")
    for days in (3, 20, 40):
        interaction_log(
            owner=ana, person_ids=[grace.pk], kind="call", occurred_at=NOW - dt.timedelta(days)
        )
    text = main_text(client.get(reverse("keeper_person", args=[grace.pk])))
    assert "Suggested circle:" in text and "Nothing logged with" not in text


def test_a_persons_interactions_name_only_the_others_there(ana, client):
    grace = person_create(owner=ana, name="Grace Mensah")
    omar = person_create(owner=ana, name="Omar Haddad")
    interaction_log(owner=ana, person_ids=[grace.pk], kind="call", note="Just us two.")
    interaction_log(owner=ana, person_ids=[grace.pk, omar.pk], kind="coffee", note="Three.")

    response = client.get(reverse("keeper_person", args=[grace.pk]))
    rows = main_text(response).split("Interactions", 1)[1]
    # What the eye reads: the rows less the Delete buttons' words for a screen reader,
    # which still say whose interaction each one deletes.
    seen = re.sub(r"Delete this .*? on \d+ \w+ \d{4}", "", rows)

    assert "also with Omar Haddad" in seen
    assert "Grace Mensah" not in seen.split("Delete Grace Mensah")[0]
    assert "Delete this call with Grace Mensah on 1 Jun 2026" in rows
    # The keeper's home, which lists everyone's, still names everyone.
    home = main_text(client.get(reverse("keeper")))
    assert "with Grace Mensah, Omar Haddad" in home


def test_the_board_is_called_as_the_keepers_menu_calls_it(ana, client):
    grace = person_create(owner=ana, name="Grace Mensah")
    key_seat_update(owner=ana, position=10, role="Challenger", person_id=grace.pk, why="")

    response = client.get(reverse("keeper_person", args=[grace.pk]))

    assert "On your key people board" in main_text(response)
    assert "Key seats" not in main_text(response)
    assert f'href="{reverse("keeper_seats")}"' in response.content.decode()


# --- Forms say what an empty field means -----------------------------------------------


def test_the_log_form_says_an_empty_date_is_today(ana, client):
    assert "Leave empty for today." in main_text(client.get(reverse("keeper_interaction_new")))


def test_the_cadence_help_says_which_circle_keeps_which_cadence(ana, client):
    text = main_text(client.get(reverse("keeper_person_new")))
    assert (
        "Leave empty for the circle's own: 7 days for the 5, 30 days for the 15, 90 days for "
        "the 50, 365 days for the 150; none for an acquaintance or someone from your past."
    ) in text
    assert PersonForm.base_fields["cadence_days"].help_text in text


# --- Keeper settings -------------------------------------------------------------------


def test_keeper_settings_say_where_to_download_the_keeper(ana, client):
    response = client.get(reverse("keeper_settings"))
    html = response.content.decode()

    assert "Your keeper's data" in main_text(response)
    assert f'href="{reverse("account_export")}" download' in html
    # The file it names does hold the keeper.
    export = client.get(reverse("account_export"))
    assert export.status_code == 200 and b"keeper" in export.content
