"""The demo shows a keeper worth having: family beside colleagues, favours, gaps."""

from rapport.keeper.models import Interaction, KeySeat, Person
from rapport.members.models import Member


def test_ana_keeps_people_on_rapport_and_off_it(community):
    ana = Member.objects.get(username="ana")
    people = Person.objects.filter(owner=ana)
    assert {
        "Tomás Ruiz",
        "Carmen Ruiz",
    } <= set(people.values_list("name", flat=True))
    assert people.filter(member__username="ben", circle="5").exists()
    assert set(people.values_list("circle", flat=True)) >= {"5", "15", "50", "150", "past"}


def test_ana_has_favours_both_ways_and_seats_with_gaps(community):
    ana = Member.objects.get(username="ana")
    helen = Person.objects.get(owner=ana, name="Helen Okoye")
    received = helen.interactions.filter(direction="received").count()
    assert received == 4
    assert helen.interactions.filter(direction="gave").count() == 1
    seats = KeySeat.objects.filter(owner=ana)
    assert seats.count() == 12
    assert seats.filter(person__isnull=True).count() == 7
    assert Interaction.objects.filter(owner=ana, source="manual").count() >= 15


def test_no_other_member_gets_anything_in_anas_keeper(community):
    ana = Member.objects.get(username="ana")
    assert not Person.objects.exclude(owner=ana).filter(name="Helen Okoye").exists()
