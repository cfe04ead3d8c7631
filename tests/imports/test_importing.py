"""Importing through the front doors (the command, the API, the page): what lands in
the keeper, what matches, what is suggested, what is refused, and that a second run
changes nothing."""

from __future__ import annotations

import csv
import datetime as dt
import gc
import io
import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db.models import Max
from django.test import Client
from django.urls import reverse

from rapport.imports import writing
from rapport.imports.models import ImportJob
from rapport.imports.services import import_job_create, import_job_run
from rapport.keeper.duplicates import duplicate_suggestions
from rapport.keeper.models import Interaction, Person, PersonDate
from rapport.keeper.services import interaction_log, person_create
from rapport.members.services import api_token_create
from tests.imports.conftest import DATA, linkedin_files, sample, zipped


def run_file(owner, source, path, **options):
    job = import_job_create(owner=owner, source=source, path=path, **options)
    return import_job_run(job_id=job.pk)


def keeper_rows(owner):
    people = sorted(
        Person.objects.filter(owner=owner).values_list(
            "name", "organisation", "linkedin_url", "connected_on", "emails", "last_contact_at"
        )
    )
    interactions = sorted(
        Interaction.objects.filter(owner=owner).values_list(
            "external_key", "kind", "direction", "occurred_at"
        )
    )
    dates = sorted(
        PersonDate.objects.filter(person__owner=owner).values_list(
            "person__name", "kind", "label", "month", "day", "year"
        )
    )
    return people, interactions, dates


def grace_wrote(conversation: str, when: str, content: str) -> bytes:
    """A messages.csv row (the sample's "new" layout) from Grace to Ana, quoted as
    LinkedIn quotes it."""
    row = io.StringIO()
    csv.writer(row, lineterminator="\n").writerow(
        [
            conversation,
            "",
            "Grace Mensah",
            "https://www.linkedin.com/in/grace-mensah-4a1b2c",
            "Ana Ruiz",
            "https://www.linkedin.com/in/ana-ruiz-8f2e1d",
            when,
            "",
            content,
            "INBOX",
            "",
            "No",
        ]
    )
    return row.getvalue().encode()


@pytest.fixture
def linkedin_zip(tmp_path):
    path = tmp_path / "export.zip"
    path.write_bytes(zipped(linkedin_files("new")))
    return path


def test_linkedin_export_becomes_people_and_interactions(ana, linkedin_zip):
    job = run_file(ana, "linkedin", linkedin_zip)

    assert job.state == "done", job.error
    grace = Person.objects.get(owner=ana, name="Grace Mensah")
    assert (grace.organisation, grace.role, grace.connected_on) == (
        "Transit Lab",
        "Head of Data",
        dt.date(2022, 9, 9),
    )
    assert grace.linkedin_url == "https://www.linkedin.com/in/grace-mensah-4a1b2c"
    assert grace.met_context == "imported"
    interactions = Interaction.objects.filter(owner=ana)
    assert {i.source for i in interactions} == {"import"}
    assert all(i.external_key.startswith("linkedin:") for i in interactions)
    assert set(grace.interactions.values_list("direction", flat=True)) == {"gave", "received"}
    # last_contact_at is the latest of each person's interactions, as the keeper keeps it.
    for person in Person.objects.filter(owner=ana).annotate(
        latest=Max("interactions__occurred_at")
    ):
        assert person.last_contact_at == person.latest, person.name
    # The recruiter never answered and is nobody Ana knows: not added.
    assert not Person.objects.filter(owner=ana, name="Sam Recruiter").exists()
    assert job.summary["people_added"] == 5
    assert job.summary["skipped_total"] == len(job.summary["skipped"])
    assert {"file": "messages.csv", "line": 6, "reason": "A draft, never sent."} in job.summary[
        "skipped"
    ]
    help_given = grace.interactions.get(kind="help")
    assert (help_given.direction, help_given.favour) == ("gave", "help")


