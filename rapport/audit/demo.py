"""What `rapport demo` seeds for the network audit, so a newcomer sees it working.

The audit reads what an import leaves: LinkedIn connections in Ana's keeper (with a
connection date) and the messages, recommendations and endorsements that came with
them. The imports demo brings in a synthetic export for Ana first; on top of it this
adds only what an export cannot hold and a keeper would: a few old friendships
logged by hand (coffees and calls, years ago, now quiet: dormant ties worth
reviving) and favours received from her closest LinkedIn contacts (advice, an
introduction: signals for the board's seats).

When no export was imported, it seeds a stand-in of the same shape instead: 260
connections made over twelve years, about one in six ever written to, a few close
ties gone quiet, some advice and introductions received, endorsements, and the rest
never a word, so /audit/ shows every part of the report either way.

People go in through ``person_create`` and interactions through
``interaction_log`` (source "import", one external key each, as the importer
writes them); only the connection date, which no keeper service sets (an import
does), is written with one update.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db.models import Count

from rapport.keeper.models import Person
from rapport.keeper.services import interaction_log, person_create
from rapport.members.models import Member

CONNECTIONS = 260
SEED = 20260601
FIRST = [
    "Aiko",
    "Amara",
    "Bea",
    "Caio",
    "Dalia",
    "Emeka",
    "Farah",
    "Goran",
    "Hana",
    "Ilse",
    "Joao",
    "Kofi",
    "Lena",
    "Mateo",
    "Nadia",
    "Omar",
    "Pia",
    "Quentin",
    "Rosa",
    "Sanjay",
    "Tove",
    "Umar",
    "Vera",
    "Wen",
    "Ximena",
    "Yusuf",
    "Zara",
]
LAST = [
    "Abara",
    "Bianchi",
    "Castro",
    "Dube",
    "Eriksen",
    "Fofana",
    "Garcia",
    "Horvat",
    "Ito",
    "Jansen",
    "Kaur",
    "Lopes",
    "Moreau",
    "Nwosu",
    "Ortega",
    "Petrov",
    "Quispe",
    "Rahman",
    "Sato",
    "Tanaka",
    "Uddin",
    "Varga",
    "Weber",
    "Yilmaz",
]
ORGANISATIONS = (
    "Fieldnote",
    "Brightwater Energy",
    "City Council",
    "Kontur Maps",
    "Open Transit Lab",
    "NHS Digital",
    "Freelance",
    "",
)


def _stand_in_wanted(ana: Member) -> bool:
    return not Person.objects.filter(owner=ana, connected_on__isnull=False).exists()


def seed(*, members: dict[str, Member], now: dt.datetime) -> None:
    """Called once by the demo seed after the community and Ana's keeper exist."""
    ana = members.get("ana")
    if ana is None:
        return
    if _stand_in_wanted(ana):
        _stand_in(ana, now=now)
    else:
        _kept_by_hand(ana, now=now)


DORMANT_BY_HAND = 3
"""Imported connections never written to on LinkedIn whom Ana once saw often."""


def _kept_by_hand(ana: Member, *, now: dt.datetime) -> None:
    """What Ana logged herself beside an imported export: old friendships gone quiet,
    and favours from the people she writes to most."""
    rng = random.Random(SEED)  # noqa: S311 - a reproducible demo, not secrets
    imported = Person.objects.filter(owner=ana, connected_on__isnull=False).order_by("pk")
    silent = list(imported.filter(interactions__isnull=True).distinct()[:DORMANT_BY_HAND])
    # Chosen before the old friendships are logged, which would count as talk.
    talkers = list(
        imported.annotate(talks=Count("interactions"))
        .filter(talks__gt=0)
        .order_by("-talks", "pk")
        .values_list("pk", flat=True)[:3]
    )
    for person in silent:
        quiet_since = rng.uniform(420, 800)
        for step in range(18):
            interaction_log(
                owner=ana,
                person_ids=[person.pk],
                kind=("coffee", "call", "meeting")[step % 3],
                direction="mutual",
                occurred_at=now - dt.timedelta(days=quiet_since + step * rng.uniform(25, 45)),
                note="Logged by hand: we worked together then.",
            )
    favours = (("advice", 40), ("advice", 75), ("introduction", 20))
    for person_id, (favour, days_ago) in zip(talkers, favours, strict=False):
        interaction_log(
            owner=ana,
            person_ids=[person_id],
            kind=favour,
            direction="received",
            favour=favour,
            occurred_at=now - dt.timedelta(days=days_ago),
            note="Logged by hand.",
        )


