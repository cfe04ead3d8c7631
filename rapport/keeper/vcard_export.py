"""The keeper's people as vCard 4.0 (RFC 6350), for address books and phones.

vCards carry the contact details only: interactions, seats and cadences have no
place in them, so the JSON export stays the lossless one. Tags become CATEGORIES
and the Dunbar circle an ``X-RAPPORT-CIRCLE`` extension, which address books keep.
"""

from __future__ import annotations

import vobject

from rapport.keeper.models import Person
from rapport.members.models import Member


def _name_parts(name: str) -> tuple[str, str]:
    """(family, given) for the N property: the last word is taken as the family name,
    a guess the member can correct in their address book; one word is a given name."""
    words = name.split()
    if len(words) < 2:
        return "", name
    return words[-1], " ".join(words[:-1])


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
    card.add("x-rapport-circle").value = person.circle
    return card


def keeper_vcards(*, owner: Member) -> str:
    """Every person in ``owner``'s keeper, one vCard each, in one text."""
    return "".join(
        person_vcard(person).serialize() for person in Person.objects.filter(owner=owner)
    )
