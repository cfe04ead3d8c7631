"""`--port` of `rapport serve` and `rapport demo`: a port out of range is refused in one
line naming the option and the limit, before anything is migrated, seeded or served
(it was an OverflowError traceback from inside the server, after the demo's seeding)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

RAPPORT = Path(sys.executable).with_name("rapport")


def _rapport(*argv: str, data_dir: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "RAPPORT_DATA_DIR": str(data_dir)}
    env.pop("DATABASE_URL", None)
    env.pop("RAPPORT_PRODUCTION", None)
    return subprocess.run(
        [RAPPORT, *argv], env=env, capture_output=True, text=True, timeout=120, check=False
    )


@pytest.mark.parametrize("command", ["serve", "demo"])
@pytest.mark.parametrize("port", ["99999", "0", "-1", "eighty"])
def test_a_port_out_of_range_is_named_with_the_limit_and_nothing_starts(tmp_path, command, port):
    finished = _rapport(command, "--port", port, data_dir=tmp_path)

    assert finished.returncode == 2
    assert "Traceback" not in finished.stderr
    assert finished.stderr.splitlines()[-1] == (
        f"rapport {command}: error: argument --port: '{port}' is not a port; "
        "give a number from 1 to 65535."
    )
    assert finished.stdout == ""
    # Nothing migrated or seeded: the demo's database was never opened.
    assert not (tmp_path / "rapport.sqlite3").exists()


def test_call_command_refuses_it_too():
    with pytest.raises(CommandError, match=r"--port: '65536' is not a port; give a number from 1"):
        call_command("serve", "--port", "65536")


def test_the_highest_port_is_accepted():
    from rapport.operations.management.commands.serve import Command

    parser = Command().create_parser("rapport", "serve")

    assert parser.parse_args(["--port", "65535"]).port == 65535
    assert parser.parse_args(["--port", "1"]).port == 1