def test_importing_the_same_export_twice_changes_nothing(ana, linkedin_zip):
    run_file(ana, "linkedin", linkedin_zip)
    before = keeper_rows(ana)

    job = run_file(ana, "linkedin", linkedin_zip)

    assert keeper_rows(ana) == before
    assert job.summary["people_added"] == 0
    assert job.summary["interactions_added"] == 0
    assert job.summary["people_updated"] == 0
    assert job.summary["dates_added"] == 0
    assert job.summary["interactions_already_there"] == len(before[1])


def test_an_updated_export_adds_only_what_is_new(ana, tmp_path, linkedin_zip):
    run_file(ana, "linkedin", linkedin_zip)
    files = linkedin_files("new")
    files["messages.csv"] += grace_wrote("2-YTE5ZjM1", "2024-07-01 09:00:00 UTC", "Still on?")
    updated = tmp_path / "later.zip"
    updated.write_bytes(zipped(files))

    job = run_file(ana, "linkedin", updated)

    assert (job.summary["people_added"], job.summary["interactions_added"]) == (0, 1)
    grace = Person.objects.get(owner=ana, name="Grace Mensah")
    assert grace.last_contact_at == dt.datetime(2024, 7, 1, 9, tzinfo=dt.UTC)


def test_text_that_a_bulk_format_escapes_arrives_as_written(ana, tmp_path, linkedin_zip):
    """Backslashes, tabs, line breaks, quotes and "\\N" (COPY's NULL on PostgreSQL) are
    the writer's business to escape: a message and a connection keep them exactly."""
    run_file(ana, "linkedin", linkedin_zip)
    content = 'Two lines:\nthe path C:\\new\\N\tand a tab, "quoted", ünïcode ✓, \\.'
    files = linkedin_files("new")
    files["messages.csv"] += grace_wrote("3-ZXNjYXBl", "2024-07-02 09:00:00 UTC", content)
    files["Connections.csv"] += (
        b"Nadia,Back\\slash,https://www.linkedin.com/in/nadia-backslash,nadia@example.org,"
        b"\\N Holdings,Lead \\ Data,02 Jan 2024\n"
    )
    updated = tmp_path / "escapes.zip"
    updated.write_bytes(zipped(files))

    job = run_file(ana, "linkedin", updated)

    assert job.state == "done", job.error
    assert job.summary["interactions_added"] == 1
    assert Interaction.objects.get(owner=ana, occurred_at__date=dt.date(2024, 7, 2)).note == content
    nadia = Person.objects.get(
        owner=ana, linkedin_url="https://www.linkedin.com/in/nadia-backslash"
    )
    assert (nadia.name, nadia.organisation, nadia.role) == (
        "Nadia Back\\slash",
        "\\N Holdings",
        "Lead \\ Data",
    )
    assert [email["value"] for email in nadia.emails] == ["nadia@example.org"]


def _who_was_there(owner):
    return {
        interaction.external_key: sorted(p.name for p in interaction.people.all())
        for interaction in Interaction.objects.filter(owner=owner).prefetch_related("people")
    }


def test_links_are_right_when_the_new_ids_are_not_one_run(
    ana, make_member, linkedin_zip, monkeypatch
):
    """Where another writer can take ids amid an import's (PostgreSQL), the import
    reads its interactions' ids back instead of counting them: the same links."""
    twin = make_member("Ana Ruiz", username="twin")
    run_file(ana, "linkedin", linkedin_zip)
    monkeypatch.setattr(writing, "_ids_after", lambda *args, **kwargs: None)

    job = run_file(twin, "linkedin", linkedin_zip)

    assert job.state == "done", job.error
    assert _who_was_there(twin) == _who_was_there(ana)
    assert all(_who_was_there(twin).values())


