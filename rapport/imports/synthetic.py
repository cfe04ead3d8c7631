"""A synthetic LinkedIn export in LinkedIn's real layout, for the benchmark, the
tests and the demo.

It reproduces what makes real exports hard and what the audit needs to be
interesting: the "Notes:" preamble, the newer messages.csv columns, multi-line
and quoted message bodies, accented names, few emails, and, above all, the real
shape of a network: thousands of connections, of whom a handful get most of the
conversation (a Zipf curve) and most get none. Everything comes from one seeded
random generator, so a seed always gives the same bytes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

FIRST = [
    "Ana",
    "Ben",
    "Chloé",
    "Dev",
    "Elif",
    "Femi",
    "Grace",
    "Hiro",
    "Ines",
    "Jonas",
    "Kemi",
    "Lars",
    "Maya",
    "Nadia",
    "Omar",
    "Priya",
    "Quinn",
    "Rosa",
    "Sven",
    "Tariq",
    "Uma",
    "Vera",
    "Wei",
    "Ximena",
    "Yara",
    "Zoe",
    "Aarav",
    "Bea",
    "Carlos",
    "Dana",
    "Emre",
    "Farah",
    "Giulia",
    "Hannah",
    "Ivan",
    "Jana",
    "Kofi",
    "Lena",
    "Mateo",
    "Noor",
    "Olga",
    "Pedro",
    "Rania",
    "Sofia",
    "Tomás",
    "Ugo",
    "Valentina",
    "Will",
    "Yusuf",
    "Zeynep",
    "Agnès",
    "Björn",
    "Çağla",
    "Dário",
    "Éva",
    "Łukasz",
    "Søren",
    "Zoë",
]
LAST = [
    "Adeyemi",
    "Brandt",
    "Castillo",
    "Dubois",
    "Eriksen",
    "Fischer",
    "García",
    "Haddad",
    "Ito",
    "Jensen",
    "Kowalski",
    "Larsen",
    "Mensah",
    "Nakamura",
    "Okafor",
    "Patel",
    "Quintero",
    "Rossi",
    "Schmidt",
    "Tanaka",
    "Urban",
    "Varga",
    "Wójcik",
    "Xu",
    "Yilmaz",
    "Zhang",
    "Andersson",
    "Bianchi",
    "Cohen",
    "Delgado",
    "Ebert",
    "Fontaine",
    "Gómez",
    "Hoffmann",
    "Iglesias",
    "Jovanović",
    "Kim",
    "Lindqvist",
    "Moreau",
    "Novak",
    "O'Brien",
    "Petrov",
    "Ramos",
    "Silva",
    "Torres",
    "Müller",
    "Nguyen",
    "Ó",
    "Súilleabháin",
]
COMPANIES = (
    "Transit Lab",
    "Northwind Health",
    "Acme Analytics",
    "Blue Harbour Bank",
    "City of Leeds",
    "Open Data Institute",
    "Fjord Robotics",
    "Sol & Sombra",
    "Kestrel Energy",
    "Greenfield Schools Trust",
    "Meridian Logistics",
    "Atlas Insurance, Ltd.",
    "",
)
POSITIONS = (
    "Product Manager",
    "Senior Software Engineer",
    "Data Scientist",
    "Head of Partnerships",
    "Policy Advisor",
    "UX Researcher",
    "Founder & CEO",
    "Recruiter",
    "Operations Lead",
    "Teacher",
    "",
)
PHRASES = (
    "Thanks for the intro, that was really helpful",
    "Are you free for a coffee next week?",
    'I read your post on "open data" and loved it',
    "Could you review the draft before Friday?",
    "Congrats on the new role!",
    "Happy to help, send me the deck",
    "We should catch up soon",
    "Here is the link I mentioned, see page 3",
    "Sorry for the slow reply, it has been a busy month",
    "Would you be open to a short call about the project?",
    "Great seeing you at the meetup",
)
CONNECTIONS_PREAMBLE = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses '
    "are missing. You will only see email addresses for connections who have allowed their "
    'connections to see or download their email address."\n'
    "\n"
)
CONNECTIONS_HEADER = [
    "First Name",
    "Last Name",
    "URL",
    "Email Address",
    "Company",
    "Position",
    "Connected On",
]
MESSAGES_HEADER = [
    "CONVERSATION ID",
    "CONVERSATION TITLE",
    "FROM",
    "SENDER PROFILE URL",
    "TO",
    "RECIPIENT PROFILE URLS",
    "DATE",
    "SUBJECT",
    "CONTENT",
    "FOLDER",
    "ATTACHMENTS",
    "IS MESSAGE DRAFT",
]


@dataclass(frozen=True)
class Contact:
    first: str
    last: str
    url: str
    email: str
    company: str
    position: str
    connected_on: dt.date

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"


def _csv(rows: Sequence[Sequence[str]], *, preamble: str = "") -> bytes:
    buffer = io.StringIO(newline="")
    buffer.write(preamble)
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _slug(first: str, last: str, rng: random.Random) -> str:
    letters = "".join(
        ch for ch in f"{first}-{last}".lower() if ch.isascii() and (ch.isalnum() or ch == "-")
    )
    return f"{letters}-{rng.getrandbits(24):06x}"


def linkedin_export(
    *,
    connections: int,
    messages: int,
    seed: int = 7,
    owner: tuple[str, str] = ("Ana", "Ruiz"),
    now: dt.datetime | None = None,
    talkers: int | None = None,
    extra_connections: Sequence[tuple[str, str, str, str]] = (),
) -> dict[str, bytes]:
    """The export's files by name: Profile, Connections, messages, Invitations,
    Recommendations and Endorsements.

    ``talkers`` people (a tenth of the connections by default) share the
    ``messages``, the first few most of them; ``extra_connections`` are
    (first, last, company, position) added as connections, so a test or the demo can
    include people it knows.
    """
    rng = random.Random(seed)  # noqa: S311 - test data, not secrets
    now = now or dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
    me_first, me_last = owner
    me_url = f"https://www.linkedin.com/in/{_slug(me_first, me_last, rng)}"
    people: list[Contact] = []
    named = [(f, la, c, p) for f, la, c, p in extra_connections]
    for index in range(connections):
        first, last, company, position = (
            named[index]
            if index < len(named)
            else (rng.choice(FIRST), rng.choice(LAST), rng.choice(COMPANIES), rng.choice(POSITIONS))
        )
        people.append(
            Contact(
                first=first,
                last=last,
                url=f"https://www.linkedin.com/in/{_slug(first, last, rng)}",
                email=f"{first.lower()}.{index}@example.org" if rng.random() < 0.05 else "",
                company=company,
                position=position,
                connected_on=(now - dt.timedelta(days=rng.randint(30, 3650))).date(),
            )
        )
    files: dict[str, bytes] = {}
    files["Profile.csv"] = _csv(
        [
            ["First Name", "Last Name", "Maiden Name", "Address", "Birth Date", "Headline"],
            [me_first, me_last, "", "", "", "Connector of people"],
        ]
    )
    files["Connections.csv"] = _csv(
        [
            CONNECTIONS_HEADER,
            *(
                [
                    p.first,
                    p.last,
                    p.url,
                    p.email,
                    p.company,
                    p.position,
                    f"{p.connected_on:%d %b %Y}",
                ]
                for p in people
            ),
        ],
        preamble=CONNECTIONS_PREAMBLE,
    )
    talking = people[: max(1, min(len(people), talkers or max(1, connections // 10)))]
    # Zipf weights: the first person gets the most messages, the tail a trickle.
    weights = [1 / (rank + 1) for rank in range(len(talking))]
    conversations = {p.url: f"2-{rng.getrandbits(64):016x}" for p in talking}
    rows: list[list[str]] = [MESSAGES_HEADER]
    start = now - dt.timedelta(days=5 * 365)
    span = int((now - start).total_seconds()) - 3600
    me_name = f"{me_first} {me_last}"
    chosen = rng.choices(talking, weights, k=messages) if talking else []
    for index, other in enumerate(chosen):
        when = start + dt.timedelta(seconds=rng.randrange(span))
        conversation = conversations[other.url]
        sent = rng.random() < 0.5
        content = rng.choice(PHRASES)
        if index % 7 == 0:
            content += f", {other.first}.\nTalk soon,\n{me_first if sent else other.first}"
        sender, recipient = ((me_name, me_url), (other.name, other.url))
        if not sent:
            sender, recipient = recipient, sender
        rows.append(
            [
                conversation,
                "",
                sender[0],
                sender[1],
                recipient[0],
                recipient[1],
                f"{when:%Y-%m-%d %H:%M:%S} UTC",
                "",
                content,
                "INBOX",
                "",
                "No",
            ]
        )
    files["messages.csv"] = _csv(rows)
    invitation_rows = [
        ["From", "To", "Sent At", "Message", "Direction", "inviterProfileUrl", "inviteeProfileUrl"]
    ]
    for p in people[: max(1, connections // 20)]:
        outgoing = rng.random() < 0.5
        sent_at = dt.datetime.combine(p.connected_on, dt.time(9, 30)) - dt.timedelta(days=1)
        invitation_rows.append(
            [
                me_name if outgoing else p.name,
                p.name if outgoing else me_name,
                f"{sent_at.month}/{sent_at.day}/{sent_at:%y}, {sent_at:%I:%M %p}".replace(
                    " 0", " "
                ),
                f"Hi {p.first}, great to meet you at the meetup." if rng.random() < 0.4 else "",
                "OUTGOING" if outgoing else "INCOMING",
                me_url if outgoing else p.url,
                p.url if outgoing else me_url,
            ]
        )
    files["Invitations.csv"] = _csv(invitation_rows)
    recommendation_header = [
        "First Name",
        "Last Name",
        "Company",
        "Job Title",
        "Text",
        "Creation Date",
        "Status",
    ]
    for name, chosen in (
        ("Recommendations_Given.csv", talking[:3]),
        ("Recommendations_Received.csv", talking[1:3]),
    ):
        files[name] = _csv(
            [
                recommendation_header,
                *(
                    [
                        p.first,
                        p.last,
                        p.company,
                        p.position,
                        f"{p.first} is generous with their time and sharp with data.",
                        f"{p.connected_on + dt.timedelta(days=200):%m/%d/%y}, 10:00 AM",
                        "VISIBLE",
                    ]
                    for p in chosen
                    if p.connected_on + dt.timedelta(days=200) < now.date()
                ),
            ]
        )
    for name, role, chosen in (
        ("Endorsement_Given_Info.csv", "Endorsee", talking[:5]),
        ("Endorsement_Received_Info.csv", "Endorser", talking[2:6]),
    ):
        files[name] = _csv(
            [
                [
                    "Endorsement Date",
                    "Skill Name",
                    f"{role} First Name",
                    f"{role} Last Name",
                    f"{role} Public Url",
                    "Endorsement Status",
                ],
                *(
                    [
                        f"{p.connected_on + dt.timedelta(days=30):%Y/%m/%d} 08:06:57 UTC",
                        rng.choice(["Data Analysis", "Public Speaking", "Python", "Mentoring"]),
                        p.first,
                        p.last,
                        p.url.removeprefix("https://"),
                        "ACCEPTED",
                    ]
                    for p in chosen
                ),
            ]
        )
    return files


def write_export(files: dict[str, bytes], path: Path) -> Path:
    """Write the files as a ZIP (``path`` ends in .zip) or into a folder."""
    if path.suffix.lower() == ".zip":
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name, data in files.items():
                archive.writestr(name, data)
    else:
        path.mkdir(parents=True, exist_ok=True)
        for name, data in files.items():
            (path / name).write_bytes(data)
    return path
