"""The stored fold search reads (``Member.search_folded``): right after every write of
a name, an organisation or interests, whichever way the row was written, so a search
finds members by what their profile says now, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from rapport.members.folding import SEARCHED_FIELDS, fold, search_text
from rapport.members.models import Member
from rapport.members.selectors import member_search, search_words
from rapport.members.services import member_update_profile
from rapport.seeding.community import community_seed
from tests import fold_bypasses
from tests.members.test_admin import _form
from tests.migrating import migrate_to, migrate_to_latest


def stored(member: Member) -> str:
    return Member.objects.values_list("search_folded", flat=True).get(pk=member.pk)


def expected(member: Member) -> str:
    member.refresh_from_db()
    return search_text(member.name, member.organisation, member.interests)


# Any text a column can hold: PostgreSQL refuses NUL, and no text holds a lone surrogate.
def _text(max_size: int):
    return st.text(
        st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
        max_size=max_size,
    )


@hypothesis_settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(name=_text(120), organisation=_text(120), interests=_text(400))
def test_each_word_of_a_profile_finds_its_member(db, name, organisation, interests):
    """Typed as shown or already folded, each word finds the member: the words and the
    column are folded by one Python function, so the databases cannot disagree."""
    with transaction.atomic():
        ana = Member.objects.create(
            username="ana", name=name, organisation=organisation, interests=interests
        )
        for text in (name, organisation, interests):
            for word in [w for chunk in text.split() for w in search_words(chunk)]:
                for query in (word, fold(word)):
                    if search_words(query):
                        assert ana in member_search(query=query), (word, query)
        transaction.set_rollback(True)


def test_a_word_that_folds_to_nothing_finds_nobody(make_member):
    """Half-width katakana's sound marks are letters that fold away; a search for one
    must not become a search for the empty string, which every member holds."""
    make_member("Ana Ruiz")
    assert list(member_search(query="\uff9e")) == []


def test_signing_up_and_changing_a_profile_keep_the_column(make_member):
    ana = make_member("Ana Ruiz", organisation="Énergie Commune", interests="tiles, jazz")
    assert stored(ana) == " ana ruiz\n energie commune\n tiles, jazz"

    member_update_profile(member=ana, name="Ana Müller")
    assert stored(ana) == expected(ana) == " ana muller\n energie commune\n tiles, jazz"
    member_update_profile(member=ana, organisation="Straße Labs")
    member_update_profile(member=ana, interests="maps")
    member_update_profile(member=ana, headline="Mentor")
    assert stored(ana) == expected(ana) == " ana muller\n strasse labs\n maps"
    assert [m.pk for m in member_search(query="strasse")] == [ana.pk]
    assert list(member_search(query="energie")) == []


def test_a_save_naming_only_a_searched_field_saves_the_column_too(make_member):
    ana = make_member("Ana Ruiz")
    ana.name = "Ana Øberg"
    ana.save(update_fields=["name"])
    assert stored(ana) == " ana oberg\n\n"


def test_words_cannot_match_across_fields(make_member):
    make_member("Ana Ruiz", organisation="Bank")
    assert list(member_search(query="ruizbank")) == []
    assert list(member_search(query="ruiz\nbank")) != []  # two words, each found


def test_the_orms_other_ways_in_keep_the_column(db):
    made = Member.objects.create(username="a", name="Zoë")
    bulk = Member.objects.bulk_create([Member(username="b", name="Łukasz", interests="Jazz")])[0]
    changed, _ = Member.objects.update_or_create(username="a", defaults={"organisation": "Kontur"})
    assert stored(made) == " zoe\n kontur\n" == stored(changed)
    assert stored(bulk) == " lukasz\n\n jazz"


def test_the_admin_keeps_the_column(django_user_model, make_member):
    root = django_user_model.objects.create_superuser("root", password="x" * 12, name="Root")
    browser = Client()
    browser.force_login(root)
    ana = make_member("Ana Ruiz", username="ana")
    url = reverse("admin:members_member_change", args=[ana.pk])
    saved = browser.post(url, {**_form(browser.get(url)), "name": "Ana Sørensen"})
    assert saved.status_code == 302
    assert stored(ana) == " ana sorensen\n\n"


def test_a_seeded_community_is_searchable(db):
    community_seed(members=40, seed=3, now=dt.datetime(2026, 6, 1, tzinfo=dt.UTC))
    rows = Member.objects.values_list("name", "organisation", "interests", "search_folded")
    assert rows
    for name, organisation, interests, folded in rows:
        assert folded == search_text(name, organisation, interests)


@pytest.mark.django_db(transaction=True)
def test_the_migration_fills_the_column_for_members_already_there():
    before = ("members", "0010_unaccent_for_search")
    old = migrate_to(before).get_model("members", "Member")
    for n in range(3):
        old.objects.create(
            username=f"m{n}",
            name=f"José {n}",
            organisation="Łódź",
            interests="ﬁne",
            time_zone="UTC",
        )
    migrate_to_latest()
    assert sorted(Member.objects.values_list("search_folded", flat=True)) == [
        f" jose {n}\n lodz\n fine" for n in range(3)
    ]
    assert len(member_search(query="LODZ")) == 3


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigram index is PostgreSQL's")
def test_postgresql_can_serve_a_search_from_the_trigram_indexes(make_member):
    """With no sequential scan allowed, the plan reads the trigram indexes, the name's
    part's for the members the words name and the rest's for the others: the username
    match ORed beside them uses the index log-in uses, so the OR does not force a scan.
    Each rank is cut to the page before the two are put together, so a common word
    never sorts all it matched."""
    viewer = make_member("Viv Viewer")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
    plan = member_search(query="walker", viewer=viewer).explain()
    assert "members_member_search_name_trgm" in plan, plan
    assert "members_member_search_rest_trgm" in plan, plan
    assert plan.count("Limit") >= 3, plan  # the page, and each rank's


@pytest.mark.django_db(transaction=True)
def test_the_word_start_migration_marks_the_folds_already_there_and_back():
    """0012 folds every member again, marked where words begin; going back leaves the
    fold 0011 wrote, unmarked, which that search reads."""
    before = ("members", "0011_member_search_folded")
    old = migrate_to(before).get_model("members", "Member")
    made = old.objects.create(username="jl", name="Jean-Luc Ørsted", organisation="Àtelier")
    old.objects.filter(pk=made.pk).update(search_folded="jean-luc orsted\natelier\n")
    migrate_to_latest()
    assert Member.objects.get(pk=made.pk).search_folded == " jean- luc orsted\n atelier\n"
    assert [m.pk for m in member_search(query="luc")] == [made.pk]

    migrate_to(before)
    assert old.objects.get(pk=made.pk).search_folded == "jean-luc orsted\natelier\n"
    migrate_to_latest()


# --- Nothing writes the searched fields around ``Member.save`` ---------------------


def bypasses(source: str) -> list[str]:
    return fold_bypasses.bypasses(
        source,
        table="members_member",
        fields=SEARCHED_FIELDS,
        model_named=lambda root: "member" in root.lower(),
    )


def test_the_scan_sees_a_bypass():
    assert bypasses("Member.objects.filter(pk=1).update(name='x')")
    assert bypasses("Member.objects.bulk_update(rows, ['interests'])")
    assert bypasses("members.update(organisation='')")
    assert bypasses("sql = 'UPDATE members_member SET name = %s'")
    assert bypasses("sql = 'INSERT INTO \"members_member\" (username, interests) VALUES'")
    assert not bypasses("sql = 'INSERT INTO members_member VALUES (?, ?)'")  # whole rows
    assert not bypasses("Member.objects.filter(pk=1).update(is_active=False)")
    assert not bypasses("Person.objects.filter(pk=1).update(name='x')")
    assert not bypasses("Member.objects.bulk_update(rows, ['name', 'search_folded'])")


def test_no_code_writes_a_searched_field_around_the_save_that_folds_it():
    """``.update()``, ``bulk_update()`` and raw SQL skip ``Member.save``: one of them
    writing a name, an organisation or interests must write ``search_folded`` too."""
    assert fold_bypasses.bypasses_in_code(bypasses) == {}
