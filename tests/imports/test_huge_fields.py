"""A CSV value longer than Python's csv module takes by default (131,072 characters)
is still valid CSV: a Google contact with a long pasted note, a LinkedIn message
holding a long thread. The file is read, with the value cut or set aside as any
long value is, instead of the whole import being refused as "not valid CSV"."""

from __future__ import annotations

from rapport.imports.services import import_job_create, import_job_run
from rapport.keeper.models import Interaction, Person
from tests.imports.conftest import linkedin_files, zipped

HUGE = "Long note. " * 20_000  # 220,000 characters


def test_a_contact_with_a_huge_note_is_imported(ana, tmp_path):
    path = tmp_path / "contacts.csv"
    path.write_text(
        "First Name,Last Name,Organization Name,Notes,E-mail 1 - Value\n"
        f'Priya,Patel,Acme Analytics,"{HUGE}",priya@acme.example\n'
        "Bob,Jones,Kestrel,,bob@kestrel.example\n"
    )

    job = import_job_run(job_id=import_job_create(owner=ana, source="csv", path=path).pk)

    assert job.state == "done", job.error
    assert sorted(Person.objects.filter(owner=ana).values_list("name", flat=True)) == [
        "Bob Jones",
        "Priya Patel",
    ]


def test_a_linkedin_message_with_a_huge_body_is_imported(ana, tmp_path):
    files = linkedin_files("new")
    files["messages.csv"] += (
        "2-huge,,Ana Ruiz,https://www.linkedin.com/in/ana-ruiz-8f2e1d,Bart Long,"
        f'https://www.linkedin.com/in/bart,2024-07-01 09:00:00 UTC,,"{HUGE}",INBOX,,No\n'
    ).encode()
    path = tmp_path / "export.zip"
    path.write_bytes(zipped(files))

    job = import_job_run(job_id=import_job_create(owner=ana, source="linkedin", path=path).pk)

    assert job.state == "done", job.error
    bart = Person.objects.get(owner=ana, linkedin_url__endswith="/bart")
    note = Interaction.objects.get(owner=ana, people=bart).note
    assert note.startswith("Long note.") and len(note) < len(HUGE)
