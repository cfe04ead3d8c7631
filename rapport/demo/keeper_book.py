"""Ana's keeper in the demo: the people she knows, on Rapport or not.

It shows what a keeper is for: family and a former professor beside colleagues,
favours given and received, a few people overdue for a call, birthdays and other
dates (her brother's within the coming week, so the keeper has something "coming
up"), and a board of key people with gaps still to fill. Everything is written
through the keeper services.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rapport.keeper.models import Person
from rapport.keeper.services import (
    interaction_log,
    key_seat_update,
    key_seats_ensure,
    person_create,
    person_date_add,
    person_update,
)
from rapport.keeper.vocabulary import DateKind
from rapport.members.models import Member
from rapport.members.time_zones import zone_of


@dataclass(frozen=True)
class Kept:
    name: str
    circle: str
    organisation: str = ""
    role: str = ""
    met_context: str = "other"
    met_place: str = ""
    tick: str = ""
    tags: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    member: str = ""  # a demo username: this person is that member


@dataclass(frozen=True)
class Moment:
    days_ago: float
    kind: str
    who: tuple[str, ...]
    direction: str = "mutual"
    favour: str = ""
    note: str = ""


PEOPLE = [
    Kept(
        "Tomás Ruiz",
        "5",
        role="My brother",
        tick="Cycles everywhere; calls on Sundays.",
        tags=("family",),
    ),
    Kept(
        "Carmen Ruiz",
        "5",
        role="My aunt",
        tick="Taught me to read the small print.",
        tags=("family",),
    ),
    Kept(
        "Helen Okoye",
        "15",
        "University of Manchester",
        "Professor of health informatics",
        "studied_together",
        "MSc supervision, 2015",
        "Asks the question behind the question.",
        ("mentor", "research"),
        ("h.okoye@example.ac.uk",),
    ),
    Kept(
        "Marco Bianchi",
        "50",
        "Ospedale San Raffaele",
        "Clinical lead",
        "worked_together",
        "Milan, 2017-2019",
        "Espresso purist; runs marathons badly.",
        ("health",),
        ("marco.bianchi@example.it",),
    ),
    Kept(
        "Sofia Lindqvist",
        "150",
        "Nordic Design Forum",
        "Programme director",
        "gathering",
        "Copenhagen UX Days 2023",
        "Collects chairs.",
        ("design", "events"),
    ),
    Kept(
        "Femi Adeyemi",
        "150",
        "Civic Square",
        "Community organiser",
        "gathering",
        "Manchester Civic Tech Night",
        "Knows everyone at the food bank.",
        ("civic",),
    ),
    Kept(
        "Lucía Fernández",
        "50",
        "Freelance",
        "Illustrator",
        "studied_together",
        "Art school, Valencia",
        "Draws on every napkin.",
        ("design", "friends"),
    ),
    Kept(
        "Owen Price",
        "acquaintance",
        "Recruit.io",
        "Recruiter",
        "other",
        "Cold email",
        "",
        ("recruiting",),
    ),
    Kept(
        "Nadia Haddad",
        "150",
        "NHS Digital",
        "Service designer",
        "worked_together",
        "Accessibility audit, 2022",
        "Reads every GOV.UK blog post.",
        ("health", "design"),
    ),
    Kept(
        "Pieter de Vries",
        "past",
        "Booking.com",
        "Former manager",
        "worked_together",
        "Amsterdam, 2014",
        "",
        ("former colleagues",),
    ),
]

# Circles Ana chose for members she is connected with.
MEMBER_CIRCLES = {"ben": "5", "grace": "15", "ingrid": "15", "priya": "50", "maggie": "50"}

MOMENTS = [
    Moment(2, "call", ("Tomás Ruiz",), note="Planning Mum's birthday."),
    Moment(9, "meeting", ("Tomás Ruiz", "Carmen Ruiz"), note="Sunday lunch."),
    Moment(
        40,
        "coffee",
        ("Helen Okoye",),
        "received",
        "advice",
        "Whether to take the research lead role.",
    ),
    Moment(95, "email", ("Helen Okoye",), "received", "advice", "Feedback on my talk outline."),
    Moment(
        150, "call", ("Helen Okoye",), "received", "referral", "Put me forward for the NHS panel."
    ),
    Moment(230, "coffee", ("Helen Okoye",), "received", "advice", "Grant application."),
    Moment(400, "meeting", ("Helen Okoye",), "gave", "help", "Guest lecture for her MSc class."),
    Moment(210, "call", ("Marco Bianchi",), note="He is moving to Lisbon."),
    Moment(60, "gathering", ("Sofia Lindqvist", "Femi Adeyemi"), note="Design for care meetup."),
    Moment(20, "coffee", ("Femi Adeyemi",), "gave", "introduction", "Introduced him to Ben."),
    Moment(5, "message", ("Lucía Fernández",), note="Sent her the exhibition link."),
    Moment(120, "call", ("Lucía Fernández",), "gave", "help", "Her portfolio site."),
    Moment(300, "meeting", ("Nadia Haddad",), "received", "help", "Screen-reader testing."),
    Moment(700, "email", ("Owen Price",), note="Declined politely."),
    Moment(14, "coffee", ("Grace Mensah",), "gave", "advice", "Her promotion case."),
    Moment(33, "call", ("Ingrid Larsen",), "received", "introduction", "Introduced me to Lena."),
]


@dataclass(frozen=True)
class Yearly:
    """A yearly date: on a fixed ``month`` and ``day``, or ``in_days`` after the
    demo's today (Ana's), so that it is always coming up when the demo is seeded."""

    who: str
    kind: str
    label: str = ""
    month: int = 0
    day: int = 0
    in_days: int | None = None
    year: int | None = None


DATES = [
    # 1988 is a leap year: the date stays valid whatever day "in 4 days" is.
    Yearly("Tomás Ruiz", DateKind.BIRTHDAY, in_days=4, year=1988),
    Yearly("Grace Mensah", DateKind.BIRTHDAY, in_days=11),
    Yearly("Carmen Ruiz", DateKind.BIRTHDAY, month=3, day=2, year=1956),
    Yearly("Helen Okoye", DateKind.BIRTHDAY, month=11, day=9),
    Yearly("Marco Bianchi", DateKind.ANNIVERSARY, "Wedding", month=9, day=17, year=2016),
    Yearly("Lucía Fernández", DateKind.OTHER, "Opened her studio", month=5, day=20, year=2021),
    Yearly("Tomás Ruiz", DateKind.OTHER, "Mum's birthday", month=2, day=29),
]

SEATS = {
    1: ("Helen Okoye", "Has walked the research path and tells me what she would do."),
    4: ("Tomás Ruiz", "Knows me best; no performance needed."),
    5: ("Ben Okafor", "Thinks out loud with me every week."),
    8: ("Ingrid Larsen", "Opens doors in Scandinavia's design world."),
    10: ("Grace Mensah", "Questions every assumption I bring."),
}


def keeper_book_seed(*, owner: Member, members: dict[str, Member], now: dt.datetime) -> int:
    """Fill ``owner``'s keeper; returns how many people it now holds."""
    people = {person.name: person for person in Person.objects.filter(owner=owner)}
    for kept in PEOPLE:
        people[kept.name] = person_create(
            owner=owner,
            name=kept.name,
            circle=kept.circle,
            organisation=kept.organisation,
            role=kept.role,
            met_context=kept.met_context,
            met_place=kept.met_place,
            what_makes_them_tick=kept.tick,
            tags=list(kept.tags),
            emails=list(kept.emails),
        )
    for username, circle in MEMBER_CIRCLES.items():
        person = Person.objects.get(owner=owner, member=members[username])
        people[person.name] = person_update(owner=owner, person_id=person.pk, circle=circle)
    for moment in MOMENTS:
        interaction_log(
            owner=owner,
            person_ids=[people[name].pk for name in moment.who],
            kind=moment.kind,
            direction=moment.direction,
            favour=moment.favour,
            note=moment.note,
            occurred_at=now - dt.timedelta(days=moment.days_ago),
        )
    today = now.astimezone(zone_of(owner)).date()
    for yearly in DATES:
        on = today + dt.timedelta(days=yearly.in_days) if yearly.in_days is not None else None
        person_date_add(
            owner=owner,
            person_id=people[yearly.who].pk,
            kind=yearly.kind,
            label=yearly.label,
            month=on.month if on else yearly.month,
            day=on.day if on else yearly.day,
            year=yearly.year,
        )
    key_seats_ensure(owner=owner)
    for position, (name, why) in SEATS.items():
        key_seat_update(owner=owner, position=position, person_id=people[name].pk, why=why)
    return len(people)
