"""Without chromium the suite says so in one line instead of failing or hiding it."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_no_chromium_deselects_browser_tests_with_one_clear_line(tmp_path):
    env = {
        # A PATH with Python but no browser on it.
        "PATH": str(Path(sys.executable).parent),
        "RAPPORT_DATA_DIR": str(tmp_path),
        "HOME": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "--collect-only", "tests/browser"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    lines = [line for line in result.stdout.splitlines() if "browser tests skipped" in line]
    assert len(lines) == 1, result.stdout[-2000:]
    assert lines[0].startswith("browser tests skipped: no chromium (")
    assert "apt-get install chromium" in lines[0]
