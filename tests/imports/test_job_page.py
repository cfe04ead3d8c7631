"""An import's page, and the same job over the API, seen after the import is done:
what it still offers once the member has acted on it, and how its counts read."""

from __future__ import annotations

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rapport.imports.models import ImportJob
from rapport.imports.services import import_job_create, import_job_run
from rapport.keeper.models import Person
from rapport.keeper.services import person_create, person_delete
from rapport.members.services import api_token_create
from tests.imports.conftest import sample


def run_file(owner, source, path, **options):
    job = import_job_create(owner=owner, source=source, path=path, **options)
    return import_job_run(job_id=job.pk)


def logged_in(member):
    client = Client()
    client.force_login(member)
    return client


def test_a_suggestion_merged_since_is_no_longer_offered(ana):
    """Two unsure pairs; the member merges one from the import's page. Coming back,
    the page offers only the other: the merged person's link and its "Review a
    merge" would answer 404. The API's summary agrees."""
    grace = person_create(owner=ana, name="Grace Mensah", organisation="City of Leeds")
    hiro = person_create(owner=ana, name="Hiro Tanaka", organisation="Nordlys")
    job = run_file(ana, "linkedin", sample("linkedin", "new", "Connections.csv"))
    new_grace = Person.objects.get(owner=ana, name="Grace Mensah", organisation="Transit Lab")
    new_hiro = Person.objects.get(owner=ana, name="Hiro Tanaka", organisation="Fjord Robotics")
    client = logged_in(ana)
    page = client.get(reverse("import_job", args=[job.pk])).content.decode()
    assert f'name="merge_id" value="{new_grace.pk}"' in page
    assert f'name="merge_id" value="{new_hiro.pk}"' in page

    merged = client.post(
        reverse("keeper_merge"), {"keep_id": grace.pk, "merge_id": new_grace.pk, "confirm": "1"}
    )
    assert merged.status_code == 302

    page = client.get(reverse("import_job", args=[job.pk])).content.decode()
    assert f'name="merge_id" value="{new_grace.pk}"' not in page
    assert reverse("keeper_person", args=[new_grace.pk]) not in page
    assert f'name="merge_id" value="{new_hiro.pk}"' in page
    assert f'name="keep_id" value="{hiro.pk}"' in page
    _token, raw = api_token_create(member=ana, label="tests")
    api = Client(headers={"Authorization": f"Bearer {raw}"})
    for body in (api.get(f"/api/imports/{job.pk}").json(), api.get("/api/imports").json()[0]):
        assert [item["other_id"] for item in body["summary"]["suggestions"]] == [new_hiro.pk]


def test_no_suggestion_left_no_heading_and_one_query_for_all(ana):
    """Every pair answered (one merged, one person deleted): the "Maybe the same
    person" section goes. Checking them is one query, however many there were."""
    grace = person_create(owner=ana, name="Grace Mensah", organisation="City of Leeds")
    person_create(owner=ana, name="Hiro Tanaka", organisation="Nordlys")
    job = run_file(ana, "linkedin", sample("linkedin", "new", "Connections.csv"))
    assert len(job.summary["suggestions"]) == 2
    client = logged_in(ana)
    client.get(reverse("import_job_status", args=[job.pk]))  # the session, once

    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("import_job_status", args=[job.pk]))
    assert sum('"keeper_person"' in query["sql"] for query in queries.captured_queries) == 1

    new_grace = Person.objects.get(owner=ana, name="Grace Mensah", organisation="Transit Lab")
    client.post(
        reverse("keeper_merge"), {"keep_id": grace.pk, "merge_id": new_grace.pk, "confirm": "1"}
    )
    new_hiro = Person.objects.get(owner=ana, name="Hiro Tanaka", organisation="Fjord Robotics")
    person_delete(owner=ana, person_id=new_hiro.pk)

    html = client.get(reverse("import_job_status", args=[job.pk])).content.decode()
    assert "Maybe the same person" not in html
    assert "Review a merge" not in html


def test_counts_of_one_read_in_the_singular(ana, tmp_path):
    path = tmp_path / "contacts.csv"
    path.write_text(
        "First Name,Last Name,Birthday,E-mail 1 - Label,E-mail 1 - Value\n"
        "Marta,Kowalska,1986-03-14,* Work,marta@example.pl\n"
        ",,,* Work,nobody@example.org\n"
    )
    job = run_file(ana, "csv", path)

    html = logged_in(ana).get(reverse("import_job", args=[job.pk])).content.decode()

    assert "<strong>1</strong> person added, <strong>0</strong> already" in html
    assert "interactions added" not in html  # a contacts CSV holds none
    assert "<strong>1</strong> birthday or other date added." in html
    assert "<h2>Set aside: 1 row</h2>" in html


def test_a_file_of_one_line_reads_in_the_singular(ana):
    job = import_job_create(owner=ana, source="vcard", path=sample("vcard", "gmail-list.vcf"))
    ImportJob.objects.filter(pk=job.pk).update(state="reading", done=0, total=1)

    html = logged_in(ana).get(reverse("import_job_status", args=[job.pk])).content.decode()

    assert "0 of 1 line read." in html


def test_counts_in_the_thousands_read_with_separators_as_every_limit_does(ana):
    """A big export's figures: "30,000 people added", "line 30,001", the progress's
    numbers too; the progress bar's own attributes stay plain numbers."""
    job = run_file(ana, "linkedin", sample("linkedin", "new", "Connections.csv"))
    job.summary = {
        **job.summary,
        "people_added": 30000,
        "people_matched": 1200,
        "people_updated": 1001,
        "interactions_added": 200648,
        "interactions_already_there": 0,
        "skipped_total": 1500,
        "skipped_reasons": [{"reason": "No name", "rows": 1500}],
        "skipped": [{"file": "Connections.csv", "line": 30001, "reason": "No name"}],
    }
    job.save(update_fields=["summary"])
    client = logged_in(ana)

    page = client.get(reverse("import_job_status", args=[job.pk])).content.decode()

    assert "<strong>30,000</strong> people added" in page
    assert "<strong>1,200</strong> already in your keeper (1,001 gained a detail)" in page
    assert "<strong>200,648</strong> interactions added" in page
    assert "Set aside: 1,500 rows" in page
    assert "Connections.csv, line 30,001: No name" in page

    ImportJob.objects.filter(pk=job.pk).update(state="reading", done=12000, total=213892)
    reading = client.get(reverse("import_job_status", args=[job.pk])).content.decode()
    assert "12,000 of 213,892 lines read." in reading
    assert 'max="213892" value="12000"' in reading


def test_a_source_that_holds_no_interactions_does_not_count_zero_of_them(ana):
    """A vCard or a contacts CSV lists people, never a conversation: "0 interactions
    added" would read as if some had been looked for and none found."""
    job = run_file(ana, "vcard", sample("vcard", "gmail-list.vcf"))

    html = logged_in(ana).get(reverse("import_job", args=[job.pk])).content.decode()

    assert "added, <strong>" in html  # the people's line is there
    assert "interaction" not in html
