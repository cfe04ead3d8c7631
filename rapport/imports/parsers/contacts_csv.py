"""Contact exports as CSV: Google Contacts ("Google CSV", old and new) and Outlook.

Which one a file is, is read from its header, never from its name:

- Google, old: ``Name,Given Name,Additional Name,Family Name,...,E-mail 1 - Type,
  E-mail 1 - Value,...,Phone 1 - Value,Organization 1 - Name,Organization 1 - Title,
  ...,Website 1 - Value`` (UTF-16 with a BOM in older downloads);
- Google, new: ``First Name,Middle Name,Last Name,...,Organization Name,Organization
  Title,...,E-mail 1 - Label,E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value,...``;
- Outlook: ``First Name,Middle Name,Last Name,Title,...,Company,Job Title,...,
  E-mail Address,E-mail 2 Address,...,Mobile Phone,Business Phone,...,Web Page``.

The columns are split by a comma, or by the semicolon or tab the header line is split
by: Excel writes semicolons where the comma is the decimal mark, so a contacts CSV
opened and saved again there has them.

Google puts several values in one cell joined by `` ::: `` ("a@x.org ::: b@y.org"),
and types as ``* Work``; both are undone here.

Yearly dates: Google's ``Birthday`` (``1980-04-12``, or `` --04-12`` without the
year) and its ``Event 1 - Type``/``Event 1 - Value`` pairs (an "Anniversary" type is
an anniversary; any other names a day of theirs, "Other" included); Outlook's
``Birthday`` and ``Anniversary`` (``4/12/1980``, and ``0/0/00`` for none).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

from rapport.imports.parsers.base import (
    PROGRESS_EVERY,
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
from rapport.imports.parsers.dates import NO_DATE
from rapport.imports.parsers.text import (
    Table,
    cell,
    decode,
    header_delimiter,
    header_key,
    read_table,
)
from rapport.keeper.vocabulary import DateKind

_MULTI = " ::: "
_NUMBERED = re.compile(
    r"^(e-mail|phone|website|organization|event) (\d+) - (type|label|value|name|title)$"
)
_OUTLOOK_EMAIL = re.compile(r"^e-mail(?: (\d+))? address$")
_OUTLOOK_PHONE = re.compile(r"^(.*\b(?:phone|fax|pager))(?: (\d+))?$")


def _values(text: str) -> list[str]:
    return [part.strip() for part in text.split(_MULTI) if part.strip()]


def _type(text: str) -> str:
    return clean_text(text.replace("*", "").strip().lower(), 40)


class ContactsCsvImporter(Importer):
    source = "csv"
    label = "Contacts CSV (Google or Outlook)"

    def parse(self, files: Mapping[str, bytes]) -> ParsedImport:
        file, data = self.single(files)
        text, _encoding = decode(data)
        if not text.strip():
            raise ImportFileError(file=file, line=1, reason="the file is empty.")
        table = read_table(
            file,
            text,
            required=[],
            describe="a contacts CSV",
            search_lines=1,
            delimiter=header_delimiter(text),
        )
        keys = [header_key(value) for value in table.header]
        if not {"first name", "given name", "name"} & set(keys):
            raise ImportFileError(
                file=file,
                line=table.header_line,
                reason="this is not a Google or Outlook contacts CSV: its first line names "
                "no First Name, Given Name or Name column.",
            )
        if any(_NUMBERED.match(key) for key in keys):
            flavour = "google"
        elif any(_OUTLOOK_EMAIL.match(key) for key in keys) or "company" in keys:
            flavour = "outlook"
        else:
            raise ImportFileError(
                file=file,
                line=table.header_line,
                reason="this header is neither Google's (E-mail 1 - Value, ...) nor Outlook's "
                "(E-mail Address, Company, ...) contact export.",
            )
        result = ParsedImport(source=self.source)
        labels = [" ".join(value.replace("\ufeff", "").split()) for value in table.header]
        for index, (line, row) in enumerate(table.rows, start=1):
            result.rows_read += 1
            if index % PROGRESS_EVERY == 0:
                self.report(line, table.total_lines)
            if not any(value.strip() for value in row):
                continue
            contact = _Contact(line, table, labels, row, self.today)
            person = (
                self._google(file, contact, keys)
                if flavour == "google"
                else self._outlook(file, contact, keys)
            )
            if person is None:
                result.skip(file, line, "A contact with no name.")
            else:
                result.add_person(person, contact.unusable)
        self.report(table.total_lines, table.total_lines)
        return result

    def _name(self, contact: _Contact, *columns: tuple[str, ...]) -> str:
        return one_line(" ".join(contact.value(contact.table.column(*names)) for names in columns))

    def _google(self, file: str, contact: _Contact, keys: list[str]) -> PersonRecord | None:
        table = contact.table
        name = one_line(contact.value(table.column("Name"))) or self._name(
            contact,
            ("Given Name", "First Name"),
            ("Additional Name", "Middle Name"),
            ("Family Name", "Last Name"),
        )
        person = PersonRecord(file=file, line=contact.line, name=name)
        # (kind, number) -> part -> column index
        numbered: dict[tuple[str, str], dict[str, int]] = {}
        for index, key in enumerate(keys):
            match = _NUMBERED.match(key)
            if match:
                kind, number, part = match.groups()
                numbered.setdefault((kind, number), {})[part] = index
        for (kind, _number), parts in numbered.items():
            kind_type = _type(contact.value(parts.get("type")) or contact.value(parts.get("label")))
            column = parts.get("value")
            values = _values(contact.value(column))
            if kind == "e-mail":
                for value in values:
                    contact.email(person, column, value, kind_type)
            elif kind == "phone":
                for value in values:
                    contact.phone(person, column, value, kind_type)
            elif kind == "website":
                for value in values:
                    contact.link(person, column, value, kind_type)
            elif kind == "event":
                label = contact.value(parts.get("type")) or contact.value(parts.get("label"))
                label = one_line(label.replace("*", ""))
                for value in values:
                    if label.casefold() == "anniversary":
                        contact.date(person, column, value, DateKind.ANNIVERSARY, "")
                    else:
                        contact.date(person, column, value, DateKind.OTHER, label or "Event")
            elif kind == "organization" and not person.organisation:
                names = _values(contact.value(parts.get("name")))
                titles = _values(contact.value(parts.get("title")))
                person.organisation = one_line(names[0]) if names else ""
                person.role = one_line(titles[0]) if titles else ""
        if not person.organisation:
            person.organisation = one_line(contact.value(table.column("Organization Name")))
            person.role = person.role or one_line(contact.value(table.column("Organization Title")))
        birthday = table.column("Birthday")
        contact.date(person, birthday, contact.value(birthday), DateKind.BIRTHDAY, "")
        return person if person.name else None

    def _outlook(self, file: str, contact: _Contact, keys: list[str]) -> PersonRecord | None:
        table = contact.table
        person = PersonRecord(
            file=file,
            line=contact.line,
            name=self._name(contact, ("First Name",), ("Middle Name",), ("Last Name",)),
            organisation=one_line(contact.value(table.column("Company"))),
            role=one_line(contact.value(table.column("Job Title"))),
        )
        for index, key in enumerate(keys):
            if _OUTLOOK_EMAIL.match(key):
                contact.email(person, index, contact.value(index), "")
            elif (phone_column := _OUTLOOK_PHONE.match(key)) and "type" not in key:
                contact.phone(person, index, contact.value(index), phone_column.group(1)[:40])
            elif key in {"web page", "personal web page", "business web page"}:
                contact.link(person, index, contact.value(index), "")
            elif key in {"birthday", "anniversary"}:
                kind = DateKind.BIRTHDAY if key == "birthday" else DateKind.ANNIVERSARY
                contact.date(person, index, contact.value(index), kind, "")
        return person if person.name else None


class _Contact:
    """One row being read, and the values in it the keeper cannot take (line, why)."""

    def __init__(
        self, line: int, table: Table, labels: list[str], row: list[str], today: dt.date
    ) -> None:
        self.line = line
        self.today = today
        self.table = table
        self.labels = labels
        self.row = row
        self.unusable: list[tuple[int, str]] = []

    def value(self, index: int | None) -> str:
        return cell(self.row, index)

    def _unusable(self, index: int | None, value: str, what: str) -> None:
        label = self.labels[index] if index is not None else "A value"
        self.unusable.append((self.line, f"{label} {value[:40]!r} is not {what}"))

    def email(self, person: PersonRecord, index: int | None, value: str, kind: str) -> None:
        email = clean_email(value)
        if email and email not in [e for e, _t in person.emails]:
            person.emails.append((email, kind))
        elif not_an_email(value):
            self._unusable(index, value, "an email address")

    def phone(self, person: PersonRecord, index: int | None, value: str, kind: str) -> None:
        phone = clean_phone(value)
        if phone and phone not in [p for p, _t in person.phones]:
            person.phones.append((phone, kind))
        elif value and not phone:
            self._unusable(index, value, "a phone number")

    def date(
        self, person: PersonRecord, index: int | None, value: str, kind: str, label: str
    ) -> None:
        """A yearly date; a column that holds none (empty, Outlook's ``0/0/00``) is no
        value, and one that is not a date is listed as one the keeper could not take."""
        if not value or value in NO_DATE:
            return
        what = self.labels[index] if index is not None else "A date"
        date, why = yearly_date(value, kind=kind, label=label, today=self.today, what=what)
        if date is not None:
            why = person.add_date(date)
            if why:
                why = f"{what} {date.described()!r}: {why}"
        if why:
            self.unusable.append((self.line, why))

    def link(self, person: PersonRecord, index: int | None, url: str, label: str) -> None:
        profile = linkedin_profile(url)
        if profile and not person.linkedin_url:
            person.linkedin_url = profile
        elif web_address(url):
            person.links.append((url, label))
        elif url and not profile:
            self._unusable(index, url, "a web address")
