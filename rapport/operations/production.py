"""Entering production mode from a command: the settings are read once, at start-up,
so `--production` starts the command again in a process whose environment says so."""

from __future__ import annotations

import os
import sys
from typing import NoReturn


def production_environ() -> dict[str, str]:
    return {**os.environ, "RAPPORT_PRODUCTION": "1"}


def restart_in_production(argv: list[str]) -> NoReturn:
    """Replace this process with `rapport ARGV...` in production mode (same pid, same
    signals: systemd and a shell's Ctrl-C reach the new program directly)."""
    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(  # noqa: S606 (our own interpreter, fixed arguments)
        sys.executable,
        [sys.executable, "-m", "rapport.runner", *argv],
        production_environ(),
    )
