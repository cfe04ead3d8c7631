"""Coffee rounds: opting in, a round's rules, the conversation and opener, "we met"."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
import time_machine
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rapport.coffee.models import CoffeeOptIn, CoffeeRound, Pairing, Participation
from rapport.coffee.services import coffee_opt_in, coffee_pairing_met, coffee_round_run
from rapport.coffee.tasks import run_coffee_round
from rapport.conversations.models import Conversation, Message
from rapport.keeper.models import Interaction, Person
from rapport.keeper.selectors import circle_overview
from rapport.network.selectors import capacity_of
from rapport.network.services import connection_request_send
from rapport.safety.models import Block
from rapport.safety.services import block_create
from tests.api.public_shape import assert_no_private_keys
from tests.conftest import GOOD_NOTE
from tests.web.page_text import main_text

MONDAY = dt.date(2026, 11, 2)
NOW = dt.datetime(2026, 11, 2, 7, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def signed_in(member) -> Client:
    client = Client()
    client.force_login(member)
    return client


def _opted_in(make_member, names, **profile):
    members = []
    for name in names:
        member = make_member(name, **profile)
        coffee_opt_in(member=member, frequency="weekly")
        members.append(member)
    return members


def _pairs(coffee_round) -> set[frozenset[int]]:
    return {frozenset((p.member_low_id, p.member_high_id)) for p in coffee_round.pairings.all()}


def _week(n: int) -> dict:
    """The round n weeks after MONDAY, held at 07:00 that day."""
    return {
        "held_on": MONDAY + dt.timedelta(weeks=n),
        "now": NOW + dt.timedelta(weeks=n),
    }


# --- opting in ----------------------------------------------------------------------


def test_opting_in_over_the_api_says_when_the_next_round_is(make_member, api_as, _frozen):
    ana = make_member("Ana Ruiz")
    api = api_as(ana)
    _frozen.move_to(dt.datetime(2026, 11, 4, 12, tzinfo=dt.UTC))  # a Wednesday

    before = api.get("/coffee").json()
    joined = api.client.put(
        "/api/coffee/opt-in",
        {"frequency": "fortnightly", "topics": "maps, jazz"},
        content_type="application/json",
    )
    after = api.get("/coffee").json()

    assert before == {"opt_in": None, "next_round_on": "2026-11-09"}
    assert joined.status_code == 200
    assert (joined.json()["frequency"], joined.json()["topics"]) == ("fortnightly", "maps, jazz")
    assert after["opt_in"]["frequency_label"] == "Every other week"
    assert api.delete("/coffee/opt-in").status_code == 204
    assert not CoffeeOptIn.objects.exists()


def test_an_unknown_frequency_is_refused_by_name(make_member, api_as):
    response = api_as(make_member()).client.put(
        "/api/coffee/opt-in", {"frequency": "daily"}, content_type="application/json"
    )

    assert (response.status_code, response.json()["field"]) == (422, "frequency")


def test_the_page_opts_in_and_out(make_member):
    ana = make_member("Ana Ruiz")
    client = signed_in(ana)

    joined = client.post(reverse("coffee"), {"frequency": "weekly", "topics": "ceramics"})
    page = client.get(reverse("coffee")).content.decode()
    left = client.post(reverse("coffee_opt_out"))

    assert joined.status_code == 302
    assert "Every week" in page and "Your next round" in page
    assert left.status_code == 302
    assert not CoffeeOptIn.objects.filter(member=ana).exists()


# --- a round ------------------------------------------------------------------------


def test_a_round_pairs_everyone_one_to_one_and_records_each_place(make_member):
    people = _opted_in(make_member, [f"Member {n}" for n in range(6)])

    coffee_round = coffee_round_run(**_week(0))

    paired = [m for pair in _pairs(coffee_round) for m in pair]
    assert sorted(paired) == sorted(m.pk for m in people)
    assert Participation.objects.filter(round=coffee_round, pairing__isnull=True).count() == 0
    assert Participation.objects.filter(round=coffee_round).count() == 6


def test_nobody_twice_in_a_round_is_a_database_rule(make_member):
    ana, _ben = _opted_in(make_member, ["Ana Ruiz", "Ben Okafor"])
    coffee_round = coffee_round_run(**_week(0))

    with pytest.raises(IntegrityError), transaction.atomic():
        Participation.objects.create(round=coffee_round, member=ana)


def test_never_the_connected_nor_the_blocked(make_member, connect):
    ana, ben, cy, dee = _opted_in(make_member, ["Ana Ruiz", "Ben Okafor", "Cy Tran", "Dee Park"])
    connect(ana, ben)
    Block.objects.create(blocker=cy, blocked=ana, created_at=NOW)

    coffee_round = coffee_round_run(**_week(0))

    assert _pairs(coffee_round) == {frozenset((ana.pk, dee.pk)), frozenset((ben.pk, cy.pk))}


def test_never_a_pair_from_the_last_six_rounds(make_member):
    people = _opted_in(make_member, [f"Member {n}" for n in range(4)])
    seen: list[set[frozenset[int]]] = []

    for week in range(3):
        seen.append(_pairs(coffee_round_run(**_week(week))))
    fourth = coffee_round_run(**_week(3))

    # Four people make exactly three perfect pairings; all three are used up.
    assert len(set().union(*seen)) == 6
    assert _pairs(fourth) == set()
    assert sorted(
        Participation.objects.filter(round=fourth).values_list("member", flat=True)
    ) == sorted(m.pk for m in people)
    for week in range(4, 7):
        assert _pairs(coffee_round_run(**_week(week))) == set()
    # Round 0 has dropped out of the last six: its pairs may meet again, and only those.
    assert _pairs(coffee_round_run(**_week(7))) == seen[0]


def test_the_odd_one_out_is_first_in_line_next_round(make_member):
    _opted_in(make_member, ["Ana Ruiz", "Ben Okafor", "Cy Tran"])

    first = coffee_round_run(**_week(0))
    (left_out,) = Participation.objects.filter(round=first, pairing__isnull=True).values_list(
        "member", flat=True
    )
    assert CoffeeOptIn.objects.get(member=left_out).first_in_line

    second = coffee_round_run(**_week(1))

    assert any(left_out in pair for pair in _pairs(second))
    assert not CoffeeOptIn.objects.get(member=left_out).first_in_line


def test_a_fortnightly_member_sits_out_the_week_between(make_member):
    _opted_in(make_member, ["Ana Ruiz", "Ben Okafor", "Cy Tran", "Dee Park", "Eve Laine"])
    fay = make_member("Fay Obi")
    coffee_opt_in(member=fay, frequency="fortnightly")

    rounds = [coffee_round_run(**_week(week)) for week in range(3)]

    took_part = [
        set(Participation.objects.filter(round=r).values_list("member", flat=True)) for r in rounds
    ]
    assert [fay.pk in members for members in took_part] == [True, False, True]


def test_pairs_across_clusters_and_shared_interests_win(make_member, connect):
    """Two clusters of colleagues: each is paired across, with whom they share a topic."""
    ana, priya = _opted_in(
        make_member, ["Ana Ruiz", "Priya Nair"], organisation="Fieldnote", location="Manchester, UK"
    )
    lena, jonas = _opted_in(
        make_member, ["Lena Vogel", "Jonas Weber"], organisation="Kontur", location="Berlin, DE"
    )
    connect(ana, priya)
    connect(lena, jonas)
    for member, topics in (
        (ana, "accessibility"),
        (lena, "accessibility"),
        (priya, "go"),
        (jonas, "go"),
    ):
        coffee_opt_in(member=member, frequency="weekly", topics=topics)

    coffee_round = coffee_round_run(**_week(0))

    assert _pairs(coffee_round) == {frozenset((ana.pk, lena.pk)), frozenset((priya.pk, jonas.pk))}
    pairing = Pairing.objects.get(member_low__in=[ana, lena], member_high__in=[ana, lena])
    assert pairing.shared == ["accessibility"]
    assert set(pairing.bridges) == {"cluster", "organisation", "place"}


def test_a_second_round_on_the_same_day_is_refused(make_member):
    _opted_in(make_member, ["Ana Ruiz", "Ben Okafor"])
    coffee_round_run(**_week(0))

    with pytest.raises(Exception, match="already held"):
        coffee_round_run(**_week(0))


def test_the_worker_holds_the_round_on_mondays_only_and_once(make_member, _frozen):
    _opted_in(make_member, ["Ana Ruiz", "Ben Okafor"])

    _frozen.move_to(dt.datetime(2026, 11, 1, 9, tzinfo=dt.UTC))  # Sunday
    run_coffee_round.enqueue()
    assert not CoffeeRound.objects.exists()
    _frozen.move_to(NOW)
    run_coffee_round.enqueue()
    run_coffee_round.enqueue()

    assert list(CoffeeRound.objects.values_list("held_on", flat=True)) == [MONDAY]


# --- after the round ----------------------------------------------------------------


@pytest.fixture
def paired(make_member):
    ana = make_member(
        "Ana Ruiz",
        organisation="Fieldnote Health",
        location="Manchester, UK",
        interests="accessibility, ceramics",
        looking_for="People who made accessibility audits stick after the consultants left.",
        can_help_with="Research sessions with patients and nurses.",
    )
    lena = make_member(
        "Lena Vogel",
        organisation="Kontur Mobility",
        location="Berlin, Germany",
        interests="accessibility, cycling",
        looking_for="Advice on running research with patients.",
        can_help_with="Accessibility audits that stick.",
    )
    for member in (ana, lena):
        coffee_opt_in(member=member, frequency="weekly")
    coffee_round_run(**_week(0))
    return ana, lena, Pairing.objects.get()


def test_each_side_gets_a_conversation_an_opener_and_the_reasons(paired, api_as):
    ana, lena, pairing = paired

    mine = api_as(ana).get(f"/coffee/pairings/{pairing.pk}").json()

    assert mine["partner"]["name"] == "Lena Vogel"
    assert mine["opener"].startswith("Hi Lena, the coffee round paired us this week.")
    assert "We both care about accessibility" in mine["opener"]
    assert "looking for" in mine["opener"]
    assert mine["reasons"][0] == "You both care about accessibility."
    assert any("another organisation (Kontur Mobility)" in r for r in mine["reasons"])
    conversation = Conversation.objects.get(pk=mine["conversation_id"])
    assert conversation.origin == "coffee"
    assert api_as(lena).get("/coffee/pairings").json()[0]["opener"].startswith("Hi Ana,")
    assert_no_private_keys(mine)


def _blocked_by_lena_who_moved_on(paired):
    """Lena blocks Ana, then changes her profile: none of it may reach Ana."""
    ana, lena, pairing = paired
    block_create(blocker=lena, blocked_id=ana.pk)
    lena.headline, lena.organisation = "Quietly moved on", "Hidden Harbour"
    lena.save(update_fields=["headline", "organisation"])
    return ana, lena, pairing


def test_a_partner_who_blocked_you_shows_only_their_name_in_the_api(paired, api_as):
    """A pairing outlives a block, but the blocked member sees nothing of the blocker's
    profile (docs/security.md): no headline, organisation or photo, and no reason that
    reads the organisation now. The blocker still sees the blocked member's."""
    ana, lena, pairing = _blocked_by_lena_who_moved_on(paired)
    api = api_as(ana)

    answers = [
        api.get("/coffee/pairings").json()[0],
        api.get(f"/coffee/pairings/{pairing.pk}").json(),
        api.post(f"/coffee/pairings/{pairing.pk}/met").json(),
    ]
    lenas = api_as(lena).get(f"/coffee/pairings/{pairing.pk}").json()

    for answer in answers:
        assert answer["partner"] == {
            "id": lena.pk,
            "name": "Lena Vogel",
            "headline": "",
            "organisation": "",
            "photo_url": None,
            "photo_small_url": None,
        }
        assert "Hidden Harbour" not in str(answer) and "moved on" not in str(answer)
        assert answer["reasons"][0] == "You both care about accessibility."
    assert lenas["partner"]["organisation"] == "Fieldnote Health"
    assert any("another organisation (Fieldnote Health)" in r for r in lenas["reasons"])


