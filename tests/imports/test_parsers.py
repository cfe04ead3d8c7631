"""Each importer on real-layout sample files (tests/data/imports/README.md says where
each comes from): what becomes a person, an interaction, a row set aside, or a refusal."""

from __future__ import annotations

import datetime as dt

import pytest

from rapport.imports.parsers import IMPORTERS
from rapport.imports.parsers.base import ImportFileError
from rapport.imports.parsers.dates import parse_when
from tests.imports.conftest import linkedin_files, sample


def parse(source, files, **options):
    return IMPORTERS[source](**options).parse(files)


def one(path, source, **options):
    return parse(source, {path.name: path.read_bytes()}, **options)


def test_linkedin_new_layout_reads_connections_messages_and_favours():
    parsed = parse("linkedin", linkedin_files("new"), me=["Ana Ruiz"])

    grace = parsed.people[0]
    assert (grace.name, grace.organisation, grace.role, grace.connected_on) == (
        "Grace Mensah",
        "Transit Lab",
        "Head of Data",
        dt.date(2022, 9, 9),
    )
    assert grace.linkedin_url == "https://www.linkedin.com/in/grace-mensah-4a1b2c"
    assert parsed.people[1].linkedin_url == "https://www.linkedin.com/in/jose-alvarez-77"
    assert parsed.people[1].emails == [("jose.alvarez@example.org", "")]
    by_note = {i.note.split(":")[0][:20]: i for i in parsed.interactions}
    thanks = by_note["Thanks for the intro"]
    assert (thanks.direction, thanks.kind) == ("received", "message")
    assert thanks.occurred_at == dt.datetime(2023, 6, 11, 15, 33, 58, tzinfo=dt.UTC)
    group_reply = next(i for i in parsed.interactions if i.note == "Count me in.")
    assert group_reply.direction == "gave"
    assert [p.name for p in group_reply.parties] == ["Priya Patel", "Hiro Tanaka"]
    recruiter = next(i for i in parsed.interactions if "role you'd" in i.note)
    assert recruiter.may_add_people is False  # never answered: only counts if known
    recommendation = next(i for i in parsed.interactions if i.note.startswith("Recommendation"))
    assert (recommendation.kind, recommendation.favour, recommendation.direction) == (
        "help",
        "help",
        "gave",
    )
    endorsement = next(i for i in parsed.interactions if "Data Analysis" in i.note)
    assert (endorsement.direction, endorsement.parties[0].linkedin_url) == (
        "received",
        "https://www.linkedin.com/in/priya-patel-data",
    )
    reasons = {(s.file, s.line): s.reason for s in parsed.skipped}
    assert reasons[("Connections.csv", 9)].startswith("No name")
    assert "not a date" in reasons[("Connections.csv", 10)]
    assert reasons[("messages.csv", 6)] == "A draft, never sent."
    assert reasons[("messages.csv", 10)] == "DATE 'yesterday-ish' is not a date."
    assert reasons[("Invitations.csv", 3)] == "An invitation without a note."
    # Lena's unreadable date costs her the date, not her place in the keeper.
    assert "Lena Fischer" in [p.name for p in parsed.people]


def test_linkedin_old_layout_no_urls_no_preamble_us_dates_and_mojibake():
    parsed = parse("linkedin", linkedin_files("old"), me=["Ana Ruiz"])

    assert [(p.name, p.connected_on, p.linkedin_url) for p in parsed.people] == [
        ("Grace Mensah", dt.date(2018, 1, 8), ""),
        ("José Muñoz", dt.date(2019, 2, 14), ""),
    ]
    assert [(i.direction, i.parties[0].name) for i in parsed.interactions] == [
        ("received", "Grace Mensah"),
        ("gave", "Grace Mensah"),
        ("gave", "José Muñoz"),
    ]
    assert [s.reason for s in parsed.skipped] == ["In the spam folder."]


def test_linkedin_tolerates_bom_column_order_and_extra_columns():
    text = (
        "\ufeffCompany,Connected On,Last Name,Shoe Size,Position,First Name\n"
        "Acme,09 Sep 2022,Okafor,44,Buyer,Ben\n"
    ).encode()
    parsed = parse("linkedin", {"Connections.csv": text})

    assert [(p.name, p.organisation, p.role) for p in parsed.people] == [
        ("Ben Okafor", "Acme", "Buyer")
    ]


def test_linkedin_archive_without_its_files_is_refused():
    with pytest.raises(ImportFileError) as refused:
        IMPORTERS["linkedin"](name="photos.zip").parse({"cat.jpg": b"\xff\xd8"})

    assert refused.value.file == "photos.zip"
    assert "neither Connections.csv nor messages.csv" in refused.value.reason


