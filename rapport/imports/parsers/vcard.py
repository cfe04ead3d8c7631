"""vCard files (2.1, 3.0 and 4.0), as phones and address books really write them.

What real files do, and what is done about it:

- folded lines (a line starting with a space or tab continues the one before), and
  2.1's quoted-printable soft breaks (a value ending in "=" continues);
- charsets: the file's own (a BOM for UTF-16 or UTF-8, else UTF-8, else
  Windows-1252), and a property's declared ``CHARSET=`` for quoted-printable bytes;
- parameters as ``TYPE=work,voice``, ``type=WORK;type=pref`` or 2.1's bare ``;WORK``;
- Apple's groups: ``item1.EMAIL:...`` with ``item1.X-ABLabel:_$!<Work>!$_`` naming it;
- photos and other binary values are skipped, whatever their encoding;
- yearly dates: ``BDAY`` as 3.0 and 2.1 write it (``19800412``, ``1980-04-12``, a
  date-time) and 4.0 (``--0412`` without the year), ``ANNIVERSARY`` (4.0) and its
  3.0 spelling ``X-ANNIVERSARY``, Apple's ``X-ABDATE`` with its ``X-ABLabel``
  (``_$!<Anniversary>!$_`` is an anniversary; any other label is a day of theirs in
  those words), and Apple's ``X-APPLE-OMIT-YEAR=1604`` for "no year". A date given
  as text (4.0's ``VALUE=text:circa 1980``), a year alone, or a day the month lacks
  is listed as a value the keeper could not take.

A file with no card at all, or a card that never ends, is refused with its line; a
card without any name is set aside with its line.
"""

from __future__ import annotations

import codecs
import quopri
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from rapport.imports.parsers.base import (
    PROGRESS_EVERY,
    DateRecord,
    Importer,
    ImportFileError,
    ParsedImport,
    PersonRecord,
    clean_email,
    clean_phone,
    clean_text,
    linkedin_profile,
    not_an_email,
    one_line,
    web_address,
    yearly_date,
)
from rapport.imports.parsers.text import decode
from rapport.keeper.vocabulary import DateKind

_LINES = re.compile(r"\r\n|\r|\n")
_APPLE_LABEL = re.compile(r"^_\$!<(.*)>!\$_$")
_DATES = {
    "BDAY": DateKind.BIRTHDAY,
    "ANNIVERSARY": DateKind.ANNIVERSARY,
    "X-ANNIVERSARY": DateKind.ANNIVERSARY,
    "X-ABDATE": DateKind.OTHER,
}
# Types that say how to send, not what kind of address it is.
_NOISE_TYPES = {"internet", "pref", "voice", "x400", "text", "uri", "encoding", "charset"}


@dataclass
class _Property:
    line: int
    group: str
    name: str
    params: dict[str, list[str]]
    value: str


@dataclass
class _Card:
    line: int
    properties: list[_Property] = field(default_factory=list)


def _split_head(text: str) -> tuple[str, str] | None:
    """``NAME;PARAMS`` and the value: the first colon outside double quotes."""
    quoted = False
    for index, char in enumerate(text):
        if char == '"':
            quoted = not quoted
        elif char == ":" and not quoted:
            return text[:index], text[index + 1 :]
    return None


def _split_unquoted(text: str, separator: str) -> list[str]:
    parts: list[str] = []
    current: list[str] = []
    quoted = False
    for char in text:
        if char == '"':
            quoted = not quoted
            continue
        if char == separator and not quoted:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def _params(parts: list[str]) -> dict[str, list[str]]:
    params: dict[str, list[str]] = {}
    for part in parts:
        if not part:
            continue
        key, sep, value = part.partition("=")
        if not sep:  # 2.1: a bare TYPE, or QUOTED-PRINTABLE / BASE64
            key, value = (
                ("ENCODING", part)
                if part.upper()
                in {
                    "QUOTED-PRINTABLE",
                    "BASE64",
                    "B",
                    "8BIT",
                }
                else ("TYPE", part)
            )
        values = [v.strip() for v in value.split(",") if v.strip()]
        params.setdefault(key.strip().upper(), []).extend(values)
    return params


def _unescape(text: str) -> str:
    out: list[str] = []
    chars = iter(text)
    for char in chars:
        if char == "\\":
            following = next(chars, "")
            out.append("\n" if following in {"n", "N"} else following)
        else:
            out.append(char)
    return "".join(out)


