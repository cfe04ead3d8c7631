"""Contact exports as CSV: Google Contacts ("Google CSV", old and new) and Outlook.

Which one a file is, is read from its header, never from its name:

- Google, old: ``Name,Given Name,Additional Name,Family Name,...,E-mail 1 - Type,
  E-mail 1 - Value,...,Phone 1 - Value,Organization 1 - Name,Organization 1 - Title,
  ...,Website 1 - Value`` (UTF-16 with a BOM in older downloads);
- Google, new: ``First Name,Middle Name,Last Name,...,Organization Name,Organization
  Title,...,E-mail 1 - Label,E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value,...``;
- Outlook: ``First Name,Middle Name,Last Name,Title,...,Company,Job Title,...,
  E-mail Address,E-mail 2 Address,...,Mobile Phone,Business Phone,...,Web Page``.

Google puts several values in one cell joined by `` ::: `` ("a@x.org ::: b@y.org"),
and types as ``* Work``; both are undone here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from rapport.imports.parsers.base import (
    NAME_LIMIT,
    PROGRESS_EVERY,
    Importer,
    ImportFileError,
    ParsedImport,
    PersonRecord,
    clean_email,
    clean_phone,
    clean_text,
    linkedin_profile,
    web_address,
)
from rapport.imports.parsers.text import Table, cell, decode, header_key, read_table

_MULTI = " ::: "
_NUMBERED = re.compile(
    r"^(e-mail|phone|website|organization) (\d+) - (type|label|value|name|title)$"
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
        table = read_table(file, text, required=[], describe="a contacts CSV", search_lines=1)
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
        for index, (line, row) in enumerate(table.rows, start=1):
            result.rows_read += 1
            if index % PROGRESS_EVERY == 0:
                self.report(line, table.total_lines)
            if not any(value.strip() for value in row):
                continue
            person = (
                self._google(file, line, table, keys, row)
                if flavour == "google"
                else self._outlook(file, line, table, keys, row)
            )
            if person is None:
                result.skip(file, line, "A contact with no name.")
            else:
                result.people.append(person)
        self.report(table.total_lines, table.total_lines)
        return result

    def _name(self, table: Table, row: list[str], *columns: tuple[str, ...]) -> str:
        return clean_text(
            " ".join(cell(row, table.column(*names)) for names in columns), NAME_LIMIT
        )

    def _google(
        self, file: str, line: int, table: Table, keys: list[str], row: list[str]
    ) -> PersonRecord | None:
        name = clean_text(cell(row, table.column("Name")), NAME_LIMIT) or self._name(
            table,
            row,
            ("Given Name", "First Name"),
            ("Additional Name", "Middle Name"),
            ("Family Name", "Last Name"),
        )
        person = PersonRecord(file=file, line=line, name=name)
        numbered: dict[tuple[str, str], dict[str, str]] = {}
        for index, key in enumerate(keys):
            match = _NUMBERED.match(key)
            if match:
                kind, number, part = match.groups()
                numbered.setdefault((kind, number), {})[part] = cell(row, index)
        for (kind, _number), parts in numbered.items():
            kind_type = _type(parts.get("type") or parts.get("label") or "")
            if kind == "e-mail":
                for value in _values(parts.get("value", "")):
                    email = clean_email(value)
                    if email and email not in [e for e, _t in person.emails]:
                        person.emails.append((email, kind_type))
            elif kind == "phone":
                for value in _values(parts.get("value", "")):
                    phone = clean_phone(value)
                    if phone and phone not in [p for p, _t in person.phones]:
                        person.phones.append((phone, kind_type))
            elif kind == "website":
                for value in _values(parts.get("value", "")):
                    self._link(person, value, kind_type)
            elif kind == "organization" and not person.organisation:
                names = _values(parts.get("name", ""))
                titles = _values(parts.get("title", ""))
                person.organisation = clean_text(names[0]) if names else ""
                person.role = clean_text(titles[0]) if titles else ""
        if not person.organisation:
            person.organisation = clean_text(cell(row, table.column("Organization Name")))
            person.role = person.role or clean_text(cell(row, table.column("Organization Title")))
        if not person.name:
            return None
        return person

    def _outlook(
        self, file: str, line: int, table: Table, keys: list[str], row: list[str]
    ) -> PersonRecord | None:
        name = self._name(table, row, ("First Name",), ("Middle Name",), ("Last Name",))
        person = PersonRecord(
            file=file,
            line=line,
            name=name,
            organisation=clean_text(cell(row, table.column("Company"))),
            role=clean_text(cell(row, table.column("Job Title"))),
        )
        for index, key in enumerate(keys):
            if _OUTLOOK_EMAIL.match(key):
                # Exchange writes "/o=ExchangeLabs/ou=..." paths here: not addresses.
                email = clean_email(cell(row, index))
                if email and email not in [e for e, _t in person.emails]:
                    person.emails.append((email, ""))
            elif (phone_column := _OUTLOOK_PHONE.match(key)) and "type" not in key:
                phone = clean_phone(cell(row, index))
                if phone and phone not in [p for p, _t in person.phones]:
                    person.phones.append((phone, phone_column.group(1)[:40]))
            elif key in {"web page", "personal web page", "business web page"}:
                self._link(person, cell(row, index), "")
        return person if person.name else None

    def _link(self, person: PersonRecord, url: str, label: str) -> None:
        profile = linkedin_profile(url)
        if profile and not person.linkedin_url:
            person.linkedin_url = profile
        elif web_address(url):
            person.links.append((url, label))
