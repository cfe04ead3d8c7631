"""A message's time and key, whatever shape its DATE cell has: LinkedIn's own shape
is read by a shortcut in the hottest loop of an import, and every other shape the
long way round; both must give what ``parse_when`` and ``import_key`` give, or a file
imported before would import again."""

from __future__ import annotations

import datetime as dt

import pytest

from rapport.imports.parsers.dates import parse_when
from rapport.imports.parsers.linkedin import LinkedInImporter, _digest
from rapport.keeper.external_keys import import_key

HEADER = "CONVERSATION ID,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,CONTENT\n"
DATES = [
    "2023-06-11 15:33:58 UTC",
    "2023-06-11T15:33:58 UTC",  # another separator
    "2023-06-11x15:33:58 UTC",
    "2023-06-11 15:33.58 UTC",  # minutes with a fraction, to fromisoformat
    "20230611 153358.123 UTC",  # ISO's basic shape, 23 characters too
    "2023-W23-1 15:33:58 UTC",  # an ISO week date
    " 2023-06-11 15:33:58 UTC ",
    "2023-06-11 15:33:58",
    "1899-12-31 23:59:59 UTC",
    "0001-01-01 00:00:00 UTC",
    "2023-02-30 10:00:00 UTC",
    "2023-06-11 24:00:00 UTC",
    "2023-06-11 15:33:5٣ UTC",  # an Arabic-Indic digit
    "9999-12-31 23:59:59 UTC",
]


@pytest.mark.parametrize("date", DATES)
def test_a_message_time_and_key_are_those_of_its_date_read_the_long_way(date):
    rows = "".join(
        f'c1,{sender},,{to},,"{date}",hello {n}\n'
        for n, (sender, to) in enumerate(
            [("Ana Ruiz", "Grace Mensah"), ("Grace Mensah", "Ana Ruiz")]
        )
    )
    now = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)
    parsed = LinkedInImporter(me=["Ana Ruiz"], now=now).parse(
        {"messages.csv": (HEADER + rows).encode()}
    )

    expected = parse_when(date)
    if expected is None or expected > now + dt.timedelta(days=1):
        assert not parsed.interactions
        assert [s.line for s in parsed.skipped] == [2, 3]
        return
    assert [i.occurred_at for i in parsed.interactions] == [expected, expected]
    assert all(i.occurred_at.tzinfo is dt.UTC for i in parsed.interactions)
    # The digest holds the cell as read (none of these has spaces to strip but one).
    assert [i.external_key for i in parsed.interactions] == [
        import_key("linkedin:message:", expected, _digest("c1", date.strip(), sender, f"hello {n}"))
        for n, sender in enumerate(["Ana Ruiz", "Grace Mensah"])
    ]
