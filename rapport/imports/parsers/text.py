"""Bytes to text, and text to CSV rows, the way real exports need.

Address books and spreadsheets write UTF-8 with or without a BOM, UTF-16 with a BOM
(Outlook, Google's older CSV), and Windows-1252 when nobody said otherwise. Decoding
never fails: a byte that fits no guess becomes U+FFFD, and the parser that reads the
text decides whether what it got makes sense.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from rapport.imports.parsers.base import ImportFileError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _sniff_bom(data: bytes) -> tuple[str | None, int]:
    """A BOM's encoding, or UTF-16 told by its zero bytes; None when neither."""
    for bom, encoding in _BOMS:
        # A UTF-32 LE BOM starts with the UTF-16 LE one: only believe it when the
        # text after it looks like UTF-32 (three zero bytes per ASCII character).
        if data.startswith(bom):
            if encoding == "utf-32-le" and data[4:8].count(0) < 3:
                continue
            return encoding, len(bom)
    sample = data[:4096]
    if len(sample) >= 4:
        # UTF-16 without a BOM: every other byte of ASCII text is zero.
        if sample[1::2].count(0) > len(sample) // 4 and sample[0::2].count(0) == 0:
            return "utf-16-le", 0
        if sample[0::2].count(0) > len(sample) // 4 and sample[1::2].count(0) == 0:
            return "utf-16-be", 0
    return None, 0


def decode(data: bytes) -> tuple[str, str]:
    """``(text, encoding used)``; undefined Windows-1252 bytes become U+FFFD."""
    encoding, skip = _sniff_bom(data)
    if encoding is None:
        # Most files are UTF-8 without a BOM: decoded once, not once to test and once
        # to use (a large export's messages.csv is tens of megabytes).
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            encoding = "cp1252"
    return data[skip:].decode(encoding, errors="replace"), encoding


@dataclass
class Table:
    """A CSV file's rows after its header, each row with its starting line number.

    ``reader`` is the csv reader itself, positioned after the header, for a loop hot
    enough to read rows without ``rows``' generator (see ``invalid``); a table is read
    one way or the other, not both.
    """

    file: str
    header: list[str]
    header_line: int
    rows: Iterator[tuple[int, list[str]]]
    total_lines: int
    reader: Any = None

    def invalid(self, error: csv.Error) -> ImportFileError:
        """The refusal of a file whose CSV broke while ``reader`` was read."""
        return _invalid(self.file, self.reader, error)

    def column(self, *names: str) -> int | None:
        """The index of the first of ``names`` present (compared without case or spaces)."""
        wanted = [header_key(name) for name in names]
        keys = [header_key(cell) for cell in self.header]
        for name in wanted:
            if name in keys:
                return keys.index(name)
        return None


def header_key(cell: str) -> str:
    return " ".join(cell.replace("\ufeff", "").replace("_", " ").split()).casefold()


def _invalid(file: str, reader: Any, error: csv.Error) -> ImportFileError:
    return ImportFileError(
        file=file, line=max(reader.line_num, 1), reason=f"this is not valid CSV ({error})."
    )


def _rows(file: str, reader: Any) -> Iterator[tuple[int, list[str]]]:
    """Each row with the line it starts on; broken CSV is refused where reading stopped."""
    start = 1
    try:
        for row in reader:
            yield start, row
            start = reader.line_num + 1
    except csv.Error as error:
        raise _invalid(file, reader, error) from None


def _lines(text: str) -> Iterator[str]:
    """``text``'s lines, each with its ending, cut at ``\n`` only.

    What ``io.StringIO(text, newline="")`` gives the csv module for a file whose
    lines end in ``\n`` or ``\r\n``, without its copy of the whole text at four
    bytes a character (160 MB for a 42 MB messages.csv).
    """
    find = text.find
    start = 0
    while True:
        end = find("\n", start) + 1
        if not end:
            if start < len(text):
                yield text[start:]
            return
        yield text[start:end]
        start = end


def _csv_lines(text: str) -> Iterator[str] | io.StringIO:
    # A lone \r also ends a line (old Mac spreadsheets): StringIO knows how.
    if "\r" in text and text.count("\r") != text.count("\r\n"):
        return io.StringIO(text, newline="")
    return _lines(text)