def test_new_ids_count_only_when_they_are_one_unbroken_run(ana, make_member):
    other = make_member("Ben Okafor")
    grace = person_create(owner=ana, name="Grace Mensah")
    ben = person_create(owner=other, name="Cy Tran")
    before = Interaction.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    first = interaction_log(owner=ana, person_ids=[grace.pk], kind="coffee")
    second = interaction_log(owner=ana, person_ids=[grace.pk], kind="call")

    assert writing._ids_after(Interaction, owner=ana, before=before, count=2) == range(
        first.pk, second.pk + 1
    )
    assert writing._ids_after(Interaction, owner=ana, before=before, count=3) is None
    interaction_log(owner=other, person_ids=[ben.pk], kind="coffee")
    interaction_log(owner=ana, person_ids=[grace.pk], kind="call")
    assert writing._ids_after(Interaction, owner=ana, before=before, count=3) is None


def test_an_import_gives_the_cycle_collector_back(ana, linkedin_zip):
    assert gc.isenabled()

    run_file(ana, "linkedin", linkedin_zip)
    run_file(ana, "vcard", sample("vcard", "truncated.vcf"))  # fails

    assert gc.isenabled()


def test_matching_by_email_profile_phone_then_name_and_organisation(ana):
    by_email = person_create(owner=ana, name="G. Mensah", emails=["grace@transitlab.example"])
    by_url = person_create(
        owner=ana, name="Hiro T.", linkedin_url="linkedin.com/in/HiroTanaka/?trk=x"
    )
    by_phone = person_create(owner=ana, name="Björn", phones=["0046 8 555 0123"])
    by_name_org = person_create(owner=ana, name="Priya Patel", organisation="Acme Analytics")

    run_file(ana, "csv", sample("csv", "google-contacts.csv"))
    run_file(ana, "csv", sample("csv", "google-contacts-new.csv"))
    run_file(ana, "csv", sample("csv", "outlook-contacts.csv"))

    by_email.refresh_from_db()
    assert by_email.name == "G. Mensah"  # what Ana typed is never overwritten
    assert [e["value"] for e in by_email.emails] == [
        "grace@transitlab.example",
        "g.mensah@example.org",
    ]
    assert by_email.organisation == "Transit Lab"  # a blank filled in
    by_url.refresh_from_db()
    assert by_url.organisation == "Fjord Robotics"
    by_name_org.refresh_from_db()
    assert by_name_org.emails == [{"value": "priya@acme.example", "type": "work"}]
    assert Person.objects.filter(owner=ana).count() == 6  # + Björn Lindqvist, Lena Fischer
    assert by_phone.pk in Person.objects.filter(owner=ana).values_list("pk", flat=True)


def test_what_one_person_gains_never_blanks_what_another_had(ana, tmp_path):
    """Two people matched in one import, each gaining a different detail: each keeps
    everything it had (the rows are updated together, and an update of one field for
    one person once wrote that field blank for the other)."""
    alpha = person_create(
        owner=ana, name="Wipe Alpha", emails=["alpha@example.org"], phones=["+44 10 0000 0001"]
    )
    beta = person_create(
        owner=ana,
        name="Wipe Beta",
        emails=["beta@example.org"],
        organisation="BetaCorp",
        role="Boss",
    )
    path = tmp_path / "contacts.csv"
    path.write_text(
        "First Name,Last Name,E-mail 1 - Value,Organization Name,Phone 1 - Value\n"
        "Wipe,Alpha,alpha@example.org,AlphaCorp,\n"
        "Wipe,Beta,beta@example.org,,+44 20 0000 0002\n"
    )

    job = run_file(ana, "csv", path)

    alpha.refresh_from_db()
    beta.refresh_from_db()
    assert alpha.organisation == "AlphaCorp"
    assert [phone["value"] for phone in alpha.phones] == ["+44 10 0000 0001"]
    assert (beta.organisation, beta.role) == ("BetaCorp", "Boss")
    assert [phone["value"] for phone in beta.phones] == ["+44 20 0000 0002"]
    assert job.summary["people_updated"] == 2


