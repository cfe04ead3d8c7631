"""Who is on the other side of a pair, seen from the signed-in member; which of two
people a page names, when they share a name; and what someone in a keeper does."""

from __future__ import annotations

from collections.abc import Iterable

from django import template

from rapport.conversations.models import Conversation
from rapport.keeper.duplicates import name_beside
from rapport.keeper.models import Person
from rapport.members.models import Member

register = template.Library()


@register.filter
def other_member(conversation: Conversation, member: Member) -> Member:
    """The participant who is not ``member``; selectors select_related both, so no query."""
    if conversation.member_low_id == member.pk:
        return conversation.member_high
    return conversation.member_low


@register.filter
def told_apart_from(person: Person, other: Person) -> str:
    """``{{ pair.keep|told_apart_from:pair.other }}``: the name, with what tells two
    people apart where a page names both and they share a name (``name_beside``)."""
    return name_beside(person, other)


@register.filter
def work_line(person: Person) -> str:
    """Role and organisation, each said once: a member's headline, copied into the role
    when they join a keeper, often names the organisation already ("Engineering manager
    at Brightwater Energy Co-op"), and "role, organisation" said it twice."""
    role, organisation = person.role.strip(), person.organisation.strip()
    if not organisation or organisation.casefold() in role.casefold():
        return role
    if not role:
        return organisation
    return f"{role}, {organisation}"


@register.filter
def others_than(people: Iterable[Person], person: Person) -> list[Person]:
    """``{{ interaction.people.all|others_than:person }}``: who else took part, for the
    person's own page, where naming them on every row of their interactions says nothing.
    The people are prefetched by the selector: filtering them costs no query."""
    return [someone for someone in people if someone.pk != person.pk]
