"""The keeper's pages, through the test client: what the owner sees, what nobody else can."""

from __future__ import annotations

import datetime as dt
import itertools
import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from rapport.keeper.models import Interaction, KeySeat, Person
from rapport.keeper.services import interaction_log, key_seat_update, person_create
from rapport.keeper.vocabulary import Circle
from tests.web.page_queries import page_queries
from tests.web.page_text import main_text

NOW = dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC)
_n = itertools.count(1)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def signed_in():
    """A test client signed in as ``member``, as tests/web does it."""

    def client_for(member) -> Client:
        client = Client()
        client.force_login(member)
        return client

    return client_for


@pytest.fixture
def ana(make_member):
    return make_member("Ana Ruiz")


@pytest.fixture
def cy(make_member):
    return make_member("Cy Tran")


@pytest.fixture
def grace(ana):
    return person_create(
        owner=ana,
        name="Grace Mensah",
        organisation="Fieldnote Health",
        role="Nurse lead",
        emails=[{"value": "grace@work.example", "type": "work"}],
        tags=["health"],
        circle="15",
        what_makes_them_tick="Patients first; terrible puns.",
        met_context="worked_together",
    )


def _days_ago(days: int) -> dt.datetime:
    return NOW - dt.timedelta(days=days)


# --- Every page renders for the owner ------------------------------------------


def test_keeper_home_shows_people_circles_due_recent_and_reciprocity(ana, grace, signed_in):
    interaction_log(
        owner=ana,
        person_ids=[grace.pk],
        kind="advice",
        direction="received",
        occurred_at=_days_ago(40),
        note="Talked about the night-shift rota.",
    )

    response = signed_in(ana).get(reverse("keeper"))

    text = main_text(response)
    assert response.status_code == 200
    assert "Grace Mensah" in text
    assert "Nurse lead, Fieldnote Health" in text
    assert "1 overdue" in text  # 40 days since contact, the 15's cadence is 30
    assert "Talked about the night-shift rota." in text
    assert "Give and take this year" in text
    assert 'name="people"' in response.content.decode()


def _archive(*people: Person) -> None:
    Person.objects.filter(pk__in=[person.pk for person in people]).update(archived_at=NOW)


def test_keeper_home_links_the_archived_list_only_when_someone_is_archived(ana, grace, signed_in):
    client = signed_in(ana)
    archived_url = reverse("audit_archived")
    assert archived_url not in client.get(reverse("keeper")).content.decode()

    dara = person_create(owner=ana, name="Dara Quinn")
    eli = person_create(owner=ana, name="Eli Stone")
    _archive(dara, eli)
    response = client.get(reverse("keeper"))
    text = main_text(response)

    assert f'href="{archived_url}"' in response.content.decode()
    assert "2 people you archived are left out of these lists and searches." in text
    assert "See the people you archived, or restore them" in text
    assert "Grace Mensah" in text and "Dara Quinn" not in text
    # A search that finds nobody says where the archived are.
    nobody = client.get(reverse("keeper"), {"q": "Dara"})
    assert "Nobody matches." in main_text(nobody)
    assert f'href="{archived_url}"' in nobody.content.decode()
    # The list it points at holds them.
    assert "Dara Quinn" in main_text(client.get(archived_url))


def test_a_keeper_of_archived_people_only_is_not_called_empty(ana, signed_in):
    _archive(person_create(owner=ana, name="Dara Quinn"))
    text = main_text(signed_in(ana).get(reverse("keeper")))
    assert "One person you archived is left out" in text
    assert "Nobody here yet" not in text


def test_an_archived_persons_page_says_so_and_points_at_the_list(ana, grace, signed_in):
    client = signed_in(ana)
    url = reverse("keeper_person", args=[grace.pk])
    assert "You archived" not in main_text(client.get(url))
    _archive(grace)
    response = client.get(url)
    assert "You archived Grace Mensah on 1 June 2026" in main_text(response)
    assert f'href="{reverse("audit_archived")}"' in response.content.decode()


def test_keeper_home_filters_by_query_circle_and_tag(ana, grace, signed_in):
    person_create(owner=ana, name="Omar Haddad", circle="150", tags=["design"])
    client = signed_in(ana)

    by_query = main_text(client.get(reverse("keeper"), {"q": "fieldnote"}))
    by_circle = main_text(client.get(reverse("keeper"), {"circle": "150"}))
    by_tag = main_text(client.get(reverse("keeper"), {"tag": "design"}))

    people = "People"
    assert "Grace Mensah" in by_query.split(people, 1)[1] and "Omar" not in by_query
    assert "Omar Haddad" in by_circle and "Grace Mensah" not in by_circle.split(people, 1)[1]
    assert "Omar Haddad" in by_tag and "Grace Mensah" not in by_tag.split(people, 1)[1]
    # A filtered list is titled with its filter, not "Your keeper" again.
    both = client.get(reverse("keeper"), {"circle": "150", "tag": "design", "q": "omar"})
    assert (
        "<title>People in 150 · the people you keep up with tagged “design” matching “omar” "
        "— your keeper · Rapport</title>"
    ) in both.content.decode()