def test_broken_csv_quoting_is_refused_with_its_line():
    text = b'First Name,Last Name\nAna,Ruiz\nBen,"Oka"for\nCy,Tran\n'
    with pytest.raises(ImportFileError) as refused:
        parse("linkedin", {"Connections.csv": text})

    assert (refused.value.file, refused.value.line) == ("Connections.csv", 3)
    assert refused.value.message.startswith("Connections.csv, line 3: this is not valid CSV")


@pytest.mark.parametrize("ending", ["\r\n", "\r"])
def test_linkedin_windows_and_old_mac_line_endings_read_as_unix_ones(ending):
    files = linkedin_files("new")
    unix = parse("linkedin", files, me=["Ana Ruiz"])
    other = {name: data.replace(b"\n", ending.encode()) for name, data in files.items()}

    parsed = parse("linkedin", other, me=["Ana Ruiz"])

    # Multi-line message bodies keep their own line ends (and so their own keys);
    # everything else is the same, line numbers included.
    def flat(records):
        return [(i.line, i.occurred_at, i.direction, i.note.split()) for i in records]

    assert flat(parsed.interactions) == flat(unix.interactions)
    assert parsed.skipped == unix.skipped
    assert [p.name for p in parsed.people] == [p.name for p in unix.people]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("09 Sep 2022", dt.datetime(2022, 9, 9, tzinfo=dt.UTC)),
        ("1/8/18, 6:14 PM", dt.datetime(2018, 1, 8, 18, 14, tzinfo=dt.UTC)),
        ("5/21/24, 8:51 AM", dt.datetime(2024, 5, 21, 8, 51, tzinfo=dt.UTC)),
        ("2023-06-11 15:33:58 UTC", dt.datetime(2023, 6, 11, 15, 33, 58, tzinfo=dt.UTC)),
        ("2017/10/24 08:06:57 UTC", dt.datetime(2017, 10, 24, 8, 6, 57, tzinfo=dt.UTC)),
        ("12:00 AM 13/13/13", None),
        ("31 Foo 2020", None),
        ("1899-12-31 23:59:59 UTC", None),
        ("2023-02-30 10:00:00 UTC", None),
        ("2023-06-11T15:33:58 UTC", dt.datetime(2023, 6, 11, 15, 33, 58, tzinfo=dt.UTC)),
    ],
)
def test_dates_linkedin_writes(text, expected):
    assert parse_when(text) == expected


def test_vcard_apple_groups_labels_folding_and_photo():
    person = one(sample("vcard", "apple-contacts.vcf"), "vcard").people[0]

    assert person.name == "Mr. John Richter,James Doe Sr."
    assert (person.organisation, person.role) == ("IBM", "Money Counter")
    assert person.emails == [
        ("john.doe@ibm.com", "work"),
        ("jdoe@example.com", "home"),
        ("john@doe-family.example", "other"),
    ]
    assert ("905-222-1234", "assistantphone") in person.phones
    assert person.linkedin_url == "https://www.linkedin.com/in/john-doe-ibm"
    assert person.links == [("http://www.ibm.com", "homepage")]


def test_vcard_21_quoted_printable_and_declared_charsets():
    parsed = one(sample("vcard", "outlook-2.1-windows-1252.vcf"), "vcard")

    jurgen, vietnamese = parsed.people
    assert (jurgen.name, jurgen.organisation) == ("Jürgen Müller", "Café Europa GmbH")
    assert jurgen.phones == [("+49 221 555 0100", "work"), ("+49 170 555 0199", "cell")]
    assert vietnamese.name.startswith("Thị Ng")
    assert [(s.line, s.reason) for s in parsed.skipped] == [
        (19, "A card with no name (no FN or N).")
    ]


def test_vcard_40_in_utf16_with_a_bom():
    simon, zoe = one(sample("vcard", "v4-utf16-bom.vcf"), "vcard").people

    assert simon.emails == [("simon.perreault@viagenie.ca", "work")]
    assert ("+1-418-656-9254 ext. 102", "work") in simon.phones
    assert zoe.name == "Zoë Ó Súilleabháin"
    assert zoe.linkedin_url == "https://www.linkedin.com/in/zoe-osuilleabhain"


def test_vcard_real_gmail_export():
    parsed = one(sample("vcard", "gmail-list.vcf"), "vcard")

    assert [(p.name, p.emails[0][0]) for p in parsed.people] == [
        ("Arnold Smith", "asmithk@gmail.com"),
        ("Chris Beatle", "chrisy55d@yahoo.com"),
        ("Doug White", "dwhite@gmail.com"),
    ]


def test_vcard_cut_short_is_refused_where_the_card_begins():
    with pytest.raises(ImportFileError) as refused:
        one(sample("vcard", "truncated.vcf"), "vcard")

    assert (refused.value.file, refused.value.line) == ("truncated.vcf", 1)
    assert "END:VCARD" in refused.value.reason