def test_a_partner_who_blocked_you_shows_only_their_name_on_the_pages(paired):
    ana, lena, pairing = _blocked_by_lena_who_moved_on(paired)

    pages = [
        main_text(signed_in(ana).get(reverse("coffee"))),
        main_text(signed_in(ana).get(reverse("coffee_pairing", args=[pairing.pk]))),
    ]
    lenas = main_text(signed_in(lena).get(reverse("coffee_pairing", args=[pairing.pk])))

    for page in pages:
        assert "Lena Vogel" in page
        assert "Hidden Harbour" not in page and "moved on" not in page
    assert "Fieldnote Health" in lenas


def test_the_pair_may_write_although_not_connected(paired):
    ana, _lena, pairing = paired
    client = signed_in(ana)

    page = client.get(reverse("coffee_pairing", args=[pairing.pk])).content.decode()
    sent = client.post(
        reverse("conversation", args=[pairing.conversation_id]), {"body": pairing.opener_low}
    )

    assert "Say hello" in page and pairing.opener_low.split(",")[0] in page
    # The way back sits clear of the header (rapport.css, .back-link).
    assert f'<p class="back-link"><a href="{reverse("coffee")}">Coffee rounds</a></p>' in page
    assert sent.status_code == 302
    assert Message.objects.get().body == pairing.opener_low


