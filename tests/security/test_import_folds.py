"""An uploaded file with a value folded over very many lines is read whole and right;
a mail header is read to ``HEADER_MAX`` characters.

vCard (RFC 6350) and mail headers (RFC 5322) let a value go on over the next line when
that line starts with a space. Joined one fold at a time, each fold copied the value so
far: a 1 MB vCard of short folds took five seconds, and one at the 200 MB upload limit
would have kept the import worker (which also sends everyone's mail) busy for days.
Any member may upload such a file, so these are attacks, not curiosities. How the time
grows with the folds is measured by ``benchmarks/import_folds.py`` (figures in
docs/benchmarks.md), not timed here; these tests hold what the reading must keep: every
fold in its place, and a header of very many RFC 2047 encoded words (which Python's
decoder undoes in quadratic time) cut at ``HEADER_MAX``.
"""

from __future__ import annotations

from rapport.imports.parsers.mbox import HEADER_MAX, MboxImporter
from rapport.imports.parsers.vcard import VCardImporter
from rapport.imports.services import import_job_create, import_job_run
from rapport.keeper.models import Person

FOLDS = 20_000


def test_a_vcard_note_folded_over_many_lines_is_read_whole(make_member, tmp_path):
    ana = make_member("Ana Ruiz")
    path = tmp_path / "contacts.vcf"
    path.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Priya Patel\r\nNOTE:Met at the Leeds meetup.\r\n"
        + " and more\r\n" * FOLDS
        + "END:VCARD\r\n",
        newline="",
    )

    job = import_job_run(job_id=import_job_create(owner=ana, source="vcard", path=path).pk)

    assert job.state == "done", job.error
    assert Person.objects.filter(owner=ana, name="Priya Patel").exists()


def test_folds_and_soft_breaks_join_exactly_as_one_line_would_read():
    folded = VCardImporter(name="a.vcf").parse(
        {
            "a.vcf": (
                "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Priya\r\n  Patel\r\nORG:Transit\r\n"
                + "  Lab\r\n" * 3
                + "END:VCARD\r\n"
            ).encode()
        }
    )
    soft = VCardImporter(name="b.vcf").parse(
        {
            "b.vcf": (
                "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Priya Patel\r\n"
                "ORG;ENCODING=QUOTED-PRINTABLE:Transit=\r\n"
                + "=20Lab=\r\n" * 3
                + "\r\nEND:VCARD\r\n"
            ).encode()
        }
    )

    assert [(p.name, p.organisation) for p in folded.people] == [
        ("Priya Patel", "Transit Lab Lab Lab")
    ]
    assert [(p.name, p.organisation) for p in soft.people] == [
        ("Priya Patel", "Transit Lab Lab Lab")
    ]


def test_a_mail_header_folded_over_many_lines_is_read(make_member, tmp_path):
    ana = make_member("Ana Ruiz")
    path = tmp_path / "mail.mbox"
    path.write_bytes(
        b"From priya@acme.example Thu Jun 13 10:00:00 2024\n"
        b"From: Priya Patel <priya@acme.example>\n"
        b"To: Ana Ruiz <ana@example.org>\n"
        b"Subject: Hello\n" + b" and more\n" * FOLDS + b"Date: Thu, 13 Jun 2024 10:00:00 +0000\n"
        b"\nHello Ana.\n"
    )

    job = import_job_run(
        job_id=import_job_create(owner=ana, source="mbox", path=path, me=["ana@example.org"]).pk
    )

    assert job.state == "done", job.error


def test_a_mail_header_is_read_to_its_limit_and_no_further():
    """RFC 2047 decoding is quadratic in the header's length, so only HEADER_MAX
    characters are read: a subject of 100,000 encoded words is kept cut, and the mail
    is still read."""
    words = " ".join(["=?utf-8?q?Priya?="] * 100_000)  # 1.8 MB on one line
    parsed = MboxImporter(me=["ana@example.org"], name="mail.mbox").parse(
        {
            "mail.mbox": b"From priya@acme.example Thu Jun 13 10:00:00 2024\n"
            + f"From: Priya Patel <priya@acme.example>\nSubject: {words}\n".encode()
            + b"To: Ana Ruiz <ana@example.org>\n"
            b"Date: Thu, 13 Jun 2024 10:00:00 +0000\n"
            b"\nHello Ana.\n"
        }
    )

    assert len(parsed.interactions) == 1
    subject = parsed.interactions[0].note
    # Encoded words side by side join without a space (RFC 2047, 6.2).
    assert subject.startswith("PriyaPriya") and len(subject) <= HEADER_MAX


def test_an_address_of_endlessly_nested_comments_is_read_as_no_address():
    """Python's address parser recurses into nested comments until it gives up; such a
    To line names nobody, and the rest of the mail is still read."""
    nested = "x" + "(" * 5000 + ")" * 5000 + " <ana@example.org>"
    parsed = MboxImporter(me=["ana@example.org"], name="mail.mbox").parse(
        {
            "mail.mbox": b"From priya@acme.example Thu Jun 13 10:00:00 2024\n"
            b"From: Priya Patel <priya@acme.example>\n"
            + f"To: {nested}\nCc: Ana Ruiz <ana@example.org>\n".encode()
            + b"Subject: Hello\nDate: Thu, 13 Jun 2024 10:00:00 +0000\n\nHello Ana.\n"
        }
    )

    assert len(parsed.interactions) == 1
