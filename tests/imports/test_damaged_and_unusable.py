"""Files cut short or damaged on their way to the member, and values the keeper cannot
hold: a damaged file is refused with where and why and nothing is written; a value
the keeper cannot take is never dropped or cut in silence, but listed with its line."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from rapport.imports.models import ImportJob
from rapport.imports.services import import_job_create, import_job_run
from rapport.keeper.models import Interaction, Person
from rapport.keeper.services import person_create
from tests.imports.conftest import DATA, linkedin_files, sample, zipped

CONNECTIONS = (DATA / "linkedin" / "new" / "Connections.csv").read_bytes()
GOOGLE_NEW = sample("csv", "google-contacts-new.csv").read_bytes()
LONG = "Bartholomew " * 420  # 5,040 characters


def keeper(owner):
    people = sorted(Person.objects.filter(owner=owner).values_list("name", "emails"))
    interactions = sorted(Interaction.objects.filter(owner=owner).values_list("external_key"))
    return people, interactions


def command(*args):
    out = io.StringIO()
    call_command("import", *args, "--member", "ana", stdout=out)
    return out.getvalue()


def run_file(owner, path):
    """Import ``path`` as what its name says it is: these tests name their files so."""
    source = "linkedin" if path.name == "Connections.csv" else path.suffix.strip(".")
    job = import_job_create(owner=owner, source={"vcf": "vcard"}.get(source, source), path=path)
    return import_job_run(job_id=job.pk)


def flipped_in_connections(archive: bytes) -> bytes:
    """The archive with one byte of Connections.csv's stored data changed."""
    at = archive.index(b"Grace,Mensah")
    return archive[:at] + b"X" + archive[at + 1 :]


# --- a ZIP damaged or cut short ---------------------------------------------------


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"PK\x03\x04garbage", "this ZIP archive is damaged or cut short"),
        # A real export whose download stopped after 700 bytes: Connections.csv is in it.
        (zipped(linkedin_files("new"))[:700], "this ZIP archive is damaged or cut short"),
        (
            flipped_in_connections(zipped(linkedin_files("new"))),
            "this ZIP archive is damaged or cut short: "
            "Basic_LinkedInDataExport_11-01-2026/Connections.csv cannot be unpacked",
        ),
    ],
    ids=["garbage", "first-700-bytes", "a-byte-changed"],
)
def test_a_damaged_zip_is_refused_naming_the_file_and_changes_nothing(ana, tmp_path, data, reason):
    person_create(owner=ana, name="Kept")
    before = keeper(ana)
    path = tmp_path / "corrupt.zip"
    path.write_bytes(data)

    with pytest.raises(CommandError) as refused:
        command("linkedin", str(path))

    assert str(refused.value).startswith(f"corrupt.zip: {reason}")
    assert "neither Connections.csv nor messages.csv" not in str(refused.value)
    assert str(refused.value).endswith("Nothing was imported.")
    assert ImportJob.objects.get(owner=ana).state == "failed"
    assert keeper(ana) == before


# --- a header cut short -------------------------------------------------------------


@pytest.mark.parametrize(
    ("cut", "missing"),
    [
        # head -c 400: the header ends "First Name,Last Name,U".
        (400, "Company, Position, Connected On"),
        (CONNECTIONS.index(b"First Name") + 15, "Last Name, Company, Position, Connected On"),
        (CONNECTIONS.index(b"Connected On"), "Connected On"),
    ],
)
def test_connections_cut_in_its_header_is_refused_naming_the_missing_columns(
    ana, tmp_path, cut, missing
):
    person_create(owner=ana, name="Kept")
    before = keeper(ana)
    path = tmp_path / "Connections.csv"
    path.write_bytes(CONNECTIONS[:cut])

    with pytest.raises(CommandError) as refused:
        command("linkedin", str(path))

    assert str(refused.value).startswith(
        f"Connections.csv, line 4: the header has no {missing} column"
    )
    job = ImportJob.objects.get(owner=ana)
    assert (job.state, job.error["file"], job.error["line"]) == ("failed", "Connections.csv", 4)
    assert keeper(ana) == before


def test_a_whole_connections_header_with_no_rows_is_an_empty_import(ana, tmp_path):
    header_end = CONNECTIONS.index(b"Connected On") + len(b"Connected On\n")
    path = tmp_path / "Connections.csv"
    path.write_bytes(CONNECTIONS[:header_end])

    assert "0 people added" in command("linkedin", str(path))


# --- values the keeper cannot take ------------------------------------------------


def test_a_contact_cut_mid_row_is_added_and_the_cut_address_listed(ana, tmp_path):
    path = tmp_path / "contacts.csv"
    path.write_bytes(GOOGLE_NEW + b"Bob,,Jones,,,,,,,,,,,,,,* myContacts,Work,bob@exa")

    out = command("csv", str(path))

    bob = Person.objects.get(owner=ana, name="Bob Jones")
    assert bob.emails == []
    reason = "E-mail 1 - Value 'bob@exa' is not an email address; 'Bob Jones' was added without it."
    assert f"contacts.csv, line 3: {reason}" in out
    assert "2 people added" in out
    summary = ImportJob.objects.get(owner=ana).summary
    assert summary["skipped"] == [{"file": "contacts.csv", "line": 3, "reason": reason}]
    assert summary["skipped_reasons"] == [
        {"reason": "E-mail 1 - Value … is not an email address; … was added without it.", "rows": 1}
    ]


