"""`rapport insights circles FILE`: a contact log in, one JSON line per ego out; a
bad line names the file and line, exits 1 and prints nothing."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command

from rapport.insights.cli_circles import ContactLogError, circles_json_lines, parse_contact_log

LOG = """\
# ego alter timestamp
ana bea 0
ana bea 2592000
ana,bea,5184000
ana cem 1000

ana dov 1970-01-15
ben ana 0
ben ana 31557600
"""


def test_whitespace_commas_comments_and_iso_dates_are_read():
    egos = parse_contact_log(LOG.splitlines(), source="log.txt")
    assert list(egos) == ["ana", "ben"]
    assert egos["ana"][2] == ("bea", 5184000.0)
    assert egos["ana"][4] == ("dov", 14 * 86400.0)


@pytest.mark.parametrize(
    ("line", "reason"),
    [("ana bea", "found 2 fields"), ("ana bea yesterday", "'yesterday' is not unix seconds")],
)
def test_a_bad_line_is_named_by_file_and_number(line, reason):
    with pytest.raises(ContactLogError) as raised:
        circles_json_lines([*LOG.splitlines(), line], source="log.txt")
    assert str(raised.value).startswith("log.txt:10: ")
    assert reason in str(raised.value)


def test_each_ego_is_one_json_line_with_its_circles():
    lines = circles_json_lines(LOG.splitlines(), source="log.txt", n_circles=2)
    records = [json.loads(line) for line in lines]
    assert [r["ego"] for r in records] == ["ana", "ben"]
    ana = records[0]
    assert set(ana) == {"ego", "n_circles", "sizes", "mean_frequency", "size_ratios", "membership"}
    assert ana["n_circles"] == 2
    assert ana["membership"]["bea"] == 0
    assert ana["sizes"] == [1, 3]
    assert ana["size_ratios"] == [3.0]


def test_the_command_prints_json_lines_and_reads_the_window(tmp_path):
    log = tmp_path / "contacts.log"
    log.write_text(LOG)
    out = io.StringIO()
    call_command("insights", "circles", str(log), "--start", "0", "--end", "1971-01-01", stdout=out)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["ego"] for r in records] == ["ana", "ben"]
    assert records[1]["membership"] == {"ana": 0}


def test_the_command_stops_on_a_bad_line_naming_it(tmp_path):
    log = tmp_path / "contacts.log"
    log.write_text(LOG + "ana bea\n")
    out = io.StringIO()
    with pytest.raises(CommandError, match=r"contacts.log:10: "):
        call_command("insights", "circles", str(log), stdout=out)
    assert out.getvalue() == ""


def test_the_console_script_exits_1_and_prints_nothing_on_a_bad_line():
    command = [sys.executable, "-m", "rapport.runner", "insights", "circles", "-"]
    bad = subprocess.run(command, input=LOG + "x\n", capture_output=True, text=True, check=False)
    assert bad.returncode == 1
    assert bad.stdout == ""
    assert "<stdin>:10:" in bad.stderr
    good = subprocess.run(command, input=LOG, capture_output=True, text=True, check=False)
    assert good.returncode == 0
    assert len(good.stdout.splitlines()) == 2