def test_a_profile_address_survives_another_persons_update(ana, linkedin_zip):
    """Hiro, known by his profile address, gains only a date; José gains his address
    and employer. Hiro keeps his, so the same export again finds him by it rather than
    adding a second Hiro."""
    hiro = person_create(
        owner=ana,
        name="Hiro Tanaka",
        linkedin_url="https://www.linkedin.com/in/hirotanaka",
        organisation="Fjord Robotics",
        role="Senior Software Engineer",
    )
    jose = person_create(owner=ana, name="José Álvarez", emails=["jose.alvarez@example.org"])

    run_file(ana, "linkedin", linkedin_zip)
    run_file(ana, "linkedin", linkedin_zip)

    hiro.refresh_from_db()
    assert (hiro.linkedin_url, hiro.organisation, hiro.role) == (
        "https://www.linkedin.com/in/hirotanaka",
        "Fjord Robotics",
        "Senior Software Engineer",
    )
    assert hiro.connected_on == dt.date(2024, 1, 3)
    jose.refresh_from_db()
    assert jose.linkedin_url == "https://www.linkedin.com/in/jose-alvarez-77"
    assert Person.objects.filter(owner=ana, name="Hiro Tanaka").count() == 1


def test_a_same_name_elsewhere_is_a_suggestion_never_a_merge(ana, tmp_path):
    existing = person_create(owner=ana, name="Grace Mensah", organisation="City of Leeds")
    path = tmp_path / "Connections.csv"
    path.write_bytes((DATA / "linkedin" / "new" / "Connections.csv").read_bytes())

    job = run_file(ana, "linkedin", path)

    imported = Person.objects.get(owner=ana, name="Grace Mensah", organisation="Transit Lab")
    assert imported.pk != existing.pk
    assert job.summary["suggestions"] == [
        {
            "person_id": existing.pk,
            "person_name": "Grace Mensah",
            "other_id": imported.pk,
            "other_name": "Grace Mensah",
            "reason": "Same name; organisations differ (City of Leeds and Transit Lab)",
        }
    ]
    # The import's page offers the merge for review.
    client = Client()
    client.force_login(ana)
    page = client.get(reverse("import_job", args=[job.pk])).content.decode()
    assert f'name="merge_id" value="{imported.pk}"' in page


def test_the_keepers_duplicate_finder_offers_the_unsure_pair(ana, tmp_path):
    # Known from a conference, employer never noted: the import can't be sure.
    existing = person_create(owner=ana, name="Grace Mensah", met_place="Leeds")
    path = tmp_path / "Connections.csv"
    path.write_bytes((DATA / "linkedin" / "new" / "Connections.csv").read_bytes())
    run_file(ana, "linkedin", path)

    pairs = {(pair.keep.pk, pair.other.pk) for pair in duplicate_suggestions(owner=ana)}

    imported = Person.objects.get(owner=ana, name="Grace Mensah", organisation="Transit Lab")
    assert (existing.pk, imported.pk) in pairs


def test_mail_counts_only_with_people_already_known(ana):
    grace = person_create(owner=ana, name="Grace Mensah", emails=["grace@transitlab.example"])

    job = run_file(ana, "mbox", sample("mbox", "sample.mbox"), me=["ana@example.org"])

    assert Person.objects.filter(owner=ana).count() == 1
    assert sorted(grace.interactions.values_list("direction", flat=True)) == ["gave", "received"]
    assert job.summary["interactions_added"] == 2
    assert any(r["reason"].startswith("With nobody") for r in job.summary["skipped_reasons"])
    # Grace is who the mail was with, so she is matched; her last contact moved, so
    # she is one of the matched who gained a detail ("0 matched (1 updated)" before).
    assert (job.summary["people_matched"], job.summary["people_updated"]) == (1, 1)


def test_the_command_counts_the_mails_people_as_matched(ana):
    person_create(owner=ana, name="Grace Mensah", emails=["grace@transitlab.example"])
    out = io.StringIO()

    call_command(
        "import",
        "mbox",
        str(sample("mbox", "sample.mbox")),
        "--member",
        "ana",
        "--me",
        "ana@example.org",
        stdout=out,
    )

    assert "1 matched (1 updated)" in out.getvalue()