DELIMITERS = (",", ";", "\t")
"""A comma; a semicolon, as Excel writes CSV where the comma is the decimal mark (much
of Europe); a tab, as spreadsheets write "Text (Tab delimited)"."""


def header_delimiter(text: str) -> str:
    """The one of ``DELIMITERS`` that splits ``text``'s first line into the most
    columns, for a file whose first line is its header; a comma when none splits it.

    Read from the header alone: it names columns, and a name holds none of the three,
    while a row's values may (``"Sol & Sombra, S.L."`` in a semicolon file), which is
    what sways ``csv.Sniffer``'s count of characters per line.
    """
    head = text[: 64 * 1024]
    first = head.replace("\r", "\n").split("\n", 1)[0]
    columns = {
        delimiter: len(next(csv.reader([first], delimiter=delimiter), []))
        for delimiter in DELIMITERS
    }
    return max(DELIMITERS, key=lambda delimiter: columns[delimiter])


FIELD_LIMIT_MAX = 2**31 - 1
"""The largest field limit the csv module takes everywhere (a C long on Windows)."""


def _field_limit_at_least(size: int) -> None:
    """Let the csv module read a value as long as ``size`` characters.

    Its default, 131,072, refuses a longer value as broken CSV, though the file is
    valid: a Google contact with a long pasted note (a column no importer even reads),
    a LinkedIn message holding a long thread. The whole text is in memory already, so
    a value as long as the text costs nothing more; long values are then cut or set
    aside row by row, as every importer does. The limit is the process's, and only
    ever raised."""
    wanted = min(size, FIELD_LIMIT_MAX)
    if csv.field_size_limit() < wanted:
        csv.field_size_limit(wanted)


def read_table(
    file: str,
    text: str,
    *,
    required: Sequence[str],
    describe: str,
    search_lines: int = 10,
    delimiter: str = ",",
    total_lines: int | None = None,
) -> Table:
    """The rows of ``text`` after the first of its opening lines that names every
    column in ``required``; skips a preamble (LinkedIn's "Notes:") before it.

    Columns are split by ``delimiter`` (``header_delimiter`` finds a file's). Refused
    with the line where reading stopped when the CSV is broken. A line naming
    some of ``required`` but not all is a header cut short (a download that stopped
    in it) or the wrong file: refused at that line, naming what it lacks, since read
    on it would import nothing and call that a success. With none named, line 1.

    ``total_lines``: ``text``'s count of lines when the caller has it already, as
    counting a 42 MB messages.csv again costs 0.03 s.
    """
    _field_limit_at_least(len(text))
    # strict: a stray quote is a broken file, refused with its line, not a guess.
    reader = csv.reader(_csv_lines(text), delimiter=delimiter, strict=True)
    rows = _rows(file, reader)
    wanted = {header_key(name) for name in required}
    if total_lines is None:
        total_lines = text.count("\n") + 1
    # The opening line naming most of ``required``: (how many, its line, what it lacks)
    closest: tuple[int, int, list[str]] = (0, 1, list(required))
    for _index in range(search_lines):
        found = next(rows, None)
        if found is None:
            break
        line, row = found
        named = wanted & {header_key(value) for value in row}
        if named == wanted:
            return Table(file, row, line, rows, total_lines, reader)
        if len(named) > closest[0]:
            lacking = [name for name in required if header_key(name) not in named]
            closest = (len(named), line, lacking)
    count, line, lacking = closest
    if count:
        columns = "column" if len(lacking) == 1 else "columns"
        raise ImportFileError(
            file=file,
            line=line,
            reason=f"the header has no {', '.join(lacking)} {columns}, which {describe} "
            "has: is the file cut short?",
        )
    raise ImportFileError(
        file=file,
        line=1,
        reason=f"this is not {describe}: no header naming {', '.join(required)} in its "
        f"first {search_lines} lines.",
    )


def cell(row: Sequence[str], index: int | None) -> str:
    """The stripped value at ``index``, or "" when the column is absent or the row short."""
    if index is None or index >= len(row):
        return ""
    return row[index].strip()