def _components(text: str) -> list[str]:
    """A structured value (N, ORG) split on its unescaped semicolons, then unescaped."""
    parts: list[str] = []
    current: list[str] = []
    escaped = False
    for char in text:
        if escaped:
            current.append("\\" + char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == ";":
            parts.append(_unescape("".join(current)))
            current = []
        else:
            current.append(char)
    parts.append(_unescape("".join(current)))
    return parts


def _charset(name: str) -> str | None:
    if not name:
        return None
    try:
        info = codecs.lookup(name)
    except (LookupError, ValueError, TypeError):
        return None
    # Only a text encoding: "rot13" or "base64" are codecs, not charsets.
    return info.name if getattr(info, "_is_text_encoding", True) else None


class VCardImporter(Importer):
    source = "vcard"
    label = "vCard file (.vcf)"

    def parse(self, files: Mapping[str, bytes]) -> ParsedImport:
        file, data = self.single(files)
        text, self.encoding = decode(data)
        result = ParsedImport(source=self.source)
        cards = self._cards(file, text)
        total = len(cards)
        for index, card in enumerate(cards, start=1):
            result.rows_read += 1
            person, unusable = self._person(file, card)
            if person is None:
                result.skip(file, card.line, "A card with no name (no FN or N).")
            else:
                result.add_person(person, unusable)
            if index % PROGRESS_EVERY == 0:
                self.report(index, total)
        self.report(total, total)
        return result

    # --- lines and cards ----------------------------------------------------------

    def _logical_lines(self, text: str) -> list[tuple[int, str]]:
        """Folded lines (a space first) and quoted-printable soft breaks (``=`` last)
        joined to the line they continue.

        Each logical line is kept as its pieces and joined once at the end: joined fold
        by fold, every fold copied the line so far, and a file of many short folds (any
        member may upload one) took time in the square of its size.
        """
        logical: list[tuple[int, list[str]]] = []
        before_colon: list[str] = []  # the current line's pieces until its ":" is read
        head: str | None = None  # its name and parameters, once the ":" is read
        soft_break = False
        for number, raw in enumerate(_LINES.split(text), start=1):
            if soft_break and logical:
                pieces = logical[-1][1]
                pieces[-1] = pieces[-1][:-1]  # the "=" that said the line goes on
                if not pieces[-1] and len(pieces) > 1:
                    pieces.pop()
                added = raw
            elif raw[:1] in {" ", "\t"} and logical:
                pieces = logical[-1][1]
                added = raw[1:]
            else:
                pieces = []
                logical.append((number, pieces))
                before_colon, head = [], None
                added = raw
            if added or not pieces:
                pieces.append(added)  # never an empty piece after the first
            if head is None:
                if ":" in added:
                    head = ("".join(before_colon) + added.split(":", 1)[0]).upper()
                else:
                    before_colon.append(added)
            soft_break = (
                head is not None and "QUOTED-PRINTABLE" in head and pieces[-1].endswith("=")
            )
        return [(start, "".join(pieces)) for start, pieces in logical]

    def _cards(self, file: str, text: str) -> list[_Card]:
        cards: list[_Card] = []
        card: _Card | None = None
        depth = 0
        for line, content in self._logical_lines(text):
            if not content.strip():
                continue
            split = _split_head(content)
            if split is None:
                if card is None and not cards:
                    raise ImportFileError(
                        file=file,
                        line=line,
                        reason="this is not a vCard file: it should start with BEGIN:VCARD.",
                    )
                continue  # a stray line (2.1 base64 without indentation): ignored
            head, value = split
            parts = _split_unquoted(head, ";")
            group, _dot, name = parts[0].rpartition(".")
            name = name.strip().upper()
            if name == "BEGIN" and value.strip().upper() == "VCARD":
                depth += 1
                if depth == 1:
                    card = _Card(line=line)
                continue
            if name == "END" and value.strip().upper() == "VCARD":
                if depth == 1 and card is not None:
                    cards.append(card)
                    card = None
                depth = max(depth - 1, 0)
                continue
            if card is None:
                if not cards:
                    raise ImportFileError(
                        file=file,
                        line=line,
                        reason="this is not a vCard file: it should start with BEGIN:VCARD.",
                    )
                continue
            if depth == 1:
                card.properties.append(
                    _Property(line, group.strip().lower(), name, _params(parts[1:]), value)
                )
        if card is not None:
            raise ImportFileError(
                file=file,
                line=card.line,
                reason="the card that begins here never ends (no END:VCARD): is the file cut short?",
            )
        if not cards:
            raise ImportFileError(file=file, line=1, reason="this vCard file holds no card.")
        return cards

    # --- values ------------------------------------------------------------------

    def _text(self, prop: _Property) -> str:
        """The property's raw value with its transfer encoding and charset undone."""
        encoding = " ".join(prop.params.get("ENCODING", [])).upper()
        declared = _charset((prop.params.get("CHARSET") or [""])[0])
        if "QUOTED-PRINTABLE" in encoding:
            raw = quopri.decodestring(prop.value.encode("utf-8", "replace"))
            for charset in [declared, "utf-8", "cp1252"]:
                if charset:
                    try:
                        return raw.decode(charset)
                    except (UnicodeDecodeError, LookupError, ValueError):
                        continue
            return raw.decode("utf-8", "replace")
        if declared and declared != self.encoding and self.encoding in {"utf-8", "cp1252"}:
            # The file was read with one charset; this property says it is another.
            try:
                return prop.value.encode(self.encoding).decode(declared)
            except (UnicodeError, LookupError):
                return prop.value
        return prop.value

    def _types(self, prop: _Property, labels: Mapping[str, str]) -> str:
        if prop.group and prop.group in labels:
            return labels[prop.group]
        types = [
            t.lower()
            for t in prop.params.get("TYPE", [])
            if t.lower() not in _NOISE_TYPES and t.isascii()
        ]
        return clean_text(",".join(types), 40)

    def _person(self, file: str, card: _Card) -> tuple[PersonRecord | None, list[tuple[int, str]]]:
        """The card's person, if it names one, and the values in it the keeper cannot
        take (line, why)."""
        labels: dict[str, str] = {}
        # The same labels as written, for a date's own words ("Started at Transit Lab").
        written: dict[str, str] = {}
        for prop in card.properties:
            if prop.name == "X-ABLABEL" and prop.group:
                label = _unescape(self._text(prop)).strip()
                match = _APPLE_LABEL.match(label)
                written[prop.group] = one_line(match.group(1) if match else label)
                labels[prop.group] = clean_text((match.group(1) if match else label).lower(), 40)
        full_name = ""
        structured = ""
        person = PersonRecord(file=file, line=card.line, name="")
        unusable: list[tuple[int, str]] = []
        for prop in card.properties:
            if "B" in [e.upper() for e in prop.params.get("ENCODING", [])] or prop.name in {
                "PHOTO",
                "LOGO",
                "SOUND",
                "KEY",
            }:
                continue
            if prop.name == "FN" and not full_name:
                full_name = one_line(_unescape(self._text(prop)))
            elif prop.name == "N" and not structured:
                parts = [one_line(part) for part in _components(self._text(prop))]
                family, given, additional = [*parts, "", "", ""][:3]
                structured = " ".join(p for p in (given, additional, family) if p)
            elif prop.name == "ORG" and not person.organisation:
                person.organisation = one_line(_components(self._text(prop))[0])
            elif prop.name == "TITLE" and not person.role:
                person.role = one_line(_unescape(self._text(prop)))
            elif prop.name == "EMAIL":
                value = _unescape(self._text(prop))
                email = clean_email(value)
                if email and email not in [e for e, _t in person.emails]:
                    person.emails.append((email, self._types(prop, labels)))
                elif not_an_email(value):
                    unusable.append(
                        (prop.line, f"EMAIL {value.strip()[:40]!r} is not an email address")
                    )
            elif prop.name == "TEL":
                value = _unescape(self._text(prop)).strip()
                number = value.replace(";ext=", " ext. ")
                number = clean_phone(number[4:] if number.lower().startswith("tel:") else number)
                if number and number not in [p for p, _t in person.phones]:
                    person.phones.append((number, self._types(prop, labels)))
                elif value and not number:
                    unusable.append((prop.line, f"TEL {value[:40]!r} is not a phone number"))
            elif prop.name in {"URL", "X-SOCIALPROFILE"}:
                url = _unescape(self._text(prop)).strip()
                profile = linkedin_profile(url)
                if profile and not person.linkedin_url:
                    person.linkedin_url = profile
                elif web_address(url):
                    person.links.append((url, self._types(prop, labels)))
                elif url and not profile:
                    unusable.append((prop.line, f"{prop.name} {url[:40]!r} is not a web address"))
            elif prop.name in _DATES:
                why = self._date(person, prop, written.get(prop.group, ""))
                if why:
                    unusable.append((prop.line, why))
        person.name = full_name or structured
        return (person if person.name else None), unusable

    def _date(self, person: PersonRecord, prop: _Property, label: str) -> str:
        """Add the yearly date ``prop`` holds to ``person``; why not, or ""."""
        value = _unescape(self._text(prop)).strip()
        if not value:
            return ""
        if "TEXT" in [v.upper() for v in prop.params.get("VALUE", [])]:
            return f"{prop.name} {value[:40]!r} is text, not a date"
        kind = _DATES[prop.name]
        if kind == DateKind.BIRTHDAY:
            label = ""
        elif label.casefold() == "anniversary":
            kind, label = DateKind.ANNIVERSARY, ""
        elif kind == DateKind.OTHER and not label:
            label = "Date"
        omitted = (prop.params.get("X-APPLE-OMIT-YEAR") or [""])[0]
        if omitted and value.startswith(omitted):
            value = "--" + value[len(omitted) :].lstrip("-")
        date, why = yearly_date(value, kind=kind, label=label, today=self.today, what=prop.name)
        if date is None:
            return why
        return self._keep(person, date, prop.name)

    @staticmethod
    def _keep(person: PersonRecord, date: DateRecord, what: str) -> str:
        why = person.add_date(date)
        return f"{what} {date.described()!r}: {why}" if why else ""
