"""LinkedIn's "Get a copy of your data" export: connections, messages, invitations,
recommendations and endorsements.

Layouts, as checked against public parsers of these exports and their fixtures:

- ``Connections.csv``: up to three "Notes:" lines, then ``First Name,Last Name,URL,
  Email Address,Company,Position,Connected On`` (older exports: no URL, no preamble;
  ``Connected On`` as ``09 Sep 2022`` or ``1/8/18, 6:14 PM``).
- ``messages.csv``: ``CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,
  RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER`` (+ ``ATTACHMENTS,IS MESSAGE
  DRAFT``; older: no recipient URLs). Dates ``2023-06-11 15:33:58 UTC``.
- ``Invitations.csv``: ``From,To,Sent At,Message,Direction`` (+ ``inviterProfileUrl,
  inviteeProfileUrl``).
- ``Recommendations_Given.csv`` / ``_Received.csv``: ``First Name,Last Name,Company,
  Job Title,Text,Creation Date,Status``.
- ``Endorsement_Given_Info.csv`` / ``_Received_Info.csv``: ``Endorsement Date,Skill
  Name,Endorsee|Endorser First Name,... Last Name,... Public Url,Endorsement Status``.

Columns are found by name, in any order, with extra columns ignored; every file but
one of Connections.csv and messages.csv may be missing. A header without a column
every layout has is refused as cut short: read on, it would import nothing.

The export does not say who its owner is. They are the person named in Profile.csv,
the sender of outgoing invitations, and (failing those) whoever takes part in the
most conversations; the member's own name is the last hint.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from hashlib import sha1

from rapport.imports.parsers.base import (
    NAME_LIMIT,
    NOTE_LIMIT,
    PROGRESS_EVERY,
    TEXT_LIMIT,
    Importer,
    ImportFileError,
    InteractionRecord,
    ParsedImport,
    Party,
    PersonRecord,
    clean_email,
    clean_text,
    excerpt,
    linkedin_profile,
    not_an_email,
    one_line,
    repair_mojibake,
    too_long,
)
from rapport.imports.parsers.dates import EARLIEST_YEAR, parse_day, parse_utc, parse_when
from rapport.imports.parsers.text import Table, cell, decode, read_table
from rapport.keeper.external_keys import import_key, import_key_at

FILES = (
    "connections.csv",
    "messages.csv",
    "invitations.csv",
    "recommendations_given.csv",
    "recommendations_received.csv",
    "endorsement_given_info.csv",
    "endorsement_received_info.csv",
    "profile.csv",
)
# Accounts that no longer exist are shown under this name: nobody to keep.
DELETED_ACCOUNT = "linkedin member"
_SPLIT_URLS = re.compile(r"[,;\s]+")
_SPLIT_NAMES = re.compile(r"\s*[;,]\s*")
_MESSAGE_KEY = "linkedin:message:"


def wanted(name: str) -> bool:
    """Whether a file of the archive is one this importer reads."""
    return name.replace("\\", "/").rsplit("/", 1)[-1].lower() in FILES


def _folded(name: str) -> str:
    return " ".join(name.casefold().split())


def _digest(*parts: str) -> str:
    return sha1("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()  # noqa: S324 - a key, not a secret


def _name(first: str, last: str) -> str:
    return one_line(repair_mojibake(f"{first} {last}"))


class _Context:
    """What a message row's conversation, sender and recipient cells come to: the
    reason its rows are set aside (or ""), the conversation, the sender (and the name
    the key is made with), the recipients; and, once the member is known, whom its
    messages were with and which way they went. Worked out once per distinct cells,
    not once per message: a conversation's rows repeat a few such combinations."""

    __slots__ = (
        "cached",
        "conversation",
        "direction",
        "may_add_people",
        "others",
        "recipients",
        "sender",
        "sender_name",
        "skip",
    )

    def __init__(
        self,
        skip: str,
        conversation: str,
        sender: Party,
        sender_name: str,
        recipients: tuple[Party, ...],
        cached: bool,
    ) -> None:
        self.skip = skip
        self.conversation = conversation
        self.sender = sender
        self.sender_name = sender_name
        self.recipients = recipients
        # False for a row without a conversation id, a conversation of its own.
        self.cached = cached
        self.others: tuple[Party, ...] = ()
        self.direction = ""
        self.may_add_people = False