def test_a_file_that_cannot_be_read_writes_nothing_and_says_where(ana):
    person_create(owner=ana, name="Kept", dates=[{"kind": "birthday", "month": 4, "day": 12}])
    before = keeper_rows(ana)

    job = run_file(ana, "vcard", sample("vcard", "truncated.vcf"))

    assert job.state == "failed"
    assert job.error["file"] == "truncated.vcf"
    assert job.error["line"] == 1
    assert "END:VCARD" in job.error["reason"]
    assert job.error["message"].endswith("Nothing was imported.")
    assert keeper_rows(ana) == before


# --- the command ------------------------------------------------------------------


def test_command_imports_a_linkedin_folder_and_prints_the_summary(ana):
    out = io.StringIO()
    call_command(
        "import", "linkedin", str(DATA / "linkedin" / "new"), "--member", "ana", stdout=out
    )

    text = out.getvalue()
    assert "5 people added" in text
    assert "messages.csv, line 6: A draft, never sent." in text
    assert "Reading new: 100%" in text  # plain lines when not a terminal


def test_command_mbox_needs_your_addresses(ana):
    with pytest.raises(CommandError, match="--me: Say which addresses are yours"):
        call_command("import", "mbox", str(sample("mbox", "sample.mbox")), "--member", "ana")


def test_command_refuses_a_broken_file_with_file_line_and_reason(ana):
    with pytest.raises(CommandError) as refused:
        call_command("import", "vcard", str(sample("vcard", "truncated.vcf")), "--member", "ana")

    assert str(refused.value).startswith("truncated.vcf, line 1: the card that begins here")
    assert not Person.objects.filter(owner=ana).exists()


# --- the API and the page ---------------------------------------------------------


@pytest.fixture
def api(ana):
    _token, raw = api_token_create(member=ana, label="tests")
    return Client(headers={"Authorization": f"Bearer {raw}"})


def test_api_upload_runs_in_the_background_and_reports(
    api, ana, django_capture_on_commit_callbacks
):
    upload = SimpleUploadedFile("export.zip", zipped(linkedin_files("new")))
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post("/api/imports", {"source": "linkedin", "file": upload})

    assert response.status_code == 202, response.content
    job_id = response.json()["id"]
    body = api.get(f"/api/imports/{job_id}").json()
    assert body["state"] == "done"
    assert body["summary"]["people_added"] == 5
    assert body["percent"] == 100
    assert "count" not in json.dumps(list(body["summary"]))
    # The upload was stored only until the job ended.
    assert not Path(ImportJob.objects.get(pk=job_id).path).exists()
    assert api.get("/api/imports").json()[0]["id"] == job_id


def test_api_refusal_carries_file_line_and_reason(api, django_capture_on_commit_callbacks):
    upload = SimpleUploadedFile("cut.vcf", sample("vcard", "truncated.vcf").read_bytes())
    with django_capture_on_commit_callbacks(execute=True):
        job_id = api.post("/api/imports", {"source": "vcard", "file": upload}).json()["id"]

    error = api.get(f"/api/imports/{job_id}").json()["error"]
    assert (error["file"], error["line"]) == ("cut.vcf", 1)


def test_api_refuses_addresses_with_a_file_that_is_not_mail(api):
    """As the command line does: an address given with a vCard is a mistake to say."""
    upload = SimpleUploadedFile("contacts.vcf", sample("vcard", "apple-contacts.vcf").read_bytes())

    response = api.post("/api/imports", {"source": "vcard", "file": upload, "me": "me@x.org"})

    assert response.status_code == 422
    assert response.json()["field"] == "me"
    assert "Only a mail archive (mbox) needs your addresses" in response.json()["message"]
    assert not ImportJob.objects.exists()


def test_api_size_limit_names_the_limit(api, settings):
    settings.RAPPORT_IMPORT_MAX_BYTES = 10
    upload = SimpleUploadedFile("big.vcf", b"BEGIN:VCARD\n" * 5)

    response = api.post("/api/imports", {"source": "vcard", "file": upload})

    assert response.status_code == 413  # stopped as it arrived (test_upload_limit.py)
    assert response.json()["code"] == "file_too_large"
    assert (
        "larger than 10 bytes, the most an import takes (RAPPORT_IMPORT_MAX_BYTES)"
        in (response.json()["message"])
    )


