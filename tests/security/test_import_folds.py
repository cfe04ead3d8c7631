"""An uploaded file with a value folded over very many lines is read in time that grows
with the file, not with its square.

vCard (RFC 6350) and mail headers (RFC 5322) let a value go on over the next line when
that line starts with a space. Joined one fold at a time, each fold copied the value so
far: a 1 MB vCard of short folds took five seconds, and one at the 200 MB upload limit
would have kept the import worker (which also sends everyone's mail) busy for days.
Any member may upload such a file, so these are attacks, not curiosities. The same
goes for a mail header of very many RFC 2047 encoded words, which Python's decoder
undoes in quadratic time: only ``HEADER_MAX`` characters of a header are read.
"""

from __future__ import annotations

import time

import pytest

from rapport.imports.services import import_job_create, import_job_run
from rapport.keeper.models import Person

FOLDS = 300_000  # about 4 MB: minutes when joined a fold at a time, well under a second now
SECONDS = 10


@pytest.fixture
def ana(make_member):
    return make_member("Ana Ruiz")


def _run(owner, path, source: str, **options):
    started = time.monotonic()
    job = import_job_run(
        job_id=import_job_create(owner=owner, source=source, path=path, **options).pk
    )
    return job, time.monotonic() - started


def test_a_vcard_note_folded_over_many_lines_is_read_in_linear_time(ana, tmp_path):
    path = tmp_path / "contacts.vcf"
    path.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Priya Patel\r\nNOTE:Met at the Leeds meetup.\r\n"
        + " and more\r\n" * FOLDS
        + "END:VCARD\r\n",
        newline="",
    )

    job, took = _run(ana, path, "vcard")

    assert job.state == "done", job.error
    assert Person.objects.filter(owner=ana, name="Priya Patel").exists()
    assert took < SECONDS, f"{took:.1f} s"


def test_a_quoted_printable_vcard_value_of_many_soft_breaks_is_read_in_linear_time(ana, tmp_path):
    path = tmp_path / "contacts.vcf"
    path.write_text(
        "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Priya Patel\r\n"
        "NOTE;ENCODING=QUOTED-PRINTABLE:Met=\r\n"
        + "and more=\r\n" * FOLDS
        + "end\r\nEND:VCARD\r\n",
        newline="",
    )

    job, took = _run(ana, path, "vcard")

    assert job.state == "done", job.error
    assert Person.objects.filter(owner=ana, name="Priya Patel").exists()
    assert took < SECONDS, f"{took:.1f} s"


def test_a_mail_header_folded_over_many_lines_is_read_in_linear_time(ana, tmp_path):
    path = tmp_path / "mail.mbox"
    path.write_bytes(
        b"From priya@acme.example Thu Jun 13 10:00:00 2024\n"
        b"From: Priya Patel <priya@acme.example>\n"
        b"To: Ana Ruiz <ana@example.org>\n"
        b"Subject: Hello\n" + b" and more\n" * FOLDS + b"Date: Thu, 13 Jun 2024 10:00:00 +0000\n"
        b"\nHello Ana.\n"
    )

    job, took = _run(ana, path, "mbox", me=["ana@example.org"])

    assert job.state == "done", job.error
    assert took < SECONDS, f"{took:.1f} s"


def test_a_mail_header_of_very_many_encoded_words_is_read_in_bounded_time(ana, tmp_path):
    """RFC 2047 decoding is quadratic in the header's length, so only so much is read."""
    words = " ".join(["=?utf-8?q?Priya?="] * 100_000)  # 1.8 MB on one line
    path = tmp_path / "mail.mbox"
    path.write_bytes(
        b"From priya@acme.example Thu Jun 13 10:00:00 2024\n"
        + f"From: Priya Patel <priya@acme.example>\nSubject: {words}\n".encode()
        + b"To: Ana Ruiz <ana@example.org>\n"
        b"Date: Thu, 13 Jun 2024 10:00:00 +0000\n"
        b"\nHello Ana.\n"
    )

    job, took = _run(ana, path, "mbox", me=["ana@example.org"])

    assert job.state == "done", job.error
    assert took < SECONDS, f"{took:.1f} s"
