"""`rapport insights circles FILE`: each ego's circles, found from a contact log.

A thin wrapper: parsing, the engine and the JSON live in
``rapport.insights.cli_circles``. ``-`` reads standard input.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rapport.insights.cli_circles import ContactLogError, circles_json_lines, parse_time


def _time(text: str) -> float:
    try:
        return parse_time(text)
    except ValueError:
        raise CommandError(f"{text!r} is not unix seconds or an ISO 8601 time") from None


class Command(BaseCommand):
    help = "Relationship science on a contact log (see docs/science.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        analyses = parser.add_subparsers(dest="analysis", required=True)
        circles = analyses.add_parser(
            "circles",
            help="circles found from contact frequency, one JSON line per ego",
        )
        circles.add_argument("file", help="log of 'ego alter timestamp' lines; - for stdin")
        circles.add_argument("--start", help="window start (unix seconds or ISO 8601)")
        circles.add_argument("--end", help="window end (unix seconds or ISO 8601)")
        circles.add_argument("--circles", type=int, help="number of circles (default: found)")

    def handle(self, *args: Any, **options: Any) -> None:
        name = options["file"]
        start = _time(options["start"]) if options.get("start") else None
        end = _time(options["end"]) if options.get("end") else None
        n_circles = options.get("circles")
        if n_circles is not None and n_circles < 1:
            raise CommandError("--circles must be at least 1")
        try:
            if name == "-":
                lines = circles_json_lines(
                    sys.stdin, source="<stdin>", start=start, end=end, n_circles=n_circles
                )
            else:
                with Path(name).open(encoding="utf-8") as handle:
                    lines = circles_json_lines(
                        handle, source=name, start=start, end=end, n_circles=n_circles
                    )
        except OSError as error:
            raise CommandError(f"{name}: {error.strerror}") from None
        except (ContactLogError, UnicodeDecodeError) as error:
            raise CommandError(str(error)) from None
        for line in lines:
            self.stdout.write(line)
