"""The keeper's people as vCard 4.0 (RFC 6350), for address books and phones.

vCards carry the contact details only: interactions, seats and cadences have no
place in them, so the JSON export stays the lossless one. Tags become CATEGORIES
and the Dunbar circle an ``X-RAPPORT-CIRCLE`` extension, which address books keep.

Yearly dates: the birthday is ``BDAY`` and an anniversary ``ANNIVERSARY``, as RFC
6350 writes dates (``19800412``, or ``--0412`` without the year). vCard has no
property for another day of someone's, so those go as Apple's ``X-ABDATE`` with an
``X-ABLabel`` in the same group, which Apple Contacts shows and Rapport reads back;
a year Apple's way of saying "no year" (``X-APPLE-OMIT-YEAR=1604``). An
anniversary's own words ("Wedding") ride along the same way.
"""

from __future__ import annotations

import vobject

from rapport.keeper.models import Person, PersonDate
from rapport.keeper.vocabulary import DateKind
from rapport.members.models import Member

# Apple's year for a date without one; a leap year, so 29 February stays a date.
APPLE_NO_YEAR = 1604


def _name_parts(name: str) -> tuple[str, str]:
    """(family, given) for the N property: the last word is taken as the family name,
    a guess the member can correct in their address book; one word is a given name."""
    words = name.split()
    if len(words) < 2:
        return "", name
    return words[-1], " ".join(words[:-1])


def _add_date(card: vobject.base.Component, date: PersonDate, group: str | None) -> None:
    if date.kind == DateKind.OTHER:
        year = date.year or APPLE_NO_YEAR
        prop = card.add("x-abdate", group=group)
        prop.value = f"{year:04}-{date.month:02}-{date.day:02}"
        if date.year is None:
            prop.params["X-APPLE-OMIT-YEAR"] = [str(APPLE_NO_YEAR)]
    else:
        name = "bday" if date.kind == DateKind.BIRTHDAY else "anniversary"
        prop = card.add(name, group=group)
        prop.value = (
            f"{date.year:04}{date.month:02}{date.day:02}"
            if date.year
            else f"--{date.month:02}{date.day:02}"
        )
    if group:
        card.add("x-ablabel", group=group).value = date.label


def person_vcard(person: Person) -> vobject.base.Component:
    card = vobject.vCard()
    card.add("version").value = "4.0"
    card.add("kind").value = "individual"
    card.add("fn").value = person.name
    family, given = _name_parts(person.name)
    card.add("n").value = vobject.vcard.Name(family=family, given=given)
    for entry in person.emails:
        email = card.add("email")
        email.value = entry["value"]
        if entry.get("type"):
            email.type_param = entry["type"]
    for entry in person.phones:
        phone = card.add("tel")
        phone.value = entry["value"]
        if entry.get("type"):
            phone.type_param = entry["type"]
    if person.organisation:
        card.add("org").value = [person.organisation]
    if person.role:
        card.add("title").value = person.role
    urls = [entry["url"] for entry in person.links]
    if person.linkedin_url and person.linkedin_url not in urls:
        urls.append(person.linkedin_url)
    for url in urls:
        card.add("url").value = url
    if person.what_makes_them_tick:
        card.add("note").value = person.what_makes_them_tick
    if person.tags:
        card.add("categories").value = list(person.tags)
    labelled = 0
    for date in person.dates.all():
        group = None
        if date.label:
            labelled += 1
            group = f"date{labelled}"
        _add_date(card, date, group)
    card.add("x-rapport-circle").value = person.circle
    return card


def keeper_vcards(*, owner: Member) -> str:
    """Every person in ``owner``'s keeper, one vCard each, in one text."""
    return "".join(
        person_vcard(person).serialize()
        for person in Person.objects.filter(owner=owner).prefetch_related("dates")
    )
