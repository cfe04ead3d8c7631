"""A value set aside for its length says the length as the forms do: "5,039 characters",
not "5039"; the same sentence the keeper's own form would show for it."""

from __future__ import annotations

from rapport.imports.services import import_job_create, import_job_run
from rapport.keeper.models import Person

HUGE = "Bartholomew " * 420_000  # 5,040,000 characters


def test_a_huge_name_is_set_aside_with_its_length_grouped(ana, tmp_path):
    path = tmp_path / "contacts.vcf"
    path.write_bytes(f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{HUGE}\r\nEND:VCARD\r\n".encode())

    job = import_job_run(job_id=import_job_create(owner=ana, source="vcard", path=path).pk)

    assert job.state == "done", job.error
    assert job.summary["skipped"] == [
        {
            "file": "contacts.vcf",
            "line": 1,
            "reason": "The name is 5,039,999 characters; the limit is 160.",
        }
    ]
    assert not Person.objects.filter(owner=ana).exists()
