"""Files whose values are folded over very many lines: how the parse time grows.

    .venv/bin/python benchmarks/import_folds.py [--sizes 50000,100000,200000,400000]

vCard (RFC 6350) and mail headers (RFC 5322) continue a value on the next line when
that line starts with a space; quoted-printable vCard values continue after a "=".
Any member may upload such a file, so the parse must grow with the file, not with its
square (joined a fold at a time, each fold copied the value so far: a 1 MB vCard took
five seconds). A mail header of very many RFC 2047 encoded words is the other case:
Python's decoder undoes them in quadratic time, so only ``HEADER_MAX`` characters of a
header are read. For each size this prints the parse time in process (the importers'
``parse``, no database) and the time per fold: flat per-fold times are linear growth.
Recorded in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import time

from rapport.imports.parsers.mbox import MboxImporter
from rapport.imports.parsers.vcard import VCardImporter


def vcard_folds(folds: int) -> bytes:
    return (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Priya Patel\r\nNOTE:Met at the Leeds meetup.\r\n"
        + " and more\r\n" * folds
        + "END:VCARD\r\n"
    ).encode()


def vcard_soft_breaks(folds: int) -> bytes:
    return (
        "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Priya Patel\r\n"
        "NOTE;ENCODING=QUOTED-PRINTABLE:Met=\r\n" + "and more=\r\n" * folds + "end\r\nEND:VCARD\r\n"
    ).encode()


def mail_header_folds(folds: int) -> bytes:
    return (
        b"From priya@acme.example Thu Jun 13 10:00:00 2024\n"
        b"From: Priya Patel <priya@acme.example>\n"
        b"To: Ana Ruiz <ana@example.org>\n"
        b"Subject: Hello\n" + b" and more\n" * folds + b"Date: Thu, 13 Jun 2024 10:00:00 +0000\n"
        b"\nHello Ana.\n"
    )


def mail_encoded_words(words: int) -> bytes:
    subject = " ".join(["=?utf-8?q?Priya?="] * words)
    return (
        b"From priya@acme.example Thu Jun 13 10:00:00 2024\n"
        + f"From: Priya Patel <priya@acme.example>\nSubject: {subject}\n".encode()
        + b"To: Ana Ruiz <ana@example.org>\nDate: Thu, 13 Jun 2024 10:00:00 +0000\n"
        b"\nHello Ana.\n"
    )


CASES = {
    "vCard, folded NOTE": (vcard_folds, lambda: VCardImporter(name="contacts.vcf"), "vcf"),
    "vCard, quoted-printable soft breaks": (
        vcard_soft_breaks,
        lambda: VCardImporter(name="contacts.vcf"),
        "vcf",
    ),
    "mbox, folded Subject": (
        mail_header_folds,
        lambda: MboxImporter(me=["ana@example.org"], name="mail.mbox"),
        "mbox",
    ),
    "mbox, encoded words in Subject": (
        mail_encoded_words,
        lambda: MboxImporter(me=["ana@example.org"], name="mail.mbox"),
        "mbox",
    ),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="50000,100000,200000,400000")
    sizes = [int(size) for size in parser.parse_args().sizes.split(",")]
    print(
        f"# {platform.machine()}, Python {platform.python_version()}, {time.strftime('%Y-%m-%d %H:%M')}"
    )
    print(f"# load average at start: {os.getloadavg()[0]:.2f}")
    print(f"{'case':<38} {'folds':>8} {'MB':>6} {'parse s':>8} {'µs/fold':>8}")
    for case, (make, importer, extension) in CASES.items():
        for size in sizes:
            data = make(size)
            started = time.perf_counter()
            importer().parse({f"upload.{extension}": data})
            took = time.perf_counter() - started
            print(
                f"{case:<38} {size:>8,} {len(data) / 1e6:>6.1f} {took:>8.2f} "
                f"{took / size * 1e6:>8.2f}"
            )
    print(f"# load average at end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