class _Conversations:
    """What reading messages.csv learns as it goes, for ``_context``."""

    def __init__(self) -> None:
        # conversation id -> (the one copy of the id every message shares, its people)
        self.people: dict[str, tuple[str, dict[str, Party]]] = {}
        # (conversation, from, to) seen before adds nobody new to the conversation.
        self.seen_pairs: set[tuple[str, str, str]] = set()
        # raw FROM and SENDER PROFILE URL cells -> (the sender, their cleaned name)
        self.senders: dict[tuple[str, str], tuple[Party, str]] = {}
        self.recipients: dict[tuple[str, str], tuple[Party, ...]] = {}
        # Every context whose messages are kept, in the order first met.
        self.kept: list[_Context] = []


_Message = tuple[int, _Context, dt.datetime, str, str]
"""A message kept between reading the file and knowing who the member is: line,
context, when, key, note. A plain tuple: 200,000 are built in the hottest loop of an
import."""

_EARLIEST = dt.datetime(EARLIEST_YEAR, 1, 1, tzinfo=dt.UTC)


def _identity(party: Party) -> str:
    return party.linkedin_url or "name:" + _folded(party.name)


class LinkedInImporter(Importer):
    source = "linkedin"
    label = "LinkedIn export (ZIP or folder)"

    def parse(self, files: Mapping[str, bytes]) -> ParsedImport:
        found: dict[str, tuple[str, bytes]] = {}
        for path, data in files.items():
            base = path.replace("\\", "/").rsplit("/", 1)[-1].lower()
            if base in FILES and base not in found:
                found[base] = (path.replace("\\", "/").rsplit("/", 1)[-1], data)
        if "connections.csv" not in found and "messages.csv" not in found:
            raise ImportFileError(
                file=self.name or "the export",
                line=None,
                reason="this is not a LinkedIn export: it holds neither Connections.csv nor "
                "messages.csv.",
            )
        self.result = ParsedImport(source=self.source)
        # Names and addresses repeat across a conversation: each is cleaned once.
        self._parties: dict[tuple[str, str], Party] = {}
        self._urls: dict[str, str] = {}
        self._recipient_lists: dict[tuple[str, str], tuple[Party, ...]] = {}
        # Parties (by id) whose name is longer than the keeper holds: their rows are set
        # aside, as a connection's would be.
        self._overlong: set[int] = set()
        self.texts = {base: (name, decode(data)[0]) for base, (name, data) in found.items()}
        # Each file's lines, counted once: the progress bar's total and its table's.
        self.lines = {base: text.count("\n") + 1 for base, (_name, text) in self.texts.items()}
        self.total = sum(self.lines.values())
        self.done = 0
        self.me_urls: set[str] = set()
        self.me_names: set[str] = set()
        self._profile()
        invitations = self._table(
            "invitations.csv", ["From", "To", "Sent At", "Message", "Direction"]
        )
        invitation_rows = list(invitations.rows) if invitations else []
        if invitations:
            self._learn_me_from_invitations(invitations, invitation_rows)
        # Every layout has these; a header without them is one cut short, whose file
        # would otherwise import as no connections at all.
        connections = self._table(
            "connections.csv",
            ["First Name", "Last Name", "Company", "Position", "Connected On"],
        )
        if connections:
            self._connections(connections)
        messages = self._table("messages.csv", ["FROM", "TO", "DATE", "CONTENT"])
        if messages:
            self._messages(messages)
        if invitations:
            self._invitations(invitations, invitation_rows)
        for base, direction in (
            ("recommendations_given.csv", "gave"),
            ("recommendations_received.csv", "received"),
        ):
            table = self._table(base, ["First Name", "Last Name", "Text"])
            if table:
                self._recommendations(table, direction=direction)
        for base, direction in (
            ("endorsement_given_info.csv", "gave"),
            ("endorsement_received_info.csv", "received"),
        ):
            table = self._table(base, ["Endorsement Date", "Skill Name"])
            if table:
                self._endorsements(table, direction=direction)
        self.report(self.total, self.total)
        return self.result

    # --- reading ------------------------------------------------------------------

    def _table(self, base: str, required: list[str]) -> Table | None:
        if base not in self.texts:
            return None
        # Each file is read once: the table's reader holds its text until read through,
        # so a large messages.csv's text (85 MB in memory) goes before its records are
        # built.
        name, text = self.texts.pop(base)
        return read_table(
            name,
            text,
            required=required,
            describe=f"LinkedIn's {name}",
            total_lines=self.lines[base],
        )

    def _tick(self, rows: int) -> None:
        self.done += rows
        self.result.rows_read += rows
        if self.done % PROGRESS_EVERY < rows:
            self.report(min(self.done, self.total), self.total)

    def _is_me(self, party: Party) -> bool:
        if party.linkedin_url and party.linkedin_url in self.me_urls:
            return True
        if party.linkedin_url and self.me_urls:
            return False  # someone else's profile, whatever the name
        return _folded(party.name) in self.me_names

    def _profile(self) -> None:
        if "profile.csv" not in self.texts:
            return
        table = self._table("profile.csv", ["First Name", "Last Name"])
        if table is None:
            return
        first, last = table.column("First Name"), table.column("Last Name")
        for _line, row in table.rows:
            name = _name(cell(row, first), cell(row, last))
            if name:
                self.me_names.add(_folded(name))
            break

    def _learn_me_from_invitations(self, table: Table, rows: list[tuple[int, list[str]]]) -> None:
        columns = [
            table.column(name)
            for name in ("From", "To", "Direction", "inviterProfileUrl", "inviteeProfileUrl")
        ]
        sender, recipient, direction, inviter, invitee = columns
        for _line, row in rows:
            outgoing = cell(row, direction).upper() == "OUTGOING"
            name = cell(row, sender if outgoing else recipient)
            url = linkedin_profile(cell(row, inviter if outgoing else invitee))
            if name:
                self.me_names.add(_folded(repair_mojibake(name)))
            if url:
                self.me_urls.add(url)

    # --- connections --------------------------------------------------------------

    def _connections(self, table: Table) -> None:
        """Every connection row: 30,000 in a large export, so the columns are found once
        and each row's cells read by index, without a call per cell."""
        width = len(table.header)

        def at(*names: str) -> int:
            """The column's index; a missing column reads the empty cell past the end."""
            index = table.column(*names)
            return width if index is None else index

        c_first, c_last = at("First Name"), at("Last Name")
        c_url, c_email = at("URL", "Profile URL"), at("Email Address", "E-mail Address", "Email")
        c_company, c_position = at("Company"), at("Position")
        c_connected = at("Connected On")
        needed = max(c_first, c_last, c_url, c_email, c_company, c_position, c_connected) + 1
        padding = [""] * needed
        # A missing column's cells are all empty: its label is never shown.
        url_label = table.header[c_url].strip() if c_url < width else ""
        email_label = table.header[c_email].strip() if c_email < width else ""
        file = table.file
        result = self.result
        skip = result.skip
        keep = result.people.append
        person = PersonRecord
        rows = 0
        for line, row in table.rows:
            rows += 1
            if rows == PROGRESS_EVERY:
                self._tick(rows)
                rows = 0
            if not "".join(row).strip():  # as any(cell.strip()), in one call
                continue
            if len(row) < needed:
                row.extend(padding[: needed - len(row)])
            name = f"{row[c_first].strip()} {row[c_last].strip()}"
            if "Ã" in name or "Â" in name:
                name = repair_mojibake(name)
            name = " ".join(name.split())
            if not name:
                skip(file, line, "No name (a hidden or closed account).")
                continue
            unusable: list[tuple[int, str]] = []
            raw_url = row[c_url].strip()
            url = linkedin_profile(raw_url) if raw_url else ""
            if raw_url and not url:
                unusable.append((line, f"{url_label} {raw_url[:40]!r} is not a LinkedIn profile"))
            raw_email = row[c_email].strip()
            email = ""
            if raw_email:
                email = clean_email(raw_email)
                if not_an_email(raw_email):
                    unusable.append(
                        (line, f"{email_label} {raw_email[:40]!r} is not an email address")
                    )
            raw_day = row[c_connected].strip()
            connected_on = None
            if raw_day:
                connected_on = parse_day(raw_day)
                if connected_on is None:
                    unusable.append((line, f"Connected On {raw_day[:40]!r} is not a date"))
            organisation = row[c_company].strip()
            if "Ã" in organisation or "Â" in organisation:
                organisation = repair_mojibake(organisation)
            organisation = " ".join(organisation.split())
            role = row[c_position].strip()
            if "Ã" in role or "Â" in role:
                role = repair_mojibake(role)
            role = " ".join(role.split())
            # file, line, name, emails, phones, linkedin_url, organisation, role, links,
            # connected_on, dates: positional, the quickest call there is.
            record = person(
                file,
                line,
                name,
                [(email, "")] if email else [],
                [],
                url,
                organisation,
                role,
                [],
                connected_on,
                [],
            )
            if (
                unusable
                or len(name) > NAME_LIMIT
                or len(organisation) > TEXT_LIMIT
                or len(role) > TEXT_LIMIT
            ):
                result.add_person(record, unusable)  # which says why
            else:
                keep(record)
        self._tick(rows)

    # --- messages -----------------------------------------------------------------

    def _party(self, name: str, url: str) -> Party:
        key = (name, url)
        party = self._parties.get(key)
        if party is None:
            party = Party(name=one_line(repair_mojibake(name)), linkedin_url=url)
            self._parties[key] = party
            if len(party.name) > NAME_LIMIT:
                self._overlong.add(id(party))
        return party

    def _too_long(self, *parties: Party) -> str:
        """Why a row with these parties is set aside for a name the keeper cannot hold."""
        for party in parties:
            if id(party) in self._overlong:
                return too_long(name=party.name)
        return ""

    def _profile_url(self, url: str) -> str:
        found = self._urls.get(url)
        if found is None:
            found = self._urls[url] = linkedin_profile(url)
        return found

    def _recipients(self, names: str, urls: str) -> tuple[Party, ...]:
        key = (names, urls)
        found = self._recipient_lists.get(key)
        if found is not None:
            return found
        profile_urls = [self._profile_url(url) for url in _SPLIT_URLS.split(urls) if url]
        profile_urls = [url for url in profile_urls if url]
        split_names = [name for name in _SPLIT_NAMES.split(names) if name] if names else []
        if len(profile_urls) == 1 and len(split_names) > 1:
            split_names = [names]  # one recipient whose name holds a comma
        if profile_urls and len(split_names) == len(profile_urls):
            found = tuple(self._party(n, u) for n, u in zip(split_names, profile_urls, strict=True))
        elif profile_urls:
            found = tuple(self._party("", url) for url in profile_urls)
        else:
            found = tuple(self._party(name, "") for name in split_names)
        self._recipient_lists[key] = found
        return found

    def _messages(self, table: Table) -> None:
        """Every message row, read with as little per-row work as honest reading allows:
        the file has 200,000 of them. Names, profile addresses and recipient lists
        repeat through a conversation, so each distinct cell is cleaned once and looked
        up by its raw text after that."""
        width = len(table.header)

        def at(*names: str) -> int:
            """The column's index; a missing column reads the empty cell past the end."""
            index = table.column(*names)
            return width if index is None else index

        c_conv, c_from, c_sender = at("CONVERSATION ID"), at("FROM"), at("SENDER PROFILE URL")
        c_to, c_date = at("TO"), at("DATE")
        c_urls = at("RECIPIENT PROFILE URLS", "RECIPIENT PROFILE URL")
        c_subject, c_content = at("SUBJECT"), at("CONTENT")
        c_folder, c_draft = at("FOLDER"), at("IS MESSAGE DRAFT")
        # Rows shorter than the last column read get empty cells (and the cell past the
        # end stands for every missing column).
        needed = max(c_conv, c_from, c_sender, c_to, c_date, c_urls, c_subject, c_content)
        needed = max(needed, c_folder, c_draft) + 1
        padding = [""] * needed
        skip = self.result.skip
        file = table.file
        latest = self.latest
        messages: list[_Message] = []
        add = messages.append
        fromisoformat = dt.datetime.fromisoformat
        earliest = _EARLIEST
        state = _Conversations()
        # The raw conversation, sender and recipient cells -> what they come to: a
        # conversation's rows repeat a few such combinations many times over.
        contexts: dict[tuple[str, str, str, str, str], _Context] = {}
        reader = table.reader
        next_line = reader.line_num + 1
        rows = 0
        try:
            for row in reader:
                line = next_line
                next_line = reader.line_num + 1
                rows += 1
                if rows == PROGRESS_EVERY:
                    self._tick(rows)
                    rows = 0
                if len(row) < needed:
                    if not row:
                        continue
                    row.extend(padding[: needed - len(row)])
                draft = row[c_draft]
                if draft and draft != "No" and draft.strip().lower() in {"yes", "true"}:
                    skip(file, line, "A draft, never sent.")
                    continue
                folder = row[c_folder]
                if folder and folder != "INBOX" and folder.strip().lower() in {"spam", "trash"}:
                    skip(file, line, "In the spam folder.")
                    continue
                raw_date = row[c_date]
                # LinkedIn's own shape, ``2023-06-11 15:33:58 UTC``: its key's time is
                # the text's own (what ``when.isoformat()[:19]`` gives, at a quarter of
                # the cost); any other shape goes the long way round below.
                if raw_date[19:] == " UTC" and len(raw_date) == 23 and raw_date[4:17:3] == "-- ::":
                    try:
                        when = fromisoformat(raw_date[:19] + "+00:00")
                    except ValueError:
                        when = None
                    stamp = raw_date[:10] + "T" + raw_date[11:19]
                else:
                    when = None
                if when is None or when < earliest:
                    when = parse_utc(raw_date)
                    if when is None or when.year < EARLIEST_YEAR:
                        raw_date = raw_date.strip()
                        when = parse_when(raw_date)
                        if when is None:
                            skip(file, line, f"DATE {raw_date[:40]!r} is not a date.")
                            continue
                    stamp = when.isoformat()[:19]
                if when > latest:
                    skip(file, line, f"DATE {raw_date[:40]!r} is in the future.")
                    continue
                cells = (row[c_conv], row[c_from], row[c_sender], row[c_to], row[c_urls])
                context = contexts.get(cells)
                if context is None:
                    context = self._context(cells, line, state)
                    if context.cached:
                        contexts[cells] = context
                if context.skip:
                    skip(file, line, context.skip)
                    continue
                content = row[c_content].strip()
                subject = row[c_subject]
                if subject:
                    subject = subject.strip()
                note = f"{subject}: {content}".strip() if subject else content
                if len(note) > NOTE_LIMIT:
                    note = excerpt(note)
                # The digest as _digest(conversation, raw_date, sender_name, content)
                # gives it, inlined: 200,000 calls fewer.
                digest = sha1(  # noqa: S324 - a key, not a secret
                    f"{context.conversation}\x1f{raw_date}\x1f{context.sender_name}\x1f{content}".encode(
                        "utf-8", "surrogatepass"
                    )
                ).hexdigest()
                add((line, context, when, import_key_at(_MESSAGE_KEY, stamp, digest), note))
        except csv.Error as error:
            raise table.invalid(error) from None
        self._tick(rows)
        participants = {conversation: people for conversation, people in state.people.values()}
        kept = state.kept
        del state, contexts
        self._learn_me_from_conversations(participants)
        self._message_records(file, messages, kept, participants)

    def _context(
        self, cells: tuple[str, str, str, str, str], line: int, state: _Conversations
    ) -> _Context:
        """What a message row's conversation, sender and recipient cells come to, worked
        out the first time they are met; its people join their conversation's."""
        raw_conversation, raw_from, raw_sender, raw_to, raw_urls = cells
        raw_pair = (raw_from, raw_sender)
        found = state.senders.get(raw_pair)
        if found is None:
            name = raw_from.strip()
            found = state.senders[raw_pair] = (
                self._party(name, self._profile_url(raw_sender.strip())),
                name,
            )
        sender, sender_name = found
        conversation = raw_conversation.strip()
        # A row without a conversation id is a conversation of its own.
        cached = bool(conversation)
        if not sender.name and not sender.linkedin_url:
            return _Context("No sender.", conversation, sender, sender_name, (), cached)
        conversation = conversation or f"line-{line}"
        known = state.people.get(conversation)
        if known is None:
            known = state.people[conversation] = (conversation, {})
        conversation, people = known
        raw_recipients = (raw_to, raw_urls)
        recipients = state.recipients.get(raw_recipients)
        if recipients is None:
            recipients = state.recipients[raw_recipients] = self._recipients(
                raw_to.strip(), raw_urls.strip()
            )
        if self._overlong and (reason := self._too_long(sender, *recipients)):
            return _Context(reason, conversation, sender, sender_name, recipients, cached)
        seen_pair = (conversation, sender_name, raw_to)
        if seen_pair not in state.seen_pairs:
            state.seen_pairs.add(seen_pair)
            sender_id = _identity(sender)
            if sender_id not in people:
                people[sender_id] = sender
            for recipient in recipients:
                recipient_id = _identity(recipient)
                if recipient_id not in people:
                    people[recipient_id] = recipient
        context = _Context("", conversation, sender, sender_name, recipients, cached)
        state.kept.append(context)
        return context

    def _learn_me_from_conversations(self, participants: Mapping[str, Mapping[str, Party]]) -> None:
        if self.me_urls or self.me_names or not participants:
            return
        seen_in: Counter[str] = Counter()
        parties: dict[str, Party] = {}
        for people in participants.values():
            for identity, party in people.items():
                seen_in[identity] += 1
                parties.setdefault(identity, party)
        ranked = [identity for identity, _n in seen_in.most_common()]
        hints = self.me_names | {_folded(name) for name in self.me}
        chosen = next(
            (identity for identity in ranked if _folded(parties[identity].name) in hints), None
        )
        if chosen is None and len(participants) > 1:
            top = seen_in.most_common(2)
            if len(top) == 1 or top[0][1] > top[1][1]:
                chosen = top[0][0]
        if chosen is None:
            return
        party = parties[chosen]
        if party.linkedin_url:
            self.me_urls.add(party.linkedin_url)
        if party.name:
            self.me_names.add(_folded(party.name))

    def _message_records(
        self,
        file: str,
        messages: list[_Message],
        contexts: list[_Context],
        participants: Mapping[str, Mapping[str, Party]],
    ) -> None:
        """The interactions of ``messages``, whose contexts are ``contexts``."""
        if not self.me_urls and not self.me_names:
            if messages:
                self.result.skip(
                    file,
                    messages[0][0],
                    "Could not tell which participant is you: add Profile.csv to the "
                    "export, or import it again with more conversations.",
                )
            return
        me_ids = set(self.me_urls) | {"name:" + name for name in self.me_names}
        # Every party of a message is one of the importer's shared objects (see _party):
        # whether it is the member is asked once per party, then looked up by id.
        mine = {id(party) for party in self._parties.values() if self._is_me(party)}

        def kept(parties: Iterable[Party]) -> tuple[Party, ...]:
            return tuple(p for p in parties if p.name.lower() != DELETED_ACCOUNT)

        # Every message of a context was with the same people, the same way: worked out
        # once per context, not once per message.
        wrote = {context.conversation for context in contexts if id(context.sender) in mine}
        # Recipient lists and senders are shared objects, alive in the importer's caches.
        sent_to: dict[int, tuple[Party, ...]] = {}
        heard_from: dict[int, tuple[Party, ...]] = {}
        everyone_else: dict[str, tuple[Party, ...]] = {}
        for context in contexts:
            sender, recipients, conversation = (
                context.sender,
                context.recipients,
                context.conversation,
            )
            sent = id(sender) in mine
            if sent:
                others = sent_to.get(id(recipients))
                if others is None:
                    others = sent_to[id(recipients)] = kept(
                        p for p in recipients if id(p) not in mine
                    )
                if not others:
                    others = everyone_else.get(conversation)
                    if others is None:
                        others = everyone_else[conversation] = kept(
                            party
                            for identity, party in participants[conversation].items()
                            if identity not in me_ids and id(party) not in mine
                        )
            else:
                others = heard_from.get(id(sender))
                if others is None:
                    others = heard_from[id(sender)] = kept((sender,))
            context.others = others
            context.direction = "gave" if sent else "received"
            context.may_add_people = conversation in wrote
        add = self.result.interactions.append
        skip = self.result.skip
        record = InteractionRecord
        for line, context, when, key, note in messages:
            others = context.others
            if not others:
                skip(file, line, "Nobody else in the conversation.")
                continue
            # file, line, external_key, occurred_at, kind, direction, parties, note,
            # favour, may_add_people: positional, the quickest call there is.
            add(
                record(
                    file,
                    line,
                    key,
                    when,
                    "message",
                    context.direction,
                    others,
                    note,
                    "",
                    context.may_add_people,
                )
            )

    # --- invitations, recommendations, endorsements --------------------------------

    def _invitations(self, table: Table, rows: list[tuple[int, list[str]]]) -> None:
        c_from, c_to = table.column("From"), table.column("To")
        c_sent, c_message = table.column("Sent At"), table.column("Message")
        c_direction = table.column("Direction")
        c_inviter, c_invitee = table.column("inviterProfileUrl"), table.column("inviteeProfileUrl")
        for line, row in rows:
            self._tick(1)
            if not any(row):
                continue
            note = cell(row, c_message)
            if not note:
                self.result.skip(table.file, line, "An invitation without a note.")
                continue
            direction = cell(row, c_direction).upper()
            if direction not in {"INCOMING", "OUTGOING"}:
                self.result.skip(
                    table.file, line, f"Direction {cell(row, c_direction)[:20]!r} is unknown."
                )
                continue
            raw_sent = cell(row, c_sent)
            when = parse_when(raw_sent)
            if when is None or when > self.latest:
                self.result.skip(table.file, line, f"Sent At {raw_sent[:40]!r} is not a date.")
                continue
            outgoing = direction == "OUTGOING"
            other = self._party(
                cell(row, c_to if outgoing else c_from),
                linkedin_profile(cell(row, c_invitee if outgoing else c_inviter)),
            )
            if not other.name and not other.linkedin_url:
                self.result.skip(table.file, line, "No name for the other person.")
                continue
            if reason := self._too_long(other):
                self.result.skip(table.file, line, reason)
                continue
            self.result.interactions.append(
                InteractionRecord(
                    file=table.file,
                    line=line,
                    external_key=import_key(
                        "linkedin:invitation:",
                        when,
                        _digest(direction, cell(row, c_from), cell(row, c_to), raw_sent, note),
                    ),
                    occurred_at=when,
                    kind="message",
                    direction="gave" if outgoing else "received",
                    parties=(other,),
                    note=excerpt(f"Invitation: {note}"),
                    may_add_people=outgoing,
                )
            )

    def _recommendations(self, table: Table, *, direction: str) -> None:
        c_first, c_last = table.column("First Name"), table.column("Last Name")
        c_company, c_text = table.column("Company"), table.column("Text")
        c_date = table.column("Creation Date", "Created Date", "Date")
        for line, row in table.rows:
            self._tick(1)
            if not any(row):
                continue
            name = _name(cell(row, c_first), cell(row, c_last))
            if not name:
                self.result.skip(table.file, line, "No name.")
                continue
            raw_date = cell(row, c_date)
            when = parse_when(raw_date)
            if when is None or when > self.latest:
                self.result.skip(
                    table.file, line, f"Creation Date {raw_date[:40]!r} is not a date."
                )
                continue
            company = one_line(cell(row, c_company))
            if reason := too_long(name=name, organisation=company):
                self.result.skip(table.file, line, reason)
                continue
            text = cell(row, c_text)
            self.result.interactions.append(
                InteractionRecord(
                    file=table.file,
                    line=line,
                    external_key=import_key(
                        f"linkedin:recommendation-{direction}:", when, _digest(name, raw_date, text)
                    ),
                    occurred_at=when,
                    kind="help",
                    favour="help",
                    direction=direction,
                    parties=(Party(name=name, organisation=company),),
                    note=excerpt(f"Recommendation: {text}" if text else "Recommendation"),
                )
            )

    def _endorsements(self, table: Table, *, direction: str) -> None:
        role = "Endorsee" if direction == "gave" else "Endorser"
        c_first, c_last = table.column(f"{role} First Name"), table.column(f"{role} Last Name")
        c_url = table.column(f"{role} Public Url")
        c_date, c_skill = table.column("Endorsement Date"), table.column("Skill Name")
        c_status = table.column("Endorsement Status")
        for line, row in table.rows:
            self._tick(1)
            if not any(row):
                continue
            if cell(row, c_status).upper() in {"REJECTED", "HIDDEN"}:
                self.result.skip(table.file, line, "An endorsement you turned down.")
                continue
            other = self._party(
                f"{cell(row, c_first)} {cell(row, c_last)}", linkedin_profile(cell(row, c_url))
            )
            if not other.name and not other.linkedin_url:
                self.result.skip(table.file, line, "No name for the other person.")
                continue
            if reason := self._too_long(other):
                self.result.skip(table.file, line, reason)
                continue
            raw_date = cell(row, c_date)
            when = parse_when(raw_date)
            if when is None or when > self.latest:
                self.result.skip(
                    table.file, line, f"Endorsement Date {raw_date[:40]!r} is not a date."
                )
                continue
            skill = clean_text(cell(row, c_skill))
            self.result.interactions.append(
                InteractionRecord(
                    file=table.file,
                    line=line,
                    external_key=import_key(
                        f"linkedin:endorsement-{direction}:",
                        when,
                        _digest(other.name, other.linkedin_url, skill, raw_date),
                    ),
                    occurred_at=when,
                    kind="help",
                    favour="help",
                    direction=direction,
                    parties=(other,),
                    note=excerpt(
                        f"Endorsed {skill}" if direction == "gave" else f"Endorsed you for {skill}"
                    ),
                    may_add_people=direction == "gave",
                )
            )
