"""What every `rapport` command pays before doing anything: Django's start."""

from __future__ import annotations

import subprocess
import sys


def test_django_starts_without_the_science_libraries():
    """numpy and scipy are a quarter of a second to import; the pairing, the structure,
    the matching and the note-reuse check (which the admin loads at every start) bring
    them when a page or a task first needs them, not at start."""
    program = (
        "import django, sys; django.setup(); "
        "print(sorted(m for m in ('numpy', 'scipy', 'networkx', 'rustworkx', 'datasketch') if m in sys.modules))"
    )
    found = subprocess.run(
        [sys.executable, "-c", program],
        capture_output=True,
        text=True,
        check=True,
        env={"DJANGO_SETTINGS_MODULE": "rapport.settings", "PATH": "/usr/bin:/bin"},
    )
    assert found.stdout.strip() == "[]"