def test_the_person_page_shows_everything_known_and_the_suggestion(ana, grace, signed_in):
    for days in (3, 10, 20):
        interaction_log(
            owner=ana, person_ids=[grace.pk], kind="coffee", occurred_at=_days_ago(days)
        )
    interaction_log(
        owner=ana, person_ids=[grace.pk], kind="help", direction="gave", occurred_at=_days_ago(2)
    )
    key_seat_update(owner=ana, position=4, person_id=grace.pk, why="She tells me straight.")

    response = signed_in(ana).get(reverse("keeper_person", args=[grace.pk]))

    text = main_text(response)
    assert response.status_code == 200
    for expected in (
        "Grace Mensah",
        "grace@work.example",
        "We worked together",
        "Patients first; terrible puns.",
        "health",
        "15 · sympathy",
        "Keep in touch every 30 days (the circle's default)",
        "Suggested circle:",
        "Confidant",
        "She tells me straight.",
        "Coffee",
    ):
        assert expected in text, expected
    assert re.search(r"Suggested circle: .+ — \S", text)


def test_the_person_page_links_the_member_profile(ana, make_member, connect, signed_in):
    ben = make_member("Ben Okafor")
    connect(ana, ben)
    person = Person.objects.get(owner=ana, member=ben)

    response = signed_in(ana).get(reverse("keeper_person", args=[person.pk]))

    assert reverse("member_profile", args=[ben.pk]) in response.content.decode()


def test_new_person_is_added_and_errors_sit_beside_their_field(ana, signed_in):
    client = signed_in(ana)

    bad = client.post(
        reverse("keeper_person_new"),
        {"name": "Lin Wu", "circle": "50", "emails": "lin@example.org\nnot an email"},
    )
    assert bad.status_code == 422
    # Which address is wrong, in the member's words: no "emails[1]".
    assert re.search(
        r'id="id_emails_error"><li>&#x27;not an email&#x27; is not an email address.</li>',
        bad.content.decode(),
    )
    assert "emails[" not in bad.content.decode()
    links = client.post(
        reverse("keeper_person_new"),
        {"name": "Lin Wu", "circle": "50", "links": "https://lin.example\nlin dot example"},
    )
    assert re.search(
        r'id="id_links_error"><li>&#x27;lin dot example&#x27; is not a web address.</li>',
        links.content.decode(),
    )
    assert not Person.objects.filter(owner=ana).exists()

    nameless = client.post(reverse("keeper_person_new"), {"name": " ", "circle": "50"})
    assert nameless.status_code == 422
    assert re.search(r'id="id_name_error".*A person needs a name', nameless.content.decode(), re.S)

    # Every problem at once, each beside its field.
    several = client.post(
        reverse("keeper_person_new"),
        {
            "name": "N" * 200,
            "circle": "50",
            "emails": "not an email",
            "linkedin_url": "javascript:alert(1)",
        },
    )
    page = several.content.decode()
    assert several.status_code == 422
    for field in ("name", "emails", "linkedin_url"):
        assert f'id="id_{field}_error"' in page, field

    good = client.post(
        reverse("keeper_person_new"),
        {
            "name": "Lin Wu",
            "circle": "50",
            "emails": "lin@example.org\nLin@Home.example",
            "phones": "+44 20 7946 0000",
            "links": "https://lin.example",
            "tags": "Design, mentoring",
            "met_on": "2024-05-02",
            "cadence_days": "45",
        },
    )
    lin = Person.objects.get(owner=ana)
    assert good.status_code == 302 and good["Location"] == reverse("keeper_person", args=[lin.pk])
    assert [e["value"] for e in lin.emails] == ["lin@example.org", "lin@home.example"]
    assert lin.tags == ["design", "mentoring"]
    assert (lin.circle, lin.cadence_days, lin.met_on) == ("50", 45, dt.date(2024, 5, 2))


