"""Reads from the keeper: search, due lists, circles, suggestions, reciprocity,
duplicates; each for its owner only, each in a fixed number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.cache import cache

from rapport.errors import NotFound
from rapport.keeper import selectors as keeper_selectors
from rapport.keeper.duplicates import duplicate_suggestions
from rapport.keeper.selectors import (
    Suggestion,
    circle_overview,
    circle_suggestion,
    circle_suggestions,
    interactions_of,
    keep_in_touch,
    people_of,
    person_get,
    reciprocity_for,
    reciprocity_overall,
)
from rapport.keeper.services import (
    interaction_delete,
    interaction_log,
    person_create,
    person_link_member,
    person_update,
)

NOW = dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC)
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def ana(make_member):
    return make_member("Ana Ruiz")


@pytest.fixture
def bo(make_member):
    return make_member("Bo Lind")


def ago(days: int) -> dt.datetime:
    return NOW - dt.timedelta(days=days)


def log(owner, people, days, **fields):
    fields.setdefault("kind", "conversation")
    return interaction_log(
        owner=owner, person_ids=[p.pk for p in people], occurred_at=ago(days), **fields
    )


def names(people):
    return [person.name for person in people]


# --- people_of, person_get, interactions_of ------------------------------------


def test_search_needs_every_word_and_reads_names_organisations_roles_emails_tags(ana, bo):
    grace = person_create(
        owner=ana,
        name="Grace Mensah",
        organisation="Fieldnote Health",
        role="Nurse lead",
        emails=["grace@fieldnote.example"],
        tags=["mentoring", "café"],
    )
    person_create(owner=ana, name="Omar Haddad", organisation="Fieldnote Health", role="CTO")
    person_create(owner=ana, name="Zoe Fair", tags=["fairs"])
    person_create(owner=bo, name="Grace Other", organisation="Fieldnote Health")

    assert names(people_of(owner=ana)) == ["Grace Mensah", "Omar Haddad", "Zoe Fair"]
    assert names(people_of(owner=ana, query="fieldnote")) == ["Grace Mensah", "Omar Haddad"]
    assert names(people_of(owner=ana, query="fieldnote nurse")) == ["Grace Mensah"]
    assert names(people_of(owner=ana, query="GRACE@fieldnote")) == ["Grace Mensah"]
    assert names(people_of(owner=ana, query="mentor")) == ["Grace Mensah"]
    assert names(people_of(owner=ana, query="café")) == ["Grace Mensah"]
    assert names(people_of(owner=ana, query="fieldnote nobody")) == []
    # The JSON keys of stored emails are not searchable words.
    assert names(people_of(owner=ana, query="value")) == []
    assert names(people_of(owner=ana, tag="mentoring")) == ["Grace Mensah"]
    assert names(people_of(owner=ana, tag="café")) == ["Grace Mensah"]
    assert names(people_of(owner=ana, tag="fair")) == []
    person_create(owner=ana, name="Ines Kahn", circle="5")
    assert names(people_of(owner=ana, circle="5")) == ["Ines Kahn"]
    assert grace.pk in {p.pk for p in people_of(owner=ana, query="health")}


def test_a_search_word_finds_the_words_it_begins_not_the_words_it_is_inside(ana):
    """ "ana" finds Ana and María Ana, not Diana, Léana, Banana Republic or a tag
    "management", in every field searched; after a hyphen, an "@" or a dot a word
    begins too."""
    person_create(owner=ana, name="Ana Ruiz")
    person_create(owner=ana, name="María Ana López")
    person_create(owner=ana, name="Diana Prince", organisation="Banana Republic")
    person_create(owner=ana, name="Léana Roy", role="Montana ranger", tags=["management"])
    person_create(owner=ana, name="Bo Chen", emails=["bo@diana.example"], tags=["ux"])
    person_create(owner=ana, name="Cy Hart", organisation="Anaconda", role="Analyst")
    person_create(owner=ana, name="Dee Moss", tags=["Anarchy"], emails=["dee@ana.example"])
    person_create(owner=ana, name="Jean-Luc Petit", emails=["jl.ana@mail.example"])

    assert names(people_of(owner=ana, query="ana")) == [
        "Ana Ruiz",
        "Cy Hart",
        "Dee Moss",
        "Jean-Luc Petit",
        "María Ana López",
    ]
    assert names(people_of(owner=ana, query="ANA")) == names(people_of(owner=ana, query="ana"))
    assert names(people_of(owner=ana, query="luc")) == ["Jean-Luc Petit"]
    assert names(people_of(owner=ana, query="léana")) == ["Léana Roy"]
    for inside in ("iana", "eana", "ontana", "agement", "nchy", "uc"):
        assert names(people_of(owner=ana, query=inside)) == [], inside


def test_another_members_person_is_not_found(ana, bo):
    theirs = person_create(owner=bo, name="Grace Mensah")
    with pytest.raises(NotFound) as caught:
        person_get(owner=ana, person_id=theirs.pk)
    assert caught.value.field == "person_id"
    with pytest.raises(NotFound):
        person_get(owner=ana, person_id=theirs.pk + 1000)
    assert person_get(owner=bo, person_id=theirs.pk) == theirs


def test_interactions_newest_first_with_people_and_only_the_owners(
    ana, bo, django_assert_num_queries
):
    grace = person_create(owner=ana, name="Grace Mensah")
    omar = person_create(owner=ana, name="Omar Haddad")
    oldest = log(ana, [grace], 30)
    both = log(ana, [grace, omar], 10, kind="coffee")
    newest = log(ana, [omar], 1)
    theirs = person_create(owner=bo, name="Grace Mensah")
    log(bo, [theirs], 1)

    with django_assert_num_queries(2):
        listed = interactions_of(owner=ana)
        people = [names(interaction.people.all()) for interaction in listed]
    assert [i.pk for i in listed] == [newest.pk, both.pk, oldest.pk]
    assert people == [["Omar Haddad"], ["Grace Mensah", "Omar Haddad"], ["Grace Mensah"]]
    assert [i.pk for i in interactions_of(owner=ana, person=grace)] == [both.pk, oldest.pk]
    assert [i.pk for i in interactions_of(owner=ana, limit=1)] == [newest.pk]
    assert interactions_of(owner=ana, person=theirs) == []


# --- keep_in_touch ----------------------------------------------------------------


def test_due_lists_say_who_and_why(ana, bo):
    fifty = person_create(owner=ana, name="Fay Fifty", circle="50")
    log(ana, [fifty], 94)
    five = person_create(owner=ana, name="Finn Five", circle="5")
    log(ana, [five], 3)  # due in 4 days
    custom = person_create(owner=ana, name="Cass Custom", circle="acquaintance", cadence_days=20)
    log(ana, [custom], 25)
    never = person_create(owner=ana, name="Nia Never", circle="150")
    snoozed = person_create(
        owner=ana, name="Sam Snoozed", circle="15", snoozed_until=TODAY + dt.timedelta(days=10)
    )
    log(ana, [snoozed], 60)
    far = person_create(owner=ana, name="Fran Far", circle="150")
    log(ana, [far], 10)  # due in 355 days
    quiet = person_create(owner=ana, name="Quinn Quiet", circle="acquaintance")
    log(ana, [quiet], 900)
    past = person_create(owner=ana, name="Pat Past", circle="past")
    theirs = person_create(owner=bo, name="Their Fifty", circle="50")
    log(bo, [theirs], 200)

    due = keep_in_touch(owner=ana, today=TODAY)

    assert [(i.person.name, i.days_overdue, i.reason) for i in due.overdue] == [
        ("Cass Custom", 5, "Last contact 25 days ago; you chose every 20 days"),
        ("Fay Fifty", 4, "Last contact 94 days ago; your cadence for the 50 is 90 days"),
    ]
    assert [(i.person.name, i.due_on, i.reason) for i in due.due_soon] == [
        (
            "Nia Never",
            TODAY,
            "Never in touch since you added them; your cadence for the 150 is 365 days",
        ),
        (
            "Finn Five",
            TODAY + dt.timedelta(days=4),
            "Last contact 3 days ago; your cadence for the 5 is 7 days",
        ),
        (
            "Sam Snoozed",
            TODAY + dt.timedelta(days=10),
            "Snoozed until 11 June 2026; last contact 60 days ago; your cadence for the 15 is 30 days",
        ),
    ]
    listed = {i.person.pk for i in due.overdue + due.due_soon}
    assert not listed & {far.pk, quiet.pk, past.pk, theirs.pk}
    assert never.pk in listed
    assert [
        i.person.name for i in keep_in_touch(owner=ana, today=TODAY, horizon_days=3).due_soon
    ] == ["Nia Never"]


@pytest.mark.parametrize("size", [3, 30])
def test_due_lists_cost_one_query_however_many_people(ana, size, django_assert_num_queries):
    for n in range(size):
        person = person_create(owner=ana, name=f"Person {n:02}", circle="50")
        log(ana, [person], 80 + n)
    with django_assert_num_queries(1):
        due = keep_in_touch(owner=ana, today=TODAY)
        reasons = [item.reason for item in due.overdue + due.due_soon]
    assert len(reasons) == size


# --- circles ----------------------------------------------------------------------


def test_circle_overview_counts_inclusively_and_flags_overflow(ana, bo, django_assert_num_queries):
    for n in range(6):
        person_create(owner=ana, name=f"Close {n}", circle="5")
    for n in range(8):
        person_create(owner=ana, name=f"Near {n}", circle="15")
    person_create(owner=ana, name="Old", circle="past")
    person_create(owner=bo, name="Theirs", circle="5")

    with django_assert_num_queries(1):
        loads = {load.circle: load for load in circle_overview(owner=ana)}

    assert list(loads) == ["5", "15", "50", "150", "acquaintance", "past"]
    five, fifteen, fifty = loads["5"], loads["15"], loads["50"]
    assert (five.count, five.inclusive_count, five.capacity, five.overflowing) == (6, 6, 5, True)
    assert (fifteen.count, fifteen.inclusive_count, fifteen.capacity, fifteen.overflowing) == (
        8,
        14,
        15,
        False,
    )
    assert (fifty.count, fifty.inclusive_count, fifty.overflowing) == (0, 14, False)
    assert loads["150"].inclusive_count == 14
    assert (loads["past"].count, loads["past"].capacity, loads["past"].overflowing) == (
        1,
        None,
        False,
    )
    assert loads["5"].label == "5 · support"


def layered_keeper(owner):
    """Four layers of contact, as Dunbar's circles are: over the last year 3 people
    seen weekly, 5 monthly (Grace among them), 5 quarterly; and 5 seen about once a
    year for two years. Each layer meets together: a visit is one group interaction."""
    layers = [("Weekly", 3, 7), ("Monthly", 5, 30), ("Quarterly", 5, 91), ("Yearly", 5, 390)]
    people = {}
    for label, count, every in layers:
        names_ = [f"{label} {n}" for n in range(count)]
        if label == "Monthly":
            names_[0] = "Grace Mensah"
        group = [person_create(owner=owner, name=name) for name in names_]
        people[label] = group
        for days in range(1, 800, every) if label == "Yearly" else range(1, 365, every):
            log(owner, group, days)
    return people


def test_a_circle_is_suggested_from_the_circles_found_in_the_whole_history(
    ana, bo, django_assert_num_queries
):
    people = layered_keeper(ana)
    grace = people["Monthly"][0]
    log(ana, [grace], 2, kind="advice", direction="gave", favour="advice")
    log(ana, [grace], 3, kind="help", direction="received", favour="help")
    theirs = person_create(owner=bo, name="Theirs")
    for n in range(20):
        log(bo, [theirs], n)

    with django_assert_num_queries(3):  # history key, (person, time) pairs, Grace's own
        suggestion = circle_suggestion(owner=ana, person=grace, now=NOW)

    assert suggestion.circle == "15"
    assert suggestion.reason == (
        "About 15 contacts a year; the engine found 4 circles in your history and Grace "
        "sits in the 15. In touch 5 times in the last 90 days, mostly in groups; "
        "you have given 1 favour and received 1 this year"
    )
    assert circle_suggestion(owner=ana, person=people["Weekly"][1], now=NOW).circle == "5"
    assert circle_suggestion(owner=ana, person=people["Quarterly"][0], now=NOW).circle == "50"
    assert circle_suggestion(owner=ana, person=people["Yearly"][4], now=NOW).circle == "150"
    new = person_create(owner=ana, name="New Person")
    assert circle_suggestion(owner=ana, person=new, now=NOW) == Suggestion(
        circle="acquaintance", reason="No interactions logged yet"
    )
    everyone = circle_suggestions(owner=ana, now=NOW)
    assert everyone[grace.pk] == suggestion
    assert everyone[new.pk] == circle_suggestion(owner=ana, person=new, now=NOW)
    assert theirs.pk not in everyone


def test_fewer_circles_than_four_are_explained_and_silence_reads_as_past(ana):
    grace = person_create(owner=ana, name="Grace Mensah")
    omar = person_create(owner=ana, name="Omar Haddad")
    once = person_create(owner=ana, name="Met Once")
    gone = person_create(owner=ana, name="Old Friend")
    for days in range(1, 365, 7):
        log(ana, [grace], days)
    for days in range(1, 365, 30):
        log(ana, [omar], days)
    log(ana, [once], 500)
    log(ana, [gone], 400)
    log(ana, [gone], 800)

    suggestions = circle_suggestions(owner=ana, now=NOW)

    assert suggestions[grace.pk].circle == "5"
    assert suggestions[omar.pk].circle == "15"
    assert suggestions[omar.pk].reason.startswith(
        "About 13 contacts a year; the engine found 2 circles in your history (read the "
        "first as the 5, the second as the 15) and Omar sits in the 15. In touch "
    )
    assert suggestions[once.pk].circle == "acquaintance"
    assert suggestions[once.pk].reason.startswith(
        "About 0.7 contacts a year, below the one a year the engine counts as an active tie."
    )
    assert suggestions[gone.pk].circle == "past"
    assert suggestions[gone.pk].reason.startswith(
        "A tie silent for over a year counts as past. Last in touch 13 months ago"
    )


def test_a_tie_made_yesterday_is_suggested_no_closer_than_it_has_earned(ana):
    """With a quiet history, a new tie's one contact read as the most frequent of all
    and it was suggested for the 5. Its person page now says what it needs first."""
    for name in ("Old One", "Old Two"):
        person = person_create(owner=ana, name=name)
        for days, direction in ((700, "gave"), (400, "received"), (120, "gave")):
            log(ana, [person], days, direction=direction)
    bea = person_create(owner=ana, name="Bea Santos")
    log(ana, [bea], 1, kind="message")

    suggestion = circle_suggestion(owner=ana, person=bea, now=NOW)

    assert suggestion.circle == "150"
    assert suggestion.reason.startswith(
        "About 2 contacts a year; the engine found 1 circle in your history (read the first "
        "as the 5) and Bea sits in the 5 by frequency; a closer circle needs conversations "
        "on 2 different days, so the 150 for now. In touch once"
    )
    everyone = circle_suggestions(owner=ana, now=NOW)
    assert everyone[bea.pk] == suggestion
    assert [s.circle for pk, s in everyone.items() if pk != bea.pk] == ["15", "15"]


@pytest.mark.parametrize("size", [3, 30])
def test_suggestions_for_everyone_cost_two_queries(ana, size, django_assert_num_queries):
    people = [person_create(owner=ana, name=f"Person {n:02}") for n in range(size)]
    for n, person in enumerate(people):
        log(ana, [person], n)
        log(ana, [person, people[0]], n + 100)
    person_create(owner=ana, name="No History")
    with django_assert_num_queries(2):
        suggestions = circle_suggestions(owner=ana, now=NOW)
    assert len(suggestions) == size + 1
    assert {person.pk for person in people} < set(suggestions)
    assert suggestions[people[1].pk].reason.endswith(
        "In touch once in the last 90 days, mostly one to one"
    )


def test_a_large_history_is_cached_until_it_changes(ana, monkeypatch, django_assert_num_queries):
    """From SUGGESTION_CACHE_FROM links the found circles are cached; logging,
    deleting or merging changes the key, so the suggestion follows the history."""
    monkeypatch.setattr(keeper_selectors, "SUGGESTION_CACHE_FROM", 1)
    cache.clear()
    grace = person_create(owner=ana, name="Grace Mensah")
    omar = person_create(owner=ana, name="Omar Haddad")
    for days in range(1, 365, 7):
        log(ana, [grace], days)
    for days in range(1, 365, 30):
        log(ana, [omar], days)
    assert circle_suggestion(owner=ana, person=omar, now=NOW).circle == "15"
    with django_assert_num_queries(2):  # the key and Omar's own; the circles are cached
        assert circle_suggestion(owner=ana, person=omar, now=NOW).circle == "15"

    for days in range(2, 365, 7):
        log(ana, [omar], days)  # now weekly too: one circle of two
    assert circle_suggestion(owner=ana, person=omar, now=NOW).circle == "5"
    interaction_delete(owner=ana, interaction_id=log(ana, [omar], 1).pk)
    assert circle_suggestion(owner=ana, person=omar, now=NOW).circle == "5"


# --- reciprocity ------------------------------------------------------------------


def test_reciprocity_in_words_for_a_person_and_overall(ana, bo):
    omar = person_create(owner=ana, name="Omar Haddad")
    grace = person_create(owner=ana, name="Grace Mensah")
    log(ana, [omar], 200, kind="advice", direction="gave", favour="advice")
    for n in (150, 90, 40, 5):
        log(ana, [omar], n, kind="introduction", direction="received")
    log(ana, [grace], 20, kind="coffee", direction="gave", favour="advice")
    log(ana, [grace], 21, kind="coffee", direction="gave", favour="advice")
    log(ana, [grace], 30)  # a plain conversation is no favour
    theirs = person_create(owner=bo, name="Omar Haddad")
    log(bo, [theirs], 5, kind="help", direction="gave")

    assert reciprocity_for(owner=ana, person=omar, now=NOW) == (
        "You have asked Omar for help 4 times since you last offered any."
    )
    assert reciprocity_for(owner=ana, person=grace, now=NOW) == (
        "You gave Grace advice twice in May."
    )
    assert reciprocity_overall(owner=ana, now=NOW) == [
        "In the last 12 months you gave 3 favours and received 4 favours.",
        "You mostly take from Omar Haddad — is there something you could offer?",
        "Too early to tell with Grace Mensah: one or two favours so far.",
    ]
    fresh = person_create(owner=ana, name="Fresh")
    assert reciprocity_for(owner=ana, person=fresh, now=NOW) == (
        "Nothing given or received in the last 12 months."
    )


# --- duplicates -------------------------------------------------------------------


def pairs_of(owner):
    return {
        (pair.keep.name, pair.other.name): pair.reasons
        for pair in duplicate_suggestions(owner=owner)
    }


def test_duplicates_by_email_phone_and_profile(ana, bo):
    person_create(owner=ana, name="Grace Mensah", emails=["grace@example.org"])
    person_create(owner=ana, name="G. Mensah-Owusu", emails=["GRACE@example.org"])
    person_create(owner=ana, name="Omar Haddad", phones=["+44 (0)161 555 0100"])
    person_create(owner=ana, name="Omar H", phones=["0161 555 0100"])
    person_create(owner=ana, name="Lena Berg", linkedin_url="linkedin.com/in/lenaberg")
    person_create(
        owner=ana, name="Lena B.", links=[{"url": "https://de.linkedin.com/in/LenaBerg/"}]
    )
    person_create(owner=bo, name="Grace Copy", emails=["grace@example.org"])

    assert pairs_of(ana) == {
        ("Grace Mensah", "G. Mensah-Owusu"): ["Same email address: grace@example.org"],
        ("Lena Berg", "Lena B."): ["Same LinkedIn profile"],
        ("Omar Haddad", "Omar H"): ["Same phone number"],
    }


def test_similar_names_at_the_same_organisation(ana):
    person_create(owner=ana, name="José Núñez", organisation="Acme Ltd")
    person_create(owner=ana, name="Nunez, Jose", organisation="ACME ltd")
    person_create(owner=ana, name="Katherine Johnson", organisation="NASA")
    person_create(owner=ana, name="Katharine Johnson", organisation="NASA")
    person_create(owner=ana, name="J. Smith", organisation="Initech")
    person_create(owner=ana, name="John Smith", organisation="Initech")
    assert pairs_of(ana) == {
        ("José Núñez", "Nunez, Jose"): ["Similar names at Acme Ltd"],
        ("J. Smith", "John Smith"): ["Similar names at Initech"],
        ("Katherine Johnson", "Katharine Johnson"): ["Similar names at NASA"],
    }


def test_the_same_name_with_no_organisation_on_one_side_is_suggested(ana):
    person_create(owner=ana, name="Ana Silva", organisation="Acme")
    person_create(owner=ana, name="Silva, Ana")

    assert pairs_of(ana) == {("Ana Silva", "Silva, Ana"): ["Same name"]}


def test_near_misses_are_not_duplicates(ana, make_member):
    # Same name, different organisations: namesakes.
    person_create(owner=ana, name="Ana Silva", organisation="Acme")
    person_create(owner=ana, name="Ana Silva", organisation="Globex")
    # Similar names at one organisation, but different people.
    person_create(owner=ana, name="Jane Smith", organisation="Initech")
    person_create(owner=ana, name="John Smith", organisation="Initech")
    person_create(owner=ana, name="Mark Lee", organisation="Initech")
    person_create(owner=ana, name="Mary Lee", organisation="Initech")
    # Phones that share only a short tail or an extension.
    person_create(owner=ana, name="Tom One", phones=["555 0100"])
    person_create(owner=ana, name="Tim Two", phones=["+1 212 555 0100"])
    # Same email, but two different members: two people.
    first, second = make_member("Pat One"), make_member("Pat Two")
    one = person_link_member(owner=ana, member=first)
    two = person_link_member(owner=ana, member=second)
    person_update(owner=ana, person_id=one.pk, emails=["pat@example.org"])
    person_update(owner=ana, person_id=two.pk, emails=["pat@example.org"])
    assert pairs_of(ana) == {}


def test_the_member_linked_entry_is_the_one_kept(ana, make_member):
    typed = person_create(owner=ana, name="Grace M", emails=["grace@work.example"])
    grace = make_member("Grace Mensah", email="grace@home.example")
    linked = person_link_member(owner=ana, member=grace)
    person_update(owner=ana, person_id=linked.pk, emails=["grace@work.example"])
    [pair] = duplicate_suggestions(owner=ana)
    assert (pair.keep.pk, pair.other.pk) == (linked.pk, typed.pk)
    assert pair.reasons == ["Same email address: grace@work.example"]


@pytest.mark.parametrize("size", [3, 30])
def test_duplicates_cost_two_queries(ana, size, django_assert_num_queries):
    for n in range(size):
        person_create(
            owner=ana, name=f"Person {n:02}", organisation="Acme", emails=[f"p{n % 2}@x.example"]
        )
    with django_assert_num_queries(2):
        pairs = duplicate_suggestions(owner=ana)
        names_seen = {pair.keep.organisation for pair in pairs}
    assert names_seen == {"Acme"}
