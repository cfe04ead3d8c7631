"""`rapport audit --html PATH` where PATH cannot be written: one line naming the path
and why, and nothing else printed (the whole audit was printed first, then it failed)."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from tests.audit.conftest import imported, thread


@pytest.fixture
def talked(ana):
    thread(ana, imported(ana, "Ida Both"), days_ago=[400, 40, 10])


def audit_to(target) -> str:
    out = io.StringIO()
    call_command("audit", "--member", "ana", "--html", str(target), stdout=out)
    return out.getvalue()


def test_a_missing_folder_is_named_before_anything_is_printed(ana, talked, tmp_path):
    target = tmp_path / "no" / "such" / "report.html"
    out = io.StringIO()

    with pytest.raises(CommandError) as error:
        call_command("audit", "--member", "ana", "--html", str(target), stdout=out)

    assert str(error.value) == (
        f"--html: cannot write {target}: there is no folder {tmp_path / 'no' / 'such'}."
    )
    assert out.getvalue() == ""


def test_a_folder_given_as_the_file_is_named_before_anything_is_printed(ana, talked, tmp_path):
    out = io.StringIO()

    with pytest.raises(CommandError) as error:
        call_command("audit", "--member", "ana", "--html", str(tmp_path), stdout=out)

    assert str(error.value) == (
        f"--html: cannot write {tmp_path}: it is a folder; give a file name inside it, "
        "such as report.html."
    )
    assert out.getvalue() == ""


def test_a_file_in_place_of_a_folder_is_named(ana, talked, tmp_path):
    (tmp_path / "notes.txt").write_text("mine")

    with pytest.raises(CommandError, match=r"there is no folder .*notes\.txt\.$"):
        audit_to(tmp_path / "notes.txt" / "report.html")

    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_a_writable_path_gets_the_report_and_the_summary_ends_saying_so(ana, talked, tmp_path):
    target = tmp_path / "report.html"

    printed = audit_to(target)

    assert printed.startswith("Network audit of Ana Ruiz")
    assert printed.splitlines()[-1].startswith(f"Wrote {target} (")
    assert target.read_text().startswith("<!doctype html>")
