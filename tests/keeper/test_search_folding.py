"""Searching one's keeper as member search does: "jose" finds José, "zurich" an
organisation Zürich or a tag "zürich-office", and a word finds the words it begins
("ana" finds María Ana, not Diana). The fold is stored as a person is written
(``Person.search_folded``), so every way a name, an organisation, a role or a tag
arrives must leave it right: the form's service, a merge, an import, a keeper file,
the seed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from rapport.imports.services import import_job_create, import_job_run
from rapport.keeper.merging import person_merge
from rapport.keeper.models import SEARCHED_FIELDS, Person
from rapport.keeper.portable import keeper_export, keeper_import
from rapport.keeper.selectors import people_of
from rapport.keeper.services import person_create, person_update
from rapport.members import folding
from rapport.members.folding import search_text
from rapport.members.models import Member
from rapport.seeding.community import community_seed
from tests import fold_bypasses
from tests.imports.conftest import linkedin_files, zipped
from tests.migrating import migrate_to, migrate_to_latest

KEEPER_SEARCHED = ("name", "organisation", "role", "tags")


@pytest.fixture
def ana(make_member):
    return make_member("Ana Ruiz", username="ana")


def names(people):
    return [person.name for person in people]


def stored(person: Person) -> str:
    return Person.objects.values_list("search_folded", flat=True).get(pk=person.pk)


def expected(person: Person) -> str:
    person.refresh_from_db()
    return search_text(person.name, person.organisation, person.role, *person.tags)


@given(st.text(st.characters(max_codepoint=127), max_size=40))
def test_the_ascii_shortcuts_mark_words_as_the_general_expression_does(text):
    """An import folds and marks every person it adds; ASCII text takes shortcuts
    (``folding.marked``), which must mark exactly what the general expression marks."""
    for case in (text, text.lower(), " ".join(text.split())):
        assert folding.marked(case) == folding._WORD_START.sub(" ", case)


def test_words_typed_without_accents_find_people_with_them(ana):
    person_create(owner=ana, name="José Álvarez")
    person_create(owner=ana, name="Grace Mensah", organisation="Zürich Versicherung")
    person_create(owner=ana, name="Lars Øberg", role="Ingénieur principal")
    person_create(owner=ana, name="Bo Chen", organisation="Zurichsee AG")

    assert names(people_of(owner=ana, query="jose")) == ["José Álvarez"]
    assert names(people_of(owner=ana, query="JOSÉ alvarez")) == ["José Álvarez"]
    assert names(people_of(owner=ana, query="ZURICH")) == ["Bo Chen", "Grace Mensah"]
    assert names(people_of(owner=ana, query="zürich versicherung")) == ["Grace Mensah"]
    assert names(people_of(owner=ana, query="oberg ingenieur")) == ["Lars Øberg"]
    # Words still cannot run across two fields.
    assert names(people_of(owner=ana, query="alvarezzurich")) == []


def test_a_word_finds_the_words_it_begins_once_folded(ana):
    person_create(owner=ana, name="María Ana López")
    person_create(owner=ana, name="Diana Prince", organisation="Banana Republic")
    person_create(owner=ana, name="Léana Roy", role="Montaña ranger")
    person_create(owner=ana, name="Ánalu Ito")

    assert sorted(names(people_of(owner=ana, query="ana"))) == ["María Ana López", "Ánalu Ito"]
    assert names(people_of(owner=ana, query="leana")) == ["Léana Roy"]
    assert names(people_of(owner=ana, query="montana")) == ["Léana Roy"]
    assert names(people_of(owner=ana, query="ontana")) == []


def test_tags_and_emails_are_still_searched(ana):
    person_create(owner=ana, name="Grace Mensah", emails=["grace@fieldnote.example"], tags=["café"])
    assert names(people_of(owner=ana, query="fieldnote")) == ["Grace Mensah"]
    assert names(people_of(owner=ana, query="café")) == ["Grace Mensah"]
    assert names(people_of(owner=ana, query="value")) == []


def test_tags_are_found_without_their_accents_where_a_word_begins(ana):
    person_create(owner=ana, name="Grace Mensah", tags=["café", "Zürich-office"])
    person_create(owner=ana, name="Bo Chen", tags=["łódź meetup", "new", "york"])
    person_create(owner=ana, name="Lars Berg", tags=["safe"])

    assert names(people_of(owner=ana, query="cafe")) == ["Grace Mensah"]
    assert names(people_of(owner=ana, query="CAFÉ")) == ["Grace Mensah"]
    assert names(people_of(owner=ana, query="zurich")) == ["Grace Mensah"]
    assert names(people_of(owner=ana, query="office")) == ["Grace Mensah"]
    assert names(people_of(owner=ana, query="zurich-office grace")) == ["Grace Mensah"]
    assert names(people_of(owner=ana, query="lodz meet")) == ["Bo Chen"]
    # A word must begin a word of the tag, and cannot run across two tags, nor from a
    # tag into the name.
    assert names(people_of(owner=ana, query="afe")) == []
    assert names(people_of(owner=ana, query="urich")) == []
    assert names(people_of(owner=ana, query="newyork")) == []
    assert names(people_of(owner=ana, query="yorkbo")) == []


def test_a_tag_of_no_letters_is_still_found_as_written(ana):
    """A star or an emoji folds to no word at all; such a tag is looked for as stored."""
    person_create(owner=ana, name="Grace Mensah", tags=["⭐", "c#"])
    person_create(owner=ana, name="Bo Chen")
    assert names(people_of(owner=ana, query="⭐")) == ["Grace Mensah"]
    assert names(people_of(owner=ana, query="c#")) == ["Grace Mensah"]


def test_the_tag_filter_still_takes_the_tag_as_written(ana):
    person_create(owner=ana, name="Grace Mensah", tags=["café"])
    person_create(owner=ana, name="Bo Chen", tags=["cafés"])
    assert names(people_of(owner=ana, tag="café")) == ["Grace Mensah"]
    assert names(people_of(owner=ana, tag="CAFÉ")) == ["Grace Mensah"]
    assert names(people_of(owner=ana, tag="cafe")) == []


def test_a_person_retagged_through_the_service_is_found_by_the_new_tags(ana):
    person = person_create(owner=ana, name="Grace Mensah", tags=["Zürich"])
    assert stored(person) == " grace mensah\n\n\n zurich"

    person_update(owner=ana, person_id=person.pk, tags=["Café", "Ørsted"])

    assert stored(person) == expected(person) == " grace mensah\n\n\n cafe\n orsted"
    assert names(people_of(owner=ana, query="orsted cafe")) == ["Grace Mensah"]
    assert names(people_of(owner=ana, query="zurich")) == []

    person_update(owner=ana, person_id=person.pk, tags=[])
    assert stored(person) == " grace mensah\n\n"


def test_a_save_naming_only_the_tags_saves_the_fold_too(ana):
    person = person_create(owner=ana, name="Ana Ruiz")
    person.tags = ["façade"]
    person.save(update_fields=["tags"])
    assert stored(person) == " ana ruiz\n\n\n facade"


def test_another_owners_people_are_not_found(ana, make_member):
    bo = make_member("Bo Chen", username="bo")
    person_create(owner=bo, name="José Álvarez")
    assert names(people_of(owner=ana, query="jose")) == []


def test_a_person_renamed_through_the_service_is_found_by_the_new_name(ana):
    person = person_create(owner=ana, name="Jose Alvarez", organisation="Sol")
    assert stored(person) == " jose alvarez\n sol\n"

    person_update(owner=ana, person_id=person.pk, name="Zoë Ångström", role="Directrice")
    person_update(owner=ana, person_id=person.pk, organisation="Zürich Re")

    assert stored(person) == expected(person) == " zoe angstrom\n zurich re\n directrice"
    assert names(people_of(owner=ana, query="angstrom zurich")) == ["Zoë Ångström"]
    assert names(people_of(owner=ana, query="jose")) == []


def test_a_save_naming_only_a_searched_field_saves_the_fold_too(ana):
    person = person_create(owner=ana, name="Ana Ruiz")
    person.name = "Ana Øberg"
    person.save(update_fields=["name"])
    assert stored(person) == " ana oberg\n\n"


def test_a_merged_person_is_found_by_what_the_merge_brought(ana):
    keep = person_create(owner=ana, name="José Álvarez", tags=["fútbol"])
    other = person_create(
        owner=ana, name="J. Alvarez", organisation="Zürich Re", role="Jefe", tags=["Málaga"]
    )

    person_merge(owner=ana, keep_id=keep.pk, merge_id=other.pk)

    assert stored(keep) == expected(keep) == " jose alvarez\n zurich re\n jefe\n futbol\n malaga"
    assert names(people_of(owner=ana, query="jose zurich")) == ["José Álvarez"]
    assert names(people_of(owner=ana, query="malaga futbol")) == ["José Álvarez"]


def _run(owner, source, path, **options):
    job = import_job_create(owner=owner, source=source, path=path, **options)
    return import_job_run(job_id=job.pk)


def test_people_a_linkedin_import_adds_or_fills_in_are_found_folded(ana, tmp_path):
    """José is known by his address and gains his employer (the import's update of
    matched people); Hiro and the others are new rows (its own inserts)."""
    jose = person_create(
        owner=ana, name="José Álvarez", emails=["jose.alvarez@example.org"], tags=["Málaga"]
    )
    path = tmp_path / "export.zip"
    path.write_bytes(zipped(linkedin_files("new")))

    _run(ana, "linkedin", path)

    assert (
        stored(jose)
        == expected(jose)
        == " jose alvarez\n sol & sombra, s. l.\n founder & ceo\n malaga"
    )
    assert names(people_of(owner=ana, query="jose sombra")) == ["José Álvarez"]
    # What the import did not touch stays found: the tags it rewrote the fold around.
    assert names(people_of(owner=ana, query="malaga")) == ["José Álvarez"]
    assert names(people_of(owner=ana, query="fjord")) == ["Hiro Tanaka"]
    for person in Person.objects.filter(owner=ana):
        assert stored(person) == expected(person), person.name


def test_a_vcard_import_is_found_folded(ana, tmp_path):
    path = tmp_path / "contacts.vcf"
    path.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoë Łukasiewicz\r\nN:Łukasiewicz;Zoë;;;\r\n"
        "ORG:Zürich Oper\r\nTITLE:Dramaturgin\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )

    _run(ana, "vcard", path)

    assert names(people_of(owner=ana, query="zoe lukasiewicz")) == ["Zoë Łukasiewicz"]
    assert names(people_of(owner=ana, query="ZURICH dramaturgin")) == ["Zoë Łukasiewicz"]


def test_a_keeper_file_loaded_back_is_found_folded(ana, make_member):
    person_create(
        owner=ana, name="José Álvarez", organisation="Zürich Re", role="Jefe", tags=["Málaga"]
    )
    document = keeper_export(owner=ana)
    bo = make_member("Bo Chen", username="bo")

    keeper_import(owner=bo, document=document)

    assert names(people_of(owner=bo, query="jose zurich jefe malaga")) == ["José Álvarez"]


def test_a_seeded_community_keeper_is_searchable(db):
    community_seed(members=40, seed=3, now=dt.datetime(2026, 6, 1, tzinfo=dt.UTC))
    rows = Person.objects.values_list("name", "organisation", "role", "tags", "search_folded")
    assert rows
    for name, organisation, role, tags, folded in rows:
        assert folded == search_text(name, organisation, role, *tags)


def test_the_api_and_the_page_search_folded(ana, api_as, client):
    person_create(owner=ana, name="José Álvarez", organisation="Zürich Re", tags=["Málaga"])
    person_create(owner=ana, name="Diana Prince")
    api = api_as(ana)

    response = api.get("/keeper/people", {"q": "jose"})
    assert response.status_code == 200
    assert [row["name"] for row in response.json()] == ["José Álvarez"]
    assert [row["name"] for row in api.get("/keeper/people", {"q": "zurich"}).json()] == [
        "José Álvarez"
    ]
    assert [row["name"] for row in api.get("/keeper/people", {"q": "malaga"}).json()] == [
        "José Álvarez"
    ]

    client.force_login(ana)
    page = client.get(reverse("keeper"), {"q": "ALVAREZ"})
    assert page.status_code == 200
    assert "José Álvarez" in page.content.decode()
    assert "Diana Prince" not in page.content.decode()
    page = client.get(reverse("keeper"), {"q": "MALAGA"})
    assert "José Álvarez" in page.content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_migration_folds_people_already_there_and_goes_back():
    before = ("keeper", "0009_interaction_checks_as_equalities")
    old = migrate_to(before).get_model("keeper", "Person")
    # Members' tables are as they are now: only the keeper went back.
    owner = Member.objects.create(username="ana", name="Ana Ruiz")
    now = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)
    for n in range(3):
        old.objects.create(
            owner_id=owner.pk,
            name=f"José {n}",
            organisation="Zürich",
            role="ﬁne",
            created_at=now,
            updated_at=now,
        )
    migrate_to_latest()
    assert sorted(Person.objects.values_list("search_folded", flat=True)) == [
        f" jose {n}\n zurich\n fine" for n in range(3)
    ]
    assert len(people_of(owner=owner, query="ZURICH jose")) == 3

    migrate_to(before)
    with connection.cursor() as cursor:
        columns = [
            c.name for c in connection.introspection.get_table_description(cursor, "keeper_person")
        ]
    assert "search_folded" not in columns
    migrate_to_latest()


@pytest.mark.django_db(transaction=True)
def test_the_migration_folds_the_tags_of_people_already_there_and_goes_back():
    before = ("keeper", "0010_person_search_folded")
    old = migrate_to(before).get_model("keeper", "Person")
    owner = Member.objects.create(username="ana", name="Ana Ruiz")
    now = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)
    for n, tags in enumerate([["café", "Zürich-office"], [], ["ﬁne"]]):
        old.objects.create(
            owner_id=owner.pk, name=f"José {n}", tags=tags, created_at=now, updated_at=now
        )
    assert names(people_of(owner=owner, query="cafe")) == []

    migrate_to_latest()
    assert list(Person.objects.order_by("pk").values_list("search_folded", flat=True)) == [
        " jose 0\n\n\n cafe\n zurich- office",
        " jose 1\n\n",
        " jose 2\n\n\n fine",
    ]
    assert names(people_of(owner=owner, query="cafe zurich")) == ["José 0"]
    assert names(people_of(owner=owner, query="FINE")) == ["José 2"]

    migrate_to(before)
    assert sorted(old.objects.values_list("search_folded", flat=True)) == [
        f" jose {n}\n\n" for n in range(3)
    ]
    migrate_to_latest()


# --- Nothing writes a searched field of a person around the fold ---------------------


def bypasses(source: str) -> list[str]:
    return fold_bypasses.bypasses(
        source,
        table="keeper_person",
        fields=KEEPER_SEARCHED,
        model_named=lambda root: root in ("Person", "people"),
    )


def test_the_scan_looks_for_every_field_the_fold_is_made_of():
    assert set(KEEPER_SEARCHED) == set(SEARCHED_FIELDS)


def test_the_scan_sees_a_bypass():
    assert bypasses("Person.objects.filter(pk=1).update(name='x')")
    assert bypasses("Person.objects.filter(pk=1).update(tags=['x'])")
    assert bypasses("people.bulk_update(rows, ['tags'])")
    assert bypasses("Person.objects.bulk_update(rows, ['role'])")
    assert bypasses("sql = 'UPDATE keeper_person SET organisation = %s'")
    assert not bypasses("Person.objects.filter(pk=1).update(last_contact_at=None)")
    assert not bypasses("Person.objects.bulk_update(rows, ['name', 'search_folded'])")


def test_no_code_writes_a_searched_field_around_the_fold():
    assert fold_bypasses.bypasses_in_code(bypasses, skip_migrations=True) == {}
