"""Every importer, fed 10,000 generated files each: it either reads them or refuses
them with one clean error naming the file, the line and the reason. Never another
exception.

Parse-only (no database), from bytes in memory, with a fixed derandomized seed, so
the run is fast and the same in CI every time. The inputs are real sample files cut,
spliced and flipped, beside arbitrary bytes and text built from each format's own
pieces (so the parsers get past their first line). RAPPORT_FUZZ_EXAMPLES lowers the
number for a quick local run.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rapport.imports.parsers import IMPORTERS
from rapport.imports.parsers.base import ImportFileError, ParsedImport
from tests.imports.conftest import DATA, linkedin_files, sample

# Parsing only, no database: CI runs these once, in the SQLite pass (.ci/run).
pytestmark = pytest.mark.fuzz

EXAMPLES = int(os.environ.get("RAPPORT_FUZZ_EXAMPLES", "10000"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)

SAMPLES = {
    "vcard": [p.read_bytes() for p in sorted((DATA / "vcard").iterdir())],
    "csv": [p.read_bytes() for p in sorted((DATA / "csv").iterdir())],
    "mbox": [sample("mbox", "sample.mbox").read_bytes()],
    "linkedin": [data for layout in ("new", "old") for data in linkedin_files(layout).values()],
}
PIECES = {
    "vcard": [
        "BEGIN:VCARD\r\n",
        "END:VCARD\r\n",
        "VERSION:2.1\r\n",
        "FN:Ana Ruiz\r\n",
        "N:Ruiz;Ana\r\n",
        "EMAIL;TYPE=work:ana@example.org\r\n",
        "TEL;CELL:+34 600\r\n",
        " folded\r\n",
        "FN;ENCODING=QUOTED-PRINTABLE;CHARSET=x-unknown:Jos=E9=\r\n",
        "item1.X-ABLabel:_$!<Work>!$_\r\n",
        'ADR;LABEL="a:b;c":;;x\r\n',
        "PHOTO;ENCODING=b:AAAA\r\n",
        "ORG:\\;;\\\r\n",
        "\\",
        "=",
        ";",
        ":",
    ],
    "csv": [
        "First Name,Last Name,E-mail Address,Company\n",
        "Name,Given Name,E-mail 1 - Value,Phone 1 - Value\n",
        '"a ::: b",',
        "x@y.z ::: ",
        '"',
        ",",
        "\n",
        "\r\n",
        "Ana,Ruiz,ana@example.org,Acme\n",
        "\ufeff",
        "\x00",
    ],
    "mbox": [
        "From ana@example.org Mon Jun 12 09:30:01 2023\n",
        "From: =?utf-8?b?QW5h?= <ana@example.org>\n",
        "To: b@example.org, =?x-bad?q?=FF?= <c@d.e>\n",
        "Date: Mon, 12 Jun 2023 09:30:00 +9999\n",
        "Subject: =?utf-8?q?broken\n",
        "\n",
        " folded\n",
        "From my point of view\n",
        "Date: 0\n",
    ],
    "linkedin": [
        "Notes:\n",
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n",
        "CONVERSATION ID,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,CONTENT,IS MESSAGE DRAFT\n",
        "From,To,Sent At,Message,Direction\n",
        "1/8/18, 6:14 PM",
        "2023-06-11 15:33:58 UTC",
        "99/99/99, 13:61 PM",
        "linkedin.com/in/x",
        ",",
        '"',
        "\n",
        "Ana Ruiz",
        "OUTGOING",
        "INCOMING",
        "Yes",
    ],
}
LINKEDIN_NAMES = [
    "Connections.csv",
    "messages.csv",
    "Invitations.csv",
    "Profile.csv",
    "Recommendations_Given.csv",
    "Endorsement_Received_Info.csv",
]


@st.composite
def mutated(draw, source: str) -> bytes:
    data = bytearray(draw(st.sampled_from(SAMPLES[source])))
    for _ in range(draw(st.integers(0, 4))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        action = draw(st.sampled_from(["cut", "flip", "insert", "truncate"]))
        if action == "cut":
            del data[at : at + draw(st.integers(1, 40))]
        elif action == "flip":
            data[at] = draw(st.integers(0, 255))
        elif action == "insert":
            data[at:at] = draw(st.binary(max_size=8)) or b'"'
        else:
            del data[at:]
    return bytes(data)


def assembled(source: str) -> st.SearchStrategy[bytes]:
    text = st.lists(st.sampled_from(PIECES[source]) | st.text(max_size=6), max_size=30).map("".join)
    encoding = st.sampled_from(["utf-8", "utf-16", "cp1252", "latin-1"])
    return st.tuples(text, encoding).map(lambda pair: pair[0].encode(pair[1], "replace"))


def inputs(source: str) -> st.SearchStrategy[bytes]:
    return mutated(source) | assembled(source) | st.binary(max_size=300)


def check(source: str, files: dict[str, bytes]) -> None:
    importer = IMPORTERS[source](me=["ana@example.org", "Ana Ruiz"], name="upload")
    try:
        parsed = importer.parse(files)
    except ImportFileError as error:
        assert error.file and error.reason
        assert error.line is None or error.line >= 1
        return
    assert isinstance(parsed, ParsedImport)
    for item in parsed.skipped:
        assert item.line >= 1 and item.reason


@pytest.mark.parametrize("source", ["vcard", "csv", "mbox"])
def test_single_file_importers_never_fail_uncleanly(source):
    @FUZZ
    @given(data=inputs(source))
    def run(data: bytes) -> None:
        check(source, {f"upload.{source}": data})

    run()


@FUZZ
@given(
    files=st.dictionaries(
        st.sampled_from(LINKEDIN_NAMES), inputs("linkedin"), min_size=1, max_size=3
    )
)
def test_linkedin_importer_never_fails_uncleanly(files):
    check("linkedin", files)