def _stand_in(ana: Member, *, now: dt.datetime) -> None:
    """A LinkedIn export's worth of connections and messages, when none was imported."""
    rng = random.Random(SEED)  # noqa: S311 - a reproducible demo, not secrets
    names: set[str] = set(Person.objects.filter(owner=ana).values_list("name", flat=True))
    people: list[tuple[Person, dt.date]] = []
    while len(people) < CONNECTIONS:
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        if name in names:
            continue
        names.add(name)
        connected = (now - dt.timedelta(days=rng.uniform(20, 12 * 365))).date()
        person = person_create(
            owner=ana,
            name=name,
            organisation=rng.choice(ORGANISATIONS),
            linkedin_url=f"https://www.linkedin.com/in/{name.lower().replace(' ', '-')}-demo",
            met_context="imported",
        )
        people.append((person, connected))
    for person, connected in people:
        Person.objects.filter(pk=person.pk).update(connected_on=connected)

    keys = iter(range(1, 10_000))

    def log(
        person: Person,
        days_ago: float,
        kind: str,
        direction: str,
        favour: str = "",
        what: str = "",
    ) -> None:
        interaction_log(
            owner=ana,
            person_ids=[person.pk],
            kind=kind,
            direction=direction,
            favour=favour,
            occurred_at=now - dt.timedelta(days=days_ago, minutes=rng.randint(0, 600)),
            source="import",
            external_key=f"linkedin:{what or kind}:demo-{next(keys)}",
        )

    def exchange(person: Person, days: list[float]) -> None:
        for index, days_ago in enumerate(sorted(days, reverse=True)):
            log(person, days_ago, "message", ("gave", "received")[index % 2])

    shuffled = [person for person, _connected in people]
    rng.shuffle(shuffled)
    close, regular, dormant, once, one_way, endorsers = (
        shuffled[0:6],
        shuffled[6:24],
        shuffled[24:30],
        shuffled[30:42],
        shuffled[42:50],
        shuffled[50:62],
    )
    for person in close:  # in touch most months, both ways, for years
        exchange(person, [rng.uniform(3, 900) for _ in range(rng.randint(24, 36))])
    for person in regular:  # a few times a year
        exchange(person, [rng.uniform(5, 700) for _ in range(rng.randint(4, 9))])
    for person in dormant:  # close once, silent for a year and more
        quiet = rng.uniform(430, 1100)
        exchange(person, [quiet + rng.uniform(0, 700) for _ in range(rng.randint(26, 40))])
    for person in once:  # one exchange, long ago
        exchange(person, [rng.uniform(400, 2500)] * 2)
    for person in one_way:  # an invitation note nobody answered
        log(person, rng.uniform(30, 1500), "message", "gave")
    for person in endorsers:  # a click on a skill, stored as the importer stores it
        log(person, rng.uniform(30, 900), "help", "received", "help", "endorsement-received")
    for person in close[:2]:
        log(person, rng.uniform(20, 200), "advice", "received", favour="advice")
    for person in close[2:4] + regular[:2]:
        log(person, rng.uniform(20, 300), "introduction", "received", favour="introduction")
    for person in regular[2:5]:
        log(person, rng.uniform(20, 300), "help", "gave", favour="help")