def test_editing_keeps_the_types_of_unchanged_addresses(ana, grace, signed_in):
    client = signed_in(ana)
    page = client.get(reverse("keeper_person_edit", args=[grace.pk]))
    assert "grace@work.example" in page.content.decode()

    response = client.post(
        reverse("keeper_person_edit", args=[grace.pk]),
        {
            "name": "Grace Mensah",
            "circle": "5",
            "emails": "grace@work.example\ngrace@home.example",
            "met_introducer": "Nobody Known",
        },
    )
    assert response.status_code == 422
    assert re.search(
        r'id="id_met_introducer_error".*Nobody called', response.content.decode(), re.S
    )

    client.post(
        reverse("keeper_person_edit", args=[grace.pk]),
        {"name": "Grace Mensah", "circle": "5", "emails": "grace@work.example\ngrace@home.example"},
    )
    grace.refresh_from_db()
    assert grace.emails == [
        {"value": "grace@work.example", "type": "work"},
        {"value": "grace@home.example", "type": ""},
    ]
    assert grace.circle == "5"


def test_quick_log_writes_the_interaction_with_people_by_name(ana, grace, signed_in):
    omar = person_create(owner=ana, name="Omar Haddad", circle="50")

    response = signed_in(ana).post(
        reverse("keeper_interaction_new"),
        {
            "people": "grace mensah, Omar Haddad",
            "kind": "coffee",
            "direction": "gave",
            "favour": "advice",
            "occurred_on": "2026-05-30",
            "note": "Career chat",
            "next": reverse("keeper"),
        },
    )

    assert response.status_code == 302 and response["Location"] == reverse("keeper")
    interaction = Interaction.objects.get(owner=ana)
    assert set(interaction.people.all()) == {grace, omar}
    assert (interaction.kind, interaction.direction, interaction.favour, interaction.note) == (
        "coffee",
        "gave",
        "advice",
        "Career chat",
    )
    assert interaction.occurred_at.date() == dt.date(2026, 5, 30)


def test_quick_log_errors_name_the_field(ana, grace, signed_in):
    client = signed_in(ana)

    unknown = client.post(reverse("keeper_interaction_new"), {"people": "Zed", "kind": "call"})
    nobody = client.post(reverse("keeper_interaction_new"), {"people": "", "kind": "call"})
    mutual_favour = client.post(
        reverse("keeper_interaction_new"),
        {"people": "Grace Mensah", "kind": "call", "direction": "mutual", "favour": "advice"},
    )

    assert unknown.status_code == 422
    assert re.search(r'id="id_people_error".*Nobody called', unknown.content.decode(), re.S)
    assert re.search(r'id="id_people_error".*Say who it was with', nobody.content.decode(), re.S)
    assert mutual_favour.status_code == 422
    assert re.search(
        r'id="id_direction_error".*Say who gave it', mutual_favour.content.decode(), re.S
    )
    assert not Interaction.objects.exists()