@pytest.mark.parametrize(
    ("name", "data", "listed"),
    [
        (
            "outlook.csv",
            b"First Name,Last Name,E-mail Address,Mobile Phone,Web Page\n"
            b"Bob,Jones,bob@example,call me,www.bobjones.example\n",
            [
                (2, "E-mail Address 'bob@example' is not an email address"),
                (2, "Mobile Phone 'call me' is not a phone number"),
                (2, "Web Page 'www.bobjones.example' is not a web address"),
            ],
        ),
        (
            "bob.vcf",
            b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bob Jones\r\nEMAIL;TYPE=work:bob@exa\r\n"
            b"TEL:n/a\r\nEND:VCARD\r\n",
            [
                (4, "EMAIL 'bob@exa' is not an email address"),
                (5, "TEL 'n/a' is not a phone number"),
            ],
        ),
        (
            "Connections.csv",
            b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
            b"Bob,Jones,https://example.org/bob,bob@exa,Acme,Buyer,09 Sep 2022\n",
            [
                (2, "URL 'https://example.org/bob' is not a LinkedIn profile"),
                (2, "Email Address 'bob@exa' is not an email address"),
            ],
        ),
    ],
    ids=["outlook", "vcard", "linkedin"],
)
def test_every_importer_lists_a_value_it_could_not_use(ana, tmp_path, name, data, listed):
    path = tmp_path / name
    path.write_bytes(data)

    job = run_file(ana, path)

    bob = Person.objects.get(owner=ana, name="Bob Jones")
    assert (bob.emails, bob.phones, bob.links, bob.linkedin_url) == ([], [], [], "")
    assert job.summary["skipped"] == [
        {"file": name, "line": line, "reason": f"{why}; 'Bob Jones' was added without it."}
        for line, why in listed
    ]


def test_an_outlook_exchange_path_is_not_listed_as_a_bad_address(ana):
    job = run_file(ana, sample("csv", "outlook-contacts.csv"))

    assert job.summary["skipped_total"] == 0


# --- names, organisations and roles longer than the keeper holds -------------------


def test_an_overlong_name_sets_its_row_aside_naming_the_limit(ana, tmp_path):
    path = tmp_path / "contacts.csv"
    path.write_bytes(
        GOOGLE_NEW + f"{LONG},,Jones,,,,,,,,,,,,,,* myContacts,Work,bob@example.org\n".encode()
    )

    out = command("csv", str(path))

    assert "1 person added" in out
    assert "contacts.csv, line 3: The name is 5,045 characters; the limit is 160." in out
    assert list(Person.objects.filter(owner=ana).values_list("name", flat=True)) == ["Priya Patel"]


@pytest.mark.parametrize(
    ("name", "data", "line", "reason"),
    [
        (
            "contacts.vcf",
            f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{LONG}\r\nEND:VCARD\r\n".encode(),
            1,
            "The name is 5,039 characters; the limit is 160.",
        ),
        (
            "contacts.vcf",
            f"BEGIN:VCARD\r\nVERSION:3.0\r\nN:{LONG};Bob\r\nEND:VCARD\r\n".encode(),
            1,
            "The name is 5,043 characters; the limit is 160.",
        ),
        (
            "contacts.vcf",
            f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bob\r\nORG:{LONG}\r\nEND:VCARD\r\n".encode(),
            1,
            "The organisation is 5,039 characters; the limit is 160.",
        ),
        (
            "outlook.csv",
            f"First Name,Last Name,Company,Job Title\nBob,Jones,Acme,{LONG}\n".encode(),
            2,
            "The role is 5,039 characters; the limit is 160.",
        ),
        (
            "Connections.csv",
            "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
            f"Bob,Jones,,,{LONG},Buyer,09 Sep 2022\n".encode(),
            2,
            "The organisation is 5,039 characters; the limit is 160.",
        ),
    ],
    ids=["vcard-fn", "vcard-n", "vcard-org", "outlook-role", "linkedin-company"],
)
def test_every_importer_sets_aside_a_value_too_long_to_keep(
    ana, tmp_path, name, data, line, reason
):
    path = tmp_path / name
    path.write_bytes(data)

    job = run_file(ana, path)

    assert job.state == "done", job.error
    assert not Person.objects.filter(owner=ana).exists()
    assert job.summary["skipped"] == [{"file": name, "line": line, "reason": reason}]


def test_a_linkedin_message_with_an_overlong_name_is_set_aside(ana, tmp_path):
    files = linkedin_files("new")
    files["messages.csv"] += (
        f"2-long,,Ana Ruiz,https://www.linkedin.com/in/ana-ruiz-8f2e1d,{LONG},"
        "https://www.linkedin.com/in/bart,2024-07-01 09:00:00 UTC,,Hello,INBOX,,No\n"
    ).encode()
    path = tmp_path / "export.zip"
    path.write_bytes(zipped(files))

    job = import_job_run(job_id=import_job_create(owner=ana, source="linkedin", path=path).pk)

    assert job.state == "done", job.error
    assert not Person.objects.filter(owner=ana, linkedin_url__endswith="/bart").exists()
    assert {
        "file": "messages.csv",
        "line": files["messages.csv"].count(b"\n"),
        "reason": "The name is 5,039 characters; the limit is 160.",
    } in job.summary["skipped"]


def test_a_profile_too_long_to_keep_is_listed_not_cut(ana, tmp_path):
    """Cut to the column's 300 characters, it could name another profile, and matching
    by profile would join two people."""
    slug = "b" * 300
    path = tmp_path / "Connections.csv"
    path.write_bytes(
        b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        + f"Bob,Jones,https://www.linkedin.com/in/{slug},,Acme,Buyer,09 Sep 2022\n".encode()
    )

    job = run_file(ana, path)

    assert Person.objects.get(owner=ana, name="Bob Jones").linkedin_url == ""
    raw = f"https://www.linkedin.com/in/{slug}"
    assert [item["reason"] for item in job.summary["skipped"]] == [
        f"URL {raw[:40]!r} is not a LinkedIn profile; 'Bob Jones' was added without it."
    ]
