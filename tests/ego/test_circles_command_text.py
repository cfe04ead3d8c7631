"""`rapport insights circles` on a file that is not UTF-8 text (a binary vCard, a log
saved as Latin-1): one line naming the file, the line and the byte, exit 1, nothing
printed (it said only "'utf-8' codec can't decode byte 0xd0 in position 24")."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command

CIRCLES = [sys.executable, "-m", "rapport.runner", "insights", "circles"]
GOOD_LINES = b"ana bea 0\nana bea 2592000\n"
# Windows-1251 writes "Ж" as the byte 0xc6, which UTF-8 cannot read before an "e".
NOT_UTF8 = "ana \u0416enya 5184000\n".encode("cp1251")


def test_the_file_and_the_line_are_named(tmp_path):
    log = tmp_path / "contacts.vcf"
    log.write_bytes(GOOD_LINES + NOT_UTF8 + b"ben ana 0\n")
    out = io.StringIO()

    with pytest.raises(CommandError) as error:
        call_command("insights", "circles", str(log), stdout=out)

    assert str(error.value) == (
        f"{log}:3: not UTF-8 text (byte 0xc6); a contact log is a UTF-8 text file."
    )
    assert out.getvalue() == ""


def test_a_bad_byte_far_into_a_large_file_is_found_at_its_line(tmp_path):
    """Past the decoder's first buffer, where its own position no longer counts from
    the start of the file."""
    log = tmp_path / "large.txt"
    log.write_bytes(GOOD_LINES * 20_000 + NOT_UTF8)

    with pytest.raises(CommandError, match=r"large\.txt:40001: not UTF-8 text \(byte 0xc6\)"):
        call_command("insights", "circles", str(log), stdout=io.StringIO())


def test_the_console_script_says_it_in_one_line_and_exits_1(tmp_path):
    log = tmp_path / "binary.vcf"
    log.write_bytes(b"BEGIN:VCARD\nFN:\xd0\xd0\xff\x00\nEND:VCARD\n")

    finished = subprocess.run([*CIRCLES, str(log)], capture_output=True, check=False, timeout=120)

    assert finished.returncode == 1
    assert finished.stdout == b""
    assert finished.stderr.decode().splitlines() == [
        f"CommandError: {log}:2: not UTF-8 text (byte 0xd0); a contact log is a UTF-8 text file."
    ]


def test_standard_input_is_held_to_utf8_too():
    """The console's own decoding let the bytes through as stand-ins, which came out
    as an ego's name in the JSON."""
    finished = subprocess.run(
        [*CIRCLES, "-"], input=GOOD_LINES + NOT_UTF8, capture_output=True, check=False, timeout=120
    )

    assert finished.returncode == 1
    assert finished.stdout == b""
    assert finished.stderr.decode().splitlines() == [
        "CommandError: <stdin>: not UTF-8 text (byte 0xc6); a contact log is a UTF-8 text file."
    ]
