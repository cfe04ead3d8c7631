"""A mail archive in mbox format: each message to or from someone you know.

The archive's "From " lines separate messages, but mail clients do not always escape
a "From " that starts a line of a message body. A line is taken as a separator only
when it comes first or after a blank line and carries the time of day and a year
(``From ana@example.org Mon Jun 12 09:30:01 2023``), as separators do and prose
rarely does.

Only the headers are read. Encoded words (RFC 2047, ``=?utf-8?q?Jos=C3=A9?=``) are
decoded; a message without a readable Date takes the time on its "From " line; one
with neither is set aside. A message becomes an interaction with the people it was
to (when the member sent it) or from (when they received it); whether those people
are known is for matching to say, and nobody new is added from mail.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import re
from collections.abc import Mapping
from email.errors import HeaderParseError
from email.header import decode_header

from rapport.imports.parsers.base import (
    NAME_LIMIT,
    Importer,
    ImportFileError,
    InteractionRecord,
    ParsedImport,
    Party,
    clean_email,
    clean_text,
    excerpt,
)
from rapport.keeper.external_keys import import_key

_SEPARATOR = re.compile(rb"^From [^\r\n]*", re.MULTILINE)
_LOOKS_DATED = re.compile(rb"\d{1,2}:\d{2}(?::\d{2})?\b.*\b\d{4}\b|\b\d{4}\b.*\d{1,2}:\d{2}")
_HEADER_END = re.compile(rb"\r?\n\r?\n")
_WANTED = {"from", "to", "cc", "date", "subject", "message-id"}
PROGRESS_MESSAGES = 1_000


def _decoded(value: str) -> str:
    """RFC 2047 encoded words undone; the raw text when they are broken."""
    if "=?" not in value:
        return value
    try:
        parts = decode_header(value)
    except (HeaderParseError, ValueError, LookupError):
        return value
    out: list[str] = []
    for part, charset in parts:
        if isinstance(part, str):
            out.append(part)
            continue
        try:
            out.append(part.decode(charset or "ascii"))
        except (LookupError, UnicodeDecodeError, ValueError, TypeError):
            out.append(part.decode("utf-8", "replace"))
    return "".join(out)


HEADER_MAX = 16_384
"""Characters of a header read, folds included; the rest is ignored. Undoing RFC 2047's
encoded words (``email.header.decode_header``) takes time in the square of a header's
length: a 1 MB header took 13 seconds, and a file at the upload limit could hold
hundreds. 16,384 characters is a To or Cc line of some 400 addresses; a mail sent to
more is an announcement, not a conversation."""


def _headers(block: bytes) -> dict[str, str]:
    """The few headers wanted, unfolded, first occurrence of each, at most
    ``HEADER_MAX`` characters of each.

    A header's folds are gathered and joined once: added one by one, each copied the
    header so far, and a header of many short folds took time in the square of its size.
    """
    headers: dict[str, list[str]] = {}
    lengths: dict[str, int] = {}
    current: str | None = None
    for raw in block.split(b"\n"):
        line = raw.rstrip(b"\r").decode("utf-8", "replace")
        if line[:1] in {" ", "\t"}:
            if current is not None and current in headers and lengths[current] < HEADER_MAX:
                piece = line.strip()
                headers[current].append(piece)
                lengths[current] += len(piece) + 1
            continue
        name, sep, value = line.partition(":")
        if not sep:
            current = None
            continue
        current = name.strip().lower()
        if current in _WANTED and current not in headers:
            headers[current] = [value.strip()]
            lengths[current] = len(headers[current][0])
        elif current in headers:
            current = None  # a repeated header: keep the first, ignore its folds
    return {name: " ".join(pieces)[:HEADER_MAX] for name, pieces in headers.items()}


def _addresses(value: str) -> list[tuple[str, str]]:
    if not value:
        return []
    try:
        pairs = email.utils.getaddresses([value])
    except (ValueError, IndexError, TypeError, RecursionError):
        # The stdlib's parser on hostile input: it recurses into each nested comment.
        return []
    found = []
    for name, address in pairs:
        cleaned = clean_email(address)
        if cleaned:
            # Cut, not refused like a contact's name: mail adds nobody and matches by
            # address, so this name is never written to the keeper.
            found.append((clean_text(_decoded(name).strip("\"' "), NAME_LIMIT), cleaned))
    return found


def _date(value: str) -> dt.datetime | None:
    if not value:
        return None
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    try:
        return when.astimezone(dt.UTC)
    except (OverflowError, ValueError):
        return None


def _separator_date(line: bytes) -> dt.datetime | None:
    """The asctime on a "From sender Mon Jun 12 09:30:01 2023" line."""
    words = line.decode("ascii", "replace").split()
    for start in range(2, min(len(words), 4)):
        when = _date(" ".join(words[start:]))
        if when is not None:
            return when
    return None


class MboxImporter(Importer):
    source = "mbox"
    label = "Mail archive (mbox)"

    def parse(self, files: Mapping[str, bytes]) -> ParsedImport:
        file, data = self.single(files)
        mine = {clean_email(address) for address in self.me} - {""}
        if not mine:
            raise ImportFileError(
                file=file,
                line=None,
                reason="say which addresses are yours, to tell sent from received.",
            )
        starts = self._separators(file, data)
        result = ParsedImport(source=self.source)
        total = len(starts)
        for index, (line, offset, separator) in enumerate(starts):
            end = starts[index + 1][1] if index + 1 < total else len(data)
            result.rows_read += 1
            self._message(file, line, separator, data[offset:end], mine, result)
            if (index + 1) % PROGRESS_MESSAGES == 0:
                self.report(index + 1, total)
        self.report(total, total)
        return result

    def _separators(self, file: str, data: bytes) -> list[tuple[int, int, bytes]]:
        """(line, offset of the message after it, the separator line) for each message."""
        first = data.lstrip(b"\r\n")
        if not first.startswith(b"From "):
            raise ImportFileError(
                file=file,
                line=1,
                reason='this is not an mbox archive: it should start with a "From " line.',
            )
        first_offset = len(data) - len(first)
        starts: list[tuple[int, int, bytes]] = []
        line, counted_to = 1, 0
        for match in _SEPARATOR.finditer(data):
            position = match.start()
            before = data[max(position - 4, 0) : position]
            at_start = position == first_offset
            if not at_start and not (before.endswith(b"\n\n") or before.endswith(b"\r\n\r\n")):
                continue
            if not at_start and not _LOOKS_DATED.search(match.group()):
                continue
            line += data.count(b"\n", counted_to, position)
            counted_to = position
            body = match.end()
            body += 2 if data[body : body + 2] == b"\r\n" else 1
            starts.append((line, body, match.group()))
        return starts

    def _message(
        self,
        file: str,
        line: int,
        separator: bytes,
        message: bytes,
        mine: set[str],
        result: ParsedImport,
    ) -> None:
        found = _HEADER_END.search(message)
        headers = _headers(message[: found.start()] if found else message)
        senders = _addresses(_decoded(headers.get("from", "")))
        recipients = _addresses(_decoded(headers.get("to", ""))) + _addresses(
            _decoded(headers.get("cc", ""))
        )
        if not senders:
            result.skip(file, line, "No sender address.")
            return
        sender_name, sender = senders[0]
        if sender in mine:
            direction = "gave"
            others = {address: name for name, address in recipients if address not in mine}
            parties = tuple(Party(name=name, email=address) for address, name in others.items())
        elif any(address in mine for _name, address in recipients):
            direction = "received"
            parties = (Party(name=sender_name, email=sender),)
        else:
            result.skip(file, line, "Neither from nor to one of your addresses.")
            return
        if not parties:
            result.skip(file, line, "Sent only to yourself.")
            return
        when = _date(headers.get("date", "")) or _separator_date(separator)
        if when is None:
            result.skip(file, line, "No date, in the headers or on the From line.")
            return
        if when > self.latest:
            result.skip(file, line, "Dated in the future.")
            return
        subject = clean_text(_decoded(headers.get("subject", "")), 500)
        message_id = headers.get("message-id", "").strip()
        identity = message_id or "\x1f".join(
            [sender, headers.get("to", ""), headers.get("date", ""), subject]
        )
        key = hashlib.sha1(identity.encode("utf-8", "replace")).hexdigest()  # noqa: S324 - a key
        result.interactions.append(
            InteractionRecord(
                file=file,
                line=line,
                external_key=import_key("mbox:", when, key),
                occurred_at=when,
                kind="email",
                direction=direction,
                parties=parties,
                note=excerpt(subject),
                may_add_people=False,
            )
        )
