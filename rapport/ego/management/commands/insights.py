"""`rapport insights circles FILE`: each ego's circles, found from a contact log.

A thin wrapper: parsing, the engine and the JSON live in
``rapport.insights.cli_circles``. ``-`` reads standard input.
"""

from __future__ import annotations

import io
import sys
from contextlib import ExitStack
from pathlib import Path
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rapport.insights.cli_circles import ContactLogError, circles_json_lines, parse_time

NOT_TEXT = "not UTF-8 text (byte 0x{byte}); a contact log is a UTF-8 text file."


def _not_text(name: str, error: UnicodeDecodeError) -> CommandError:
    """The file and, for a file, the line that is not UTF-8: the decoder says neither,
    and its position counts from whichever buffer it was reading. The line is found
    again in bytes, safely, since a newline byte never falls inside a UTF-8 sequence."""
    byte = error.object[error.start : error.start + 1].hex()
    if name != "-":
        with Path(name).open("rb") as raw:
            for number, line in enumerate(raw, start=1):
                try:
                    line.decode("utf-8")
                except UnicodeDecodeError as found:
                    byte = line[found.start : found.start + 1].hex()
                    return CommandError(f"{name}:{number}: {NOT_TEXT.format(byte=byte)}")
    return CommandError(f"{_source(name)}: {NOT_TEXT.format(byte=byte)}")


def _source(name: str) -> str:
    return "<stdin>" if name == "-" else name


def _opened(name: str, stack: ExitStack) -> TextIO:
    """The log as strict UTF-8 text, standard input too: the console's own decoding
    may let undecodable bytes through as stand-ins, which would become egos' names.
    (An ExitStack rather than a generator's context: contextlib would set the
    traceback on a ContactLogError, which is frozen.)"""
    if name != "-":
        return stack.enter_context(Path(name).open(encoding="utf-8"))
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is None:  # already text (a StringIO in place of the console)
        return sys.stdin
    text = io.TextIOWrapper(buffer, encoding="utf-8")
    stack.callback(text.detach)  # closing the wrapper would close standard input
    return text


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
            with ExitStack() as stack:
                lines = circles_json_lines(
                    _opened(name, stack),
                    source=_source(name),
                    start=start,
                    end=end,
                    n_circles=n_circles,
                )
        except OSError as error:
            raise CommandError(f"{name}: {error.strerror}") from None
        except UnicodeDecodeError as error:
            raise _not_text(name, error) from None
        except ContactLogError as error:
            raise CommandError(str(error)) from None
        for line in lines:
            self.stdout.write(line)