def test_once_the_pair_has_written_the_page_offers_no_mirrored_opener(paired):
    """A reply answers what the other wrote, which this page does not show: the
    opener again, relabelled "reply", asked Lena back her own question."""
    ana, lena, pairing = paired
    thread = reverse("conversation", args=[pairing.conversation_id])
    assert signed_in(lena).post(thread, {"body": pairing.opener_high}).status_code == 302

    response = signed_in(ana).get(reverse("coffee_pairing", args=[pairing.pk]))

    page, text = response.content.decode(), main_text(response)
    assert "Lena Vogel wrote first: read it and reply" in text
    assert f'href="{thread}"' in page
    assert "the coffee round paired us this week" not in page
    assert "suggested" not in text.lower()
    assert f'action="{thread}"' not in page


def test_writing_to_the_partner_makes_them_an_acquaintance_not_one_of_the_150(paired, _frozen):
    """The first message used to add each to the other's 150 (the keeper's outer
    Dunbar circle); the connection cap, counted from connections, never moved."""
    ana, lena, pairing = paired
    url = reverse("conversation", args=[pairing.conversation_id])

    assert signed_in(ana).post(url, {"body": pairing.opener_low}).status_code == 302
    assert signed_in(lena).post(url, {"body": pairing.opener_high}).status_code == 302

    for owner, other in ((ana, lena), (lena, ana)):
        person = Person.objects.get(owner=owner, member=other)
        assert (person.circle, person.met_context) == ("acquaintance", "")
        # The page hands over the thread it loaded (names only): the entry is whole.
        assert (person.name, person.organisation) == (other.name, other.organisation)
        loads = {load.circle: load for load in circle_overview(owner=owner)}
        assert (loads["150"].inclusive_count, loads["acquaintance"].count) == (0, 1)
        assert capacity_of(member=owner)[0] == 0
        assert Interaction.objects.filter(owner=owner, kind="message").count() == 1
    _frozen.move_to(NOW + dt.timedelta(days=3))
    coffee_pairing_met(member=ana, pairing_id=pairing.pk)
    person = Person.objects.get(owner=lena, member=ana)
    assert (person.circle, person.met_context, person.met_on) == (
        "acquaintance",
        "coffee",
        dt.date(2026, 11, 5),
    )