def test_google_csv_in_utf16_with_multi_value_cells():
    parsed = one(sample("csv", "google-contacts.csv"), "csv")

    grace, bjorn = parsed.people
    assert [e for e, _t in grace.emails] == ["grace@transitlab.example", "g.mensah@example.org"]
    assert grace.phones[0] == ("+44 7700 900123", "mobile")
    assert (grace.organisation, grace.role) == ("Transit Lab", "Head of Data")
    assert grace.linkedin_url == "https://www.linkedin.com/in/grace-mensah-4a1b2c"
    assert bjorn.name == "Björn Lindqvist"
    assert [(s.line, s.reason) for s in parsed.skipped] == [(5, "A contact with no name.")]


def test_google_new_and_outlook_layouts_are_told_by_their_headers():
    priya = one(sample("csv", "google-contacts-new.csv"), "csv").people[0]
    hiro, lena = one(sample("csv", "outlook-contacts.csv"), "csv").people

    assert (priya.name, priya.organisation, priya.emails) == (
        "Priya Patel",
        "Acme Analytics",
        [("priya@acme.example", "work")],
    )
    assert hiro.emails == [("hiro@fjord.example", "")]  # the Exchange path is not an address
    assert hiro.linkedin_url == "https://www.linkedin.com/in/hirotanaka"
    assert lena.role == "Policy Advisor"


def test_outlook_contacts_saved_by_excel_with_semicolons():
    """Opened and saved again by Excel where the comma is the decimal mark: semicolons
    between the columns, Windows-1252, a comma in a company's name, a semicolon in a
    quoted note."""
    parsed = one(sample("csv", "outlook-contacts-semicolon.csv"), "csv")

    elodie, jose, jurgen = parsed.people
    assert (elodie.name, elodie.organisation, elodie.role) == (
        "Élodie Durand",
        "Café Numérique",
        "Directrice",
    )
    assert elodie.emails == [("elodie@cafe-numerique.example", "")]
    assert elodie.phones == [
        ("+33 4 72 00 00 00", "business phone"),
        ("+33 6 12 34 56 78", "mobile phone"),
    ]
    assert (jose.name, jose.organisation) == ("José Álvarez", "Sol & Sombra, S.L.")
    assert (jurgen.name, jurgen.emails) == ("Jürgen Weiß", [("juergen@fjord.example", "")])
    assert [(s.line, s.reason) for s in parsed.skipped] == [(5, "A contact with no name.")]


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_google_contacts_split_by_semicolons_or_tabs(delimiter):
    header = ["First Name", "Last Name", "Organization Name", "E-mail 1 - Value"]
    row = ["Priya", "Patel", "Acme Analytics, Ltd", "priya@acme.example"]
    text = "\n".join(delimiter.join(line) for line in (header, row)) + "\n"

    (priya,) = parse("csv", {"contacts.csv": text.encode()}).people

    assert (priya.name, priya.organisation, priya.emails) == (
        "Priya Patel",
        "Acme Analytics, Ltd",
        [("priya@acme.example", "")],
    )


def test_a_csv_that_is_not_contacts_is_refused():
    with pytest.raises(ImportFileError) as refused:
        one(sample("csv", "not-contacts.csv"), "csv")

    assert (refused.value.file, refused.value.line) == ("not-contacts.csv", 1)


def test_mbox_directions_encoded_words_missing_dates_and_unescaped_from_lines():
    path = sample("mbox", "sample.mbox")
    parsed = one(path, "mbox", me=["Ana@Example.org"])

    sent, received, stranger = parsed.interactions
    assert sent.direction == "gave"
    assert [(p.name, p.email) for p in sent.parties] == [
        ("José Álvarez", "jose.alvarez@example.org"),
        ("Grace Mensah", "grace@transitlab.example"),
    ]
    assert sent.note == "Café on Thursday?"
    assert sent.occurred_at == dt.datetime(2023, 6, 12, 8, 30, tzinfo=dt.UTC)
    assert (received.direction, received.parties[0].name) == ("received", "Grace Mensah")
    # No Date header: the "From " line dates it.
    assert received.occurred_at == dt.datetime(2023, 6, 13, 10, 0, tzinfo=dt.UTC)
    assert stranger.occurred_at == dt.datetime(2023, 6, 15, 10, 0, tzinfo=dt.UTC)
    lines = path.read_text().splitlines()
    assert len(parsed.skipped) == 1
    assert lines[parsed.skipped[0].line - 1].startswith("From newsletter@shop.example")
    assert all(not i.may_add_people for i in parsed.interactions)


def test_a_file_that_is_not_an_mbox_is_refused():
    with pytest.raises(ImportFileError) as refused:
        parse("mbox", {"notes.txt": b"Dear diary"}, me=["ana@example.org"])

    assert (refused.value.file, refused.value.line) == ("notes.txt", 1)
