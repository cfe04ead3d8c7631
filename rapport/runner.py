"""The `rapport` console script: Django's management commands under one name.

After Sentry's runner: `rapport demo`, `rapport serve`, `rapport worker` are
Rapport's own commands; anything else (`rapport migrate`, `rapport
createsuperuser`, ...) passes through to Django.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rapport.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv[1:] if argv is None else argv)
    execute_from_command_line(["rapport", *(args or ["help"])])


if __name__ == "__main__":
    main()