def test_quick_log_on_a_person_page_logs_with_that_person(ana, grace, signed_in):
    """The person page's form hides "With" and sends the person's id instead."""
    client = signed_in(ana)
    page = client.get(reverse("keeper_person", args=[grace.pk])).content.decode()
    assert f'<input type="hidden" name="person_ids" value="{grace.pk}">' in page

    response = client.post(
        reverse("keeper_interaction_new"),
        {
            "person_ids": [grace.pk],
            "kind": "call",
            "direction": "mutual",
            "next": reverse("keeper_person", args=[grace.pk]),
        },
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("keeper_person", args=[grace.pk])
    interaction = Interaction.objects.get(owner=ana)
    assert list(interaction.people.all()) == [grace]
    assert interaction.kind == "call"


def test_logging_with_an_archived_person_restores_them_and_says_so(ana, grace, signed_in):
    """As ``rapport log`` does: you are talking again, so they are back in the lists."""
    _archive(grace)
    client = signed_in(ana)

    logged = client.post(
        reverse("keeper_interaction_new"),
        {
            "people": "Grace Mensah",
            "kind": "call",
            "direction": "mutual",
            "next": reverse("keeper"),
        },
        follow=True,
    )

    assert logged.redirect_chain == [(reverse("keeper"), 302)]
    assert (
        "Logged: call with Grace Mensah. Grace Mensah was archived: back in your keeper's lists."
        in main_text(logged)
    )
    grace.refresh_from_db()
    assert grace.archived_at is None
    assert list(Interaction.objects.get(owner=ana).people.all()) == [grace]
    # Someone who was not archived gets no such word.
    again = client.post(
        reverse("keeper_interaction_new"),
        {"people": "Grace Mensah", "kind": "call", "direction": "mutual"},
        follow=True,
    )
    assert "archived" not in main_text(again)


def test_reaching_out_from_an_archived_persons_page_restores_them_and_says_so(
    ana, grace, signed_in
):
    """Their page still opens, with its "Reach out" button: reaching out is talking
    again, as "Log it" is. It logged and left them archived without a word."""
    _archive(grace)
    client = signed_in(ana)
    page = reverse("keeper_person", args=[grace.pk])
    assert reverse("keeper_person_reach_out", args=[grace.pk]) in client.get(page).content.decode()

    response = client.post(
        reverse("keeper_person_reach_out", args=[grace.pk]), {"next": page}, follow=True
    )

    assert response.redirect_chain == [(page, 302)]
    assert (
        "Logged: you reached out to Grace Mensah. The next date moves on. Grace Mensah was "
        "archived: back in your keeper's lists." in main_text(response)
    )
    grace.refresh_from_db()
    assert grace.archived_at is None
    assert "You archived" not in main_text(response)


def test_log_it_prefers_the_person_in_your_lists_to_an_archived_namesake(ana, signed_in):
    """As ``rapport log`` reads the name: "Ben Okafor" is the Ben you talk to, and the
    Ben Okafor you archived does not make the name ambiguous. It said "2 people are
    called 'Ben Okafor'" and logged nothing."""
    talking = person_create(owner=ana, name="Ben Okafor", organisation="Acme")
    archived = person_create(owner=ana, name="Ben Okafor", organisation="Old job")
    _archive(archived)
    client = signed_in(ana)

    logged = client.post(
        reverse("keeper_interaction_new"),
        {"people": "ben okafor", "kind": "call", "direction": "mutual", "next": reverse("keeper")},
        follow=True,
    )

    assert logged.redirect_chain == [(reverse("keeper"), 302)]
    assert "Logged: call with Ben Okafor. Your keeper" in main_text(logged)
    assert "Ben Okafor was archived" not in main_text(logged)
    assert list(Interaction.objects.get(owner=ana).people.all()) == [talking]
    archived.refresh_from_db()
    assert archived.archived_at is not None
    # A first name does too, and the archived Ben is still within reach by his number.
    client.post(
        reverse("keeper_interaction_new"), {"people": "Ben", "kind": "call", "direction": "mutual"}
    )
    client.post(
        reverse("keeper_interaction_new"),
        {"people": f"#{archived.pk}", "kind": "call", "direction": "mutual"},
    )
    assert [list(i.people.all()) for i in Interaction.objects.order_by("pk")] == [
        [talking],
        [talking],
        [archived],
    ]
    archived.refresh_from_db()
    assert archived.archived_at is None  # logged with, so back in the lists


def test_log_it_says_who_a_shared_name_could_be_and_how_to_pick(ana, signed_in):
    """Two people in the lists with one name: the error tells them apart and says to
    write the number, which the same box takes."""
    acme = person_create(owner=ana, name="Ben Okafor", organisation="Acme")
    other = person_create(owner=ana, name="Ben Okafor")
    client = signed_in(ana)

    refused = client.post(
        reverse("keeper_interaction_new"),
        {"people": "Ben Okafor", "kind": "call", "direction": "mutual"},
    )

    assert refused.status_code == 422
    assert re.search(
        rf"id=\"id_people_error\".*could be Ben Okafor \(#{acme.pk}, Acme\) or Ben Okafor "
        rf"\(#{other.pk}\); give the number, as #{acme.pk}\.",
        refused.content.decode().replace("&#x27;", "'"),
        re.S,
    )
    assert not Interaction.objects.exists()
    logged = client.post(
        reverse("keeper_interaction_new"),
        {"people": f"#{other.pk}", "kind": "call", "direction": "mutual"},
    )
    assert logged.status_code == 302
    assert list(Interaction.objects.get(owner=ana).people.all()) == [other]


def test_the_with_box_says_a_number_picks_one_of_two_namesakes(ana, signed_in):
    """The box takes "#12" as well as names; its help said only names, so the number
    was news until the error came."""
    page = signed_in(ana).get(reverse("keeper_interaction_new")).content.decode()

    help_text = re.search(r'id="id_people_helptext"[^>]*>(.*?)</div>', page, re.S)
    assert help_text is not None
    assert "separated by commas" in help_text.group(1)
    assert "same name" in help_text.group(1) and "#12" in help_text.group(1)


def test_a_mistake_logging_on_a_person_page_keeps_saying_who_it_was_with(ana, grace, signed_in):
    """The error page names the person, as their page did, rather than an empty "With"
    box that would log with whoever is typed there and, silently, the person too."""
    person_create(owner=ana, name="Ben Okafor", circle="50")
    client = signed_in(ana)
    sent = {
        "person_ids": [grace.pk],
        "kind": "call",
        "direction": "mutual",
        "occurred_on": "2030-01-01",
        "next": reverse("keeper_person", args=[grace.pk]),
    }

    refused = client.post(reverse("keeper_interaction_new"), sent)

    assert refused.status_code == 422
    page = refused.content.decode()
    assert "Log an interaction with Grace Mensah" in main_text(refused)
    assert 'name="people"' not in page
    assert f'<input type="hidden" name="person_ids" value="{grace.pk}">' in page
    assert re.search(r'id="id_occurred_on_error".*in the future', page, re.S)
    assert not Interaction.objects.exists()

    # Corrected, it logs with her alone.
    fixed = client.post(reverse("keeper_interaction_new"), {**sent, "occurred_on": "2026-05-30"})
    assert fixed.status_code == 302
    assert list(Interaction.objects.get(owner=ana).people.all()) == [grace]


def test_the_with_box_stands_in_for_people_not_in_the_keeper(ana, grace, cy, signed_in):
    """An id that is not the owner's gets no hidden field on the error page: the "With"
    box is back, with the error beside it."""
    theirs = person_create(owner=cy, name="Cy's Friend", circle="50")

    refused = signed_in(ana).post(
        reverse("keeper_interaction_new"),
        {"person_ids": [theirs.pk], "kind": "call", "direction": "mutual"},
    )

    assert refused.status_code == 422
    page = refused.content.decode()
    assert 'name="person_ids"' not in page
    assert re.search(r'id="id_people_error".*No such person', page, re.S)
    assert "Cy's Friend" not in page


def test_deleting_an_interaction_moves_last_contact_back(ana, grace, signed_in):
    old = interaction_log(owner=ana, person_ids=[grace.pk], kind="call", occurred_at=_days_ago(9))
    new = interaction_log(owner=ana, person_ids=[grace.pk], kind="call", occurred_at=_days_ago(1))
    client = signed_in(ana)

    assert client.get(reverse("keeper_interaction_delete", args=[new.pk])).status_code == 405
    response = client.post(reverse("keeper_interaction_delete", args=[new.pk]))

    assert response.status_code == 302
    grace.refresh_from_db()
    assert list(Interaction.objects.all()) == [old]
    assert grace.last_contact_at == old.occurred_at


def test_deleting_a_person_is_a_post_and_removes_them(ana, grace, signed_in):
    client = signed_in(ana)

    assert client.get(reverse("keeper_person_delete", args=[grace.pk])).status_code == 405
    response = client.post(reverse("keeper_person_delete", args=[grace.pk]))

    assert response.status_code == 302 and response["Location"] == reverse("keeper")
    assert not Person.objects.filter(pk=grace.pk).exists()


def test_one_click_move_to_the_suggested_circle(ana, grace, signed_in):
    # A suggestion needs something logged: with nothing, the page suggests nothing
    # (tests/keeper/test_walk_second_pass.py).
    interaction_log(owner=ana, person_ids=[grace.pk], kind="call", occurred_at=_days_ago(200))
    client = signed_in(ana)
    page = client.get(reverse("keeper_person", args=[grace.pk])).content.decode()
    suggested = re.search(r'name="circle" value="([^"]+)"', page).group(1)
    assert suggested != grace.circle
    # The button says the circle's name, not its code ("Move to the acquaintance").
    assert (
        f'<button type="submit" class="button">Move to {Circle.labels[suggested]}</button>' in page
    )
    assert "Move to the" not in page

    response = client.post(reverse("keeper_person_circle", args=[grace.pk]), {"circle": suggested})

    assert response.status_code == 302
    grace.refresh_from_db()
    assert grace.circle == suggested


# --- Keeping in touch -------------------------------------------------------


def test_due_list_gives_reasons_and_reach_out_moves_the_due_date(ana, grace, signed_in):
    interaction_log(owner=ana, person_ids=[grace.pk], kind="call", occurred_at=_days_ago(45))
    client = signed_in(ana)

    page = client.get(reverse("keeper_due"))
    text = main_text(page)
    assert "Overdue (1)" in text
    assert "Grace Mensah" in text and "15 days overdue" in text
    assert "Last contact 45 days ago" in text

    response = client.post(
        reverse("keeper_person_reach_out", args=[grace.pk]), HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 200
    assert f'id="due-{grace.pk}"' in response.content.decode()
    assert "you reached out to Grace Mensah" in response.content.decode()
    grace.refresh_from_db()
    assert grace.due_on(today=NOW.date()) == NOW.date() + dt.timedelta(days=30)
    assert Interaction.objects.get(owner=ana, occurred_at=NOW).kind == "message"
    assert "Nobody is overdue." in main_text(client.get(reverse("keeper_due")))


def test_snooze_for_a_week_a_month_or_to_a_date(ana, grace, signed_in):
    client = signed_in(ana)
    url = reverse("keeper_person_snooze", args=[grace.pk])

    assert client.get(url).status_code == 405
    week = client.post(url, {"duration": "week", "next": reverse("keeper_due")})
    assert week.status_code == 302 and week["Location"] == reverse("keeper_due")
    grace.refresh_from_db()
    assert grace.due_on(today=NOW.date()) == dt.date(2026, 6, 8)

    client.post(url, {"duration": "month"}, HTTP_HX_REQUEST="true")
    grace.refresh_from_db()
    assert grace.snoozed_until == dt.date(2026, 7, 1)

    client.post(url, {"until": "2026-08-15"})
    grace.refresh_from_db()
    assert grace.snoozed_until == dt.date(2026, 8, 15)

    too_far = client.post(url, {"until": "2028-01-01"}, HTTP_HX_REQUEST="true")
    assert too_far.status_code == 422 and "at most a year" in too_far.content.decode()
    past = client.post(url, {"until": "2020-01-01"}, HTTP_HX_REQUEST="true")
    today = client.post(url, {"until": NOW.date().isoformat()}, HTTP_HX_REQUEST="true")
    for refused in (past, today):
        assert refused.status_code == 422
        assert "Snooze until a day after today" in refused.content.decode()
    grace.refresh_from_db()
    assert grace.snoozed_until == dt.date(2026, 8, 15)


def test_a_refused_snooze_keeps_the_row_and_says_why_beside_the_date(ana, grace, signed_in):
    """Snooze with no date chosen: htmx gets the whole row back, its buttons and date
    box still there, the error beside the box, so the member can pick a date."""
    interaction_log(owner=ana, person_ids=[grace.pk], kind="call", occurred_at=_days_ago(45))
    client = signed_in(ana)
    url = reverse("keeper_person_snooze", args=[grace.pk])

    refused = client.post(url, {"until": "", "next": reverse("keeper_due")}, HTTP_HX_REQUEST="true")

    assert refused.status_code == 422
    row = refused.content.decode()
    assert row.lstrip().startswith(f'<li class="list__item due-row" id="due-{grace.pk}"')
    assert "15 days overdue" in row
    assert f'<input type="date" id="snooze-{grace.pk}" name="until" aria-invalid="true" ' in row
    assert re.search(
        rf'id="snooze-{grace.pk}-error" role="alert">Choose a date, or snooze for a week', row
    )
    assert "Snooze 1 week" in row and "Reach out" in row
    # Its buttons send the member back to the due list, not to the snooze address.
    assert f'name="next" value="{reverse("keeper_due")}"' in row
    assert f'name="next" value="{url}"' not in row
    too_far = client.post(url, {"until": "2028-01-01"}, HTTP_HX_REQUEST="true")
    assert too_far.status_code == 422
    assert re.search(
        rf'id="snooze-{grace.pk}-error" role="alert">[^<]*at most a year', too_far.content.decode()
    )
    grace.refresh_from_db()
    assert grace.snoozed_until is None


# --- Circles ------------------------------------------------------------------


def test_an_overflowing_circle_is_said_without_blocking(ana, signed_in):
    for n in range(17):
        person_create(owner=ana, name=f"Close Friend {n}", circle="15" if n > 2 else "5")
    client = signed_in(ana)

    home = main_text(client.get(reverse("keeper")))
    circles = main_text(client.get(reverse("keeper_circles")))

    warning = "Your 15 holds 17 people: Dunbar's layer is 15."
    assert warning in home
    assert warning in circles
    assert "Your 5 holds" not in home
    response = client.post(reverse("keeper_person_new"), {"name": "One More", "circle": "15"})
    assert response.status_code == 302


def test_the_circles_picture_has_a_dot_link_and_a_list_entry_for_each_person(ana, signed_in):
    close = person_create(owner=ana, name="Dana Close", circle="5")
    interaction_log(owner=ana, person_ids=[close.pk], kind="call", occurred_at=_days_ago(30))
    far = person_create(owner=ana, name="Eli Far", circle="150")
    interaction_log(owner=ana, person_ids=[far.pk], kind="call", occurred_at=_days_ago(20))
    person_create(owner=ana, name="Gone Past", circle="past")

    response = signed_in(ana).get(reverse("keeper_circles"))

    html = response.content.decode()
    assert response.status_code == 200
    # A group, not an image: an image's children are presentational, and the marks are links.
    assert re.search(r'<svg[^>]*role="group"[^>]*aria-labelledby="rings-title"', html)
    assert f'href="{reverse("keeper_person", args=[close.pk])}"' in html
    # The marks are out of the Tab order: the list beside has the same links.
    marks = re.findall(r'<a class="dot"[^>]*>', html)
    assert len(marks) == 2 and all('tabindex="-1"' in mark for mark in marks)
    assert "<title>Dana Close: Long overdue</title>" in html  # 30 days on a 7-day cadence
    assert "<title>Eli Far: On time</title>" in html
    assert "Gone Past" not in html
    assert " style=" not in html.split("<main", 1)[1]
    text = main_text(response)
    assert "Dana Close Long overdue" in text and "Eli Far On time" in text


# --- Key people ----------------------------------------------------------------


def test_the_seat_board_shows_twelve_seats_and_the_gaps(ana, grace, signed_in):
    client = signed_in(ana)

    text = main_text(client.get(reverse("keeper_seats")))

    assert KeySeat.objects.filter(owner=ana).count() == 12
    assert "12 of 12 seats are empty" in text
    assert "Empty: who teaches you?" in text and "Empty: who pushes you?" in text
    for group in ("People who teach you", "People who support you", "People who promote you"):
        assert group in text


def test_a_seat_is_filled_renamed_and_emptied(ana, grace, signed_in):
    client = signed_in(ana)
    url = reverse("keeper_seat_edit", args=[2])
    page = client.get(url)
    assert page.status_code == 200
    # "Who sits here" offers the keeper's names as one types.
    form = page.content.decode()
    box = re.search(r'<input type="text" name="person"[^>]*>', form).group(0)
    listed = re.search(r'list="([^"]+)"', box).group(1)
    assert re.search(rf'<datalist id="{listed}">.*<option value="Grace Mensah">', form, re.S)

    bad = client.post(url, {"role": "Expert", "person": "Nobody Known"})
    assert bad.status_code == 422
    assert re.search(r'id="id_person_error".*Nobody called', bad.content.decode(), re.S)

    client.post(url, {"role": "Expert in nursing", "person": "Grace Mensah", "why": "Knows it"})
    seat = KeySeat.objects.get(owner=ana, position=2)
    assert (seat.role, seat.person, seat.why) == ("Expert in nursing", grace, "Knows it")
    assert "Grace Mensah" in main_text(client.get(reverse("keeper_seats")))

    client.post(url, {"role": "Expert in nursing", "person": "Grace Mensah", "clear": "1"})
    seat.refresh_from_db()
    assert seat.person is None
    assert client.get(reverse("keeper_seat_edit", args=[13])).status_code == 404


# --- Duplicates and merge --------------------------------------------------------


def test_duplicates_are_suggested_and_merged_after_a_confirmation(ana, grace, signed_in):
    twin = person_create(
        owner=ana, name="grace mensah", emails=["grace@work.example"], phones=["+44 1"]
    )
    interaction_log(owner=ana, person_ids=[twin.pk], kind="call", occurred_at=_days_ago(3))
    client = signed_in(ana)

    page = main_text(client.get(reverse("keeper_duplicates")))
    assert "Grace Mensah" in page and "grace mensah" in page
    assert client.get(reverse("keeper_merge")).status_code == 405

    confirm = client.post(reverse("keeper_merge"), {"keep_id": grace.pk, "merge_id": twin.pk})
    text = main_text(confirm)
    assert confirm.status_code == 200
    # Two names a screen reader says alike: each is told apart by its organisation.
    assert "Merge grace mensah (no organisation) into Grace Mensah (Fieldnote Health)?" in text
    assert "Fieldnote Health" in text and "+44 1" in text
    assert Person.objects.filter(pk=twin.pk).exists()

    done = client.post(
        reverse("keeper_merge"), {"keep_id": grace.pk, "merge_id": twin.pk, "confirm": "1"}
    )
    assert done.status_code == 302 and done["Location"] == reverse("keeper_person", args=[grace.pk])
    assert not Person.objects.filter(pk=twin.pk).exists()
    grace.refresh_from_db()
    assert [p.pk for p in Interaction.objects.get(owner=ana).people.all()] == [grace.pk]
    assert "+44 1" in [phone["value"] for phone in grace.phones]


def test_two_people_with_one_name_are_told_apart_wherever_a_page_names_both(ana, signed_in):
    with time_machine.travel(NOW - dt.timedelta(days=29), tick=False):
        first = person_create(owner=ana, name="Hannah Hoffmann", organisation="Brightline")
    second = person_create(owner=ana, name="Hannah Hoffmann", organisation="Brightline")
    client = signed_in(ana)

    page = main_text(client.get(reverse("keeper_duplicates")))
    assert (
        "Hannah Hoffmann (added 3 May) and Hannah Hoffmann (added 1 Jun)" in page
        and "Review a merge of Hannah Hoffmann (added 1 Jun) into Hannah Hoffmann (added 3 May)"
        in page
    )
    confirm = client.post(reverse("keeper_merge"), {"keep_id": first.pk, "merge_id": second.pk})
    assert "Merge Hannah Hoffmann (added 1 Jun) into Hannah Hoffmann (added 3 May)?" in main_text(
        confirm
    )
    assert "<title>Merge Hannah Hoffmann (added 1 Jun) into Hannah Hoffmann (added 3 May)" in (
        confirm.content.decode()
    )


# --- Privacy --------------------------------------------------------------------


def _owner_urls(person: Person, interaction: Interaction) -> list[tuple[str, str]]:
    pid = person.pk
    return [
        ("get", reverse("keeper_person", args=[pid])),
        ("get", reverse("keeper_person_edit", args=[pid])),
        ("post", reverse("keeper_person_edit", args=[pid])),
        ("post", reverse("keeper_person_delete", args=[pid])),
        ("post", reverse("keeper_person_circle", args=[pid])),
        ("post", reverse("keeper_person_snooze", args=[pid])),
        ("post", reverse("keeper_person_reach_out", args=[pid])),
        ("post", reverse("keeper_interaction_delete", args=[interaction.pk])),
    ]


def test_another_member_gets_404_for_everything_of_anas(ana, grace, cy, signed_in):
    interaction = interaction_log(owner=ana, person_ids=[grace.pk], kind="call")
    client = signed_in(cy)

    for method, url in _owner_urls(grace, interaction):
        data = {"circle": "5", "duration": "week", "name": "X"} if method == "post" else {}
        assert getattr(client, method)(url, data).status_code == 404, url
    merge = client.post(reverse("keeper_merge"), {"keep_id": grace.pk, "merge_id": grace.pk})
    assert merge.status_code == 404
    logged = client.post(
        reverse("keeper_interaction_new"), {"person_ids": [grace.pk], "kind": "call"}
    )
    assert logged.status_code == 422
    assert Interaction.objects.count() == 1
    for name in ("keeper", "keeper_due", "keeper_circles", "keeper_seats", "keeper_duplicates"):
        assert "Grace" not in main_text(client.get(reverse(name))), name
    grace.refresh_from_db()
    assert grace.circle == "15" and grace.snoozed_until is None


def test_keeper_pages_need_a_login(client):
    response = client.get(reverse("keeper_circles"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


# --- Query counts ---------------------------------------------------------------


def _grow(owner, rows: int) -> Person:
    circles = ["5", "15", "50", "150", "acquaintance", "past"]
    last = None
    for _ in range(rows):
        n = next(_n)
        last = person_create(
            owner=owner, name=f"Person {n:04}", circle=circles[n % len(circles)], tags=["x"]
        )
        interaction_log(
            owner=owner,
            person_ids=[last.pk],
            kind="advice" if n % 2 else "call",
            direction="gave" if n % 2 else "mutual",
            occurred_at=_days_ago(n % 50),
        )
    return last


@pytest.mark.parametrize(
    ("name", "limit"),
    [("keeper", 12), ("keeper_due", 6), ("keeper_circles", 6), ("keeper_seats", 6)],
)
def test_keeper_pages_do_not_grow_with_the_people(name, limit, ana, signed_in):
    client = signed_in(ana)
    client.get(reverse(name))  # the first visit to the board creates its twelve seats
    _grow(ana, 3)
    few = page_queries(client, reverse(name))
    _grow(ana, 27)
    many = page_queries(client, reverse(name), at_most=limit)
    assert many == few


def test_archived_people_add_no_query_to_the_keeper_home(ana, signed_in):
    """The link to the archived list costs nothing: the circle counts' one query counts
    the archived too, however many there are."""
    client = signed_in(ana)
    _grow(ana, 6)
    none_archived = page_queries(client, reverse("keeper"))
    _archive(*Person.objects.filter(owner=ana)[:2])
    some = page_queries(client, reverse("keeper"))
    _grow(ana, 20)
    _archive(*Person.objects.filter(owner=ana, archived_at__isnull=True)[:15])
    many = page_queries(client, reverse("keeper"))
    assert none_archived == some == many
    assert "17 people you archived" in main_text(client.get(reverse("keeper")))


def test_the_person_page_does_not_grow_with_the_people(ana, grace, signed_in):
    client = signed_in(ana)
    url = reverse("keeper_person", args=[grace.pk])
    _grow(ana, 3)
    for _ in range(3):
        interaction_log(owner=ana, person_ids=[grace.pk], kind="call", occurred_at=_days_ago(5))
    few = page_queries(client, url)
    others = [_grow(ana, 1) for _ in range(27)]
    for other in others:
        interaction_log(
            owner=ana, person_ids=[grace.pk, other.pk], kind="coffee", occurred_at=_days_ago(4)
        )
    many = page_queries(client, url, at_most=14)
    assert many == few