def test_a_pairing_is_the_pairs_alone(paired, make_member, api_as):
    _ana, _lena, pairing = paired
    cy = make_member("Cy Tran")

    assert api_as(cy).get(f"/coffee/pairings/{pairing.pk}").status_code == 404
    assert signed_in(cy).get(reverse("coffee_pairing", args=[pairing.pk])).status_code == 404
    assert api_as(cy).get("/coffee/pairings").json() == []


def test_we_met_logs_a_coffee_in_both_keepers_once_and_verifies_a_request(paired, api_as, _frozen):
    ana, lena, pairing = paired
    _frozen.move_to(NOW + dt.timedelta(days=3))

    first = api_as(lena).post(f"/coffee/pairings/{pairing.pk}/met")
    again = api_as(ana).post(f"/coffee/pairings/{pairing.pk}/met")

    assert first.json()["you_met"] and not first.json()["partner_met"]
    assert again.json()["you_met"] and again.json()["partner_met"]
    for owner, other in ((ana, lena), (lena, ana)):
        person = Person.objects.get(owner=owner, member=other)
        assert (person.circle, person.met_context) == ("acquaintance", "coffee")
        (interaction,) = Interaction.objects.filter(owner=owner)
        assert interaction.kind == "coffee"
        assert interaction.note == "Paired in the coffee round of 2 Nov 2026."
    sent = connection_request_send(
        sender=ana, recipient_id=lena.pk, context="coffee", note=GOOD_NOTE.format(name="Lena")
    )
    assert sent.verified == "Paired in the coffee round of 2 Nov 2026"


def test_a_coffee_request_is_not_verified_before_anyone_said_they_met(paired):
    ana, lena, _pairing = paired

    sent = connection_request_send(
        sender=ana, recipient_id=lena.pk, context="coffee", note=GOOD_NOTE.format(name="Lena")
    )

    assert sent.verified == ""


def test_the_hold_is_a_tentative_half_hour_on_thursday(paired):
    ana, _lena, pairing = paired

    response = signed_in(ana).get(reverse("coffee_pairing_ics", args=[pairing.pk]))

    event = icalendar.Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert str(event["summary"]) == "Coffee with Lena Vogel (hold)"
    assert str(event["status"]) == "TENTATIVE"
    assert event.decoded("dtstart") == dt.datetime(2026, 11, 5, 10, 0, tzinfo=dt.UTC)
    assert event.decoded("dtend") - event.decoded("dtstart") == dt.timedelta(minutes=30)