def test_someone_elses_import_is_not_found(api, make_member):
    cy = make_member("Cy Tran")
    job = import_job_create(owner=cy, source="vcard", path=sample("vcard", "gmail-list.vcf"))

    assert api.get(f"/api/imports/{job.pk}").status_code == 404


def test_upload_page_then_status_polls_until_done(
    ana, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    client = Client()
    client.force_login(ana)
    upload = SimpleUploadedFile("contacts.vcf", sample("vcard", "gmail-list.vcf").read_bytes())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("imports"), {"source": "vcard", "file": upload})
    job = ImportJob.objects.get(owner=ana)
    assert response.status_code == 302
    assert response["Location"] == reverse("import_job", args=[job.pk])

    with django_assert_max_num_queries(6):
        status = client.get(reverse("import_job_status", args=[job.pk]))

    html = status.content.decode()
    assert "<strong>3</strong> people added" in html
    assert "hx-trigger" not in html  # done: the polling stops


def test_a_running_job_polls_and_shows_progress(ana):
    job = import_job_create(owner=ana, source="vcard", path=sample("vcard", "gmail-list.vcf"))
    ImportJob.objects.filter(pk=job.pk).update(state="reading", done=40, total=100)
    client = Client()
    client.force_login(ana)

    html = client.get(reverse("import_job_status", args=[job.pk])).content.decode()

    assert 'hx-trigger="every 1s"' in html
    assert '<progress class="import-progress" max="100" value="40">' in html


def test_upload_page_shows_errors_beside_the_field(ana):
    client = Client()
    client.force_login(ana)
    upload = SimpleUploadedFile("mail.mbox", b"From x")

    response = client.post(reverse("imports"), {"source": "mbox", "file": upload, "me": "nope"})

    assert response.status_code == 422
    assert "&#x27;nope&#x27; is not an email address." in response.content.decode()


def test_api_mail_archive_takes_your_addresses(api, ana, django_capture_on_commit_callbacks):
    person_create(owner=ana, name="Grace Mensah", emails=["grace@transitlab.example"])
    upload = SimpleUploadedFile("mail.mbox", sample("mbox", "sample.mbox").read_bytes())
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(
            "/api/imports", {"source": "mbox", "file": upload, "me": ["ana@example.org"]}
        )

    assert response.status_code == 202, response.content
    body = api.get(f"/api/imports/{response.json()['id']}").json()
    assert (body["state"], body["summary"]["interactions_added"]) == ("done", 2)


def test_api_mail_archive_without_addresses_is_422_naming_me(api):
    upload = SimpleUploadedFile("mail.mbox", sample("mbox", "sample.mbox").read_bytes())

    response = api.post("/api/imports", {"source": "mbox", "file": upload})

    assert (response.status_code, response.json()["field"]) == (422, "me")


def test_orphaned_uploads_are_swept_and_running_ones_kept(ana, settings, tmp_path):
    import os
    import time as clock

    from rapport.imports.services import upload_folder, upload_sweep

    settings.DATA_DIR = tmp_path
    orphan = upload_folder() / "old-orphan.zip"
    orphan.write_bytes(b"x")
    running = upload_folder() / "old-running.zip"
    running.write_bytes(b"x")
    fresh = upload_folder() / "fresh.zip"
    fresh.write_bytes(b"x")
    two_hours_ago = clock.time() - 7200
    for path in (orphan, running):
        os.utime(path, (two_hours_ago, two_hours_ago))
    job = import_job_create(owner=ana, source="vcard", path=sample("vcard", "gmail-list.vcf"))
    ImportJob.objects.filter(pk=job.pk).update(uploaded=True, path=str(running), state="reading")

    assert upload_sweep() == 1

    assert (orphan.exists(), running.exists(), fresh.exists()) == (False, True, True)
