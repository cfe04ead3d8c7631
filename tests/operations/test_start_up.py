"""What every `rapport` command pays before doing anything: Django's start."""

from __future__ import annotations

import subprocess
import sys


def test_django_starts_without_the_science_libraries():
    """numpy and scipy are a quarter of a second to import; the pairing, the structure
    and the matching bring them when a page or a task first needs them, not at start."""
    program = (
        "import django, sys; django.setup(); "
        "print(sorted(m for m in ('scipy', 'networkx', 'rustworkx') if m in sys.modules))"
    )
    found = subprocess.run(
        [sys.executable, "-c", program],
        capture_output=True,
        text=True,
        check=True,
        env={"DJANGO_SETTINGS_MODULE": "rapport.settings", "PATH": "/usr/bin:/bin"},
    )
    assert found.stdout.strip() == "[]"