def test_pages_cost_a_constant_handful_of_queries(make_member, django_assert_max_num_queries):
    people = _opted_in(make_member, [f"Member {n}" for n in range(10)])
    for week in range(5):
        coffee_round_run(**_week(week))
    client = signed_in(people[0])
    pairing = (
        Pairing.objects.filter(member_low=people[0]).first()
        or Pairing.objects.filter(member_high=people[0]).first()
    )

    with django_assert_max_num_queries(10):
        home = client.get(reverse("coffee"))
    with django_assert_max_num_queries(10):
        detail = client.get(reverse("coffee_pairing", args=[pairing.pk]))

    assert home.status_code == detail.status_code == 200
    assert home.content.decode().count("Round of ") == 5


# --- the hold, in the pair's time zones -----------------------------------------------


def test_each_pairs_hold_falls_in_both_working_days(make_member, api_as):
    """Toronto (UTC-5) and Manchester (UTC+0) in November: 10:00 and 15:00, where one
    hold for the whole round put Toronto's at 05:00. Each sees it in their own zone, the
    calendar file in UTC, and each opener names the day as its reader sees it."""
    ana = make_member("Ana Ruiz", time_zone="America/Toronto")
    lena = make_member("Lena Vogel", time_zone="Europe/London")
    for member in (ana, lena):
        coffee_opt_in(member=member, frequency="weekly")

    coffee_round_run(**_week(0))

    pairing = Pairing.objects.get()
    assert pairing.hold_starts_at == dt.datetime(2026, 11, 5, 15, 0, tzinfo=dt.UTC)
    pages = {
        member.name: main_text(signed_in(member).get(reverse("coffee_pairing", args=[pairing.pk])))
        for member in (ana, lena)
    }
    assert "A half-hour hold on Thursday 5 November, 10:00 EST" in pages["Ana Ruiz"]
    assert "A half-hour hold on Thursday 5 November, 15:00 GMT" in pages["Lena Vogel"]
    ics = signed_in(ana).get(reverse("coffee_pairing_ics", args=[pairing.pk]))
    event = icalendar.Calendar.from_ical(ics.content).walk("VEVENT")[0]
    assert event.decoded("dtstart") == dt.datetime(2026, 11, 5, 15, 0, tzinfo=dt.UTC)
    mine = api_as(ana).get(f"/coffee/pairings/{pairing.pk}").json()
    assert mine["hold_starts_at"] == "2026-11-05T15:00:00Z"


def test_across_the_date_line_each_opener_names_the_day_its_reader_sees(make_member):
    """Tokyo's Thursday morning is Wednesday afternoon in Los Angeles."""
    kenji = make_member("Kenji Sato", time_zone="Asia/Tokyo")
    rosa = make_member("Rosa Diaz", time_zone="America/Los_Angeles")
    for member in (kenji, rosa):
        coffee_opt_in(member=member, frequency="weekly")

    coffee_round_run(**_week(0))

    pairing = Pairing.objects.get()
    assert pairing.hold_starts_at == dt.datetime(2026, 11, 5, 1, 0, tzinfo=dt.UTC)
    to_rosa, to_kenji = (
        (pairing.opener_low, pairing.opener_high)
        if pairing.member_low_id == kenji.pk
        else (pairing.opener_high, pairing.opener_low)
    )
    assert "Would half an hour on Wednesday suit you" in to_rosa
    assert "Would half an hour on Thursday suit you" in to_kenji


def test_a_round_costs_the_same_queries_for_more_members_and_zones(make_member):
    """The members' zones come with them: choosing each pair's hold reads nothing."""
    zones = ["America/Toronto", "Europe/London", "Asia/Tokyo", "America/Los_Angeles", "UTC"]

    def queries_for_a_round(week: int, members: int) -> int:
        for n in range(members):
            member = make_member(f"Week{week} Member{n}", time_zone=zones[n % len(zones)])
            coffee_opt_in(member=member, frequency="monthly")
        with CaptureQueriesContext(connection) as captured:
            coffee_round = coffee_round_run(**_week(week))
        assert coffee_round.pairings.count() == members // 2
        return len(captured)

    queries_for_a_round(0, 2)  # a round before: the later two read its pairs alike
    assert queries_for_a_round(1, 4) == queries_for_a_round(2, 12)
