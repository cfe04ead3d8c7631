"""The keeper: people a member knows, what happened between them, and the board.

Every row has an ``owner`` and is private to that member, always: selectors filter
by owner and other members' rows answer 404.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.lookups import Exact
from django.utils import timezone

from rapport.constraints import one_of
from rapport.keeper.vocabulary import (
    SEAT_COUNT,
    Circle,
    DateKind,
    Direction,
    Kind,
    SeatGroup,
    Source,
)
from rapport.keeper.yearly import EARLIEST_YEAR
from rapport.members.folding import SearchFoldedField, fold_saved_too
from rapport.network.states import Context

MET_CONTEXTS = [*Context.choices, ("imported", "Imported")]
# What the keeper's search reads, folded (``Person.search_folded``), each tag apart;
# email addresses are searched as they are stored.
SEARCHED_FIELDS = ("name", "organisation", "role", "tags")


class Person(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="keeper_people",
        db_index=False,
    )
    # Set when this person is a member the owner is (or was) connected with.
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    name = models.CharField(max_length=160)
    # Lists of {"value": ..., "type": ...} and {"url": ..., "label": ...}.
    emails = models.JSONField(default=list, blank=True)
    phones = models.JSONField(default=list, blank=True)
    links = models.JSONField(default=list, blank=True)
    # The LinkedIn profile URL, normalised, kept apart for matching imports.
    linkedin_url = models.CharField(max_length=300, blank=True)
    organisation = models.CharField(max_length=160, blank=True)
    role = models.CharField(max_length=160, blank=True)
    met_context = models.CharField(max_length=32, choices=MET_CONTEXTS, blank=True)
    met_on = models.DateField(null=True, blank=True)
    met_place = models.CharField(max_length=160, blank=True)
    met_gathering = models.CharField(max_length=160, blank=True)
    met_introducer = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    what_makes_them_tick = models.TextField(max_length=4000, blank=True)
    tags = models.JSONField(default=list, blank=True)
    circle = models.CharField(max_length=16, choices=Circle.choices, default=Circle.ACQUAINTANCE)
    # None: the circle's default cadence (7, 30, 90, 365 days; none outside the 150).
    cadence_days = models.PositiveIntegerField(null=True, blank=True)
    snoozed_until = models.DateField(null=True, blank=True)
    # When another network says the owner connected with them (LinkedIn's
    # "Connected On"): set by an import, read by the network audit.
    connected_on = models.DateField(null=True, blank=True)
    # "Contacts, not connections": kept, but out of the keeper's lists until restored.
    archived_at = models.DateTimeField(null=True, blank=True)
    # Kept by the interaction services so due lists never scan every interaction.
    last_contact_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    # Name, organisation, role and tags folded for the keeper's search ("jose" finds
    # José, "cafe" the tag café), kept as they are written, as a member's are
    # (``rapport.members.folding``).
    search_folded = SearchFoldedField(fields=SEARCHED_FIELDS, db_default="")

    class Meta:
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["owner", "name"]),
            models.Index(fields=["owner", "circle"]),
            models.Index(fields=["owner", "linkedin_url"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "member"],
                condition=Q(member__isnull=False),
                name="one_person_per_member_per_owner",
            ),
            models.CheckConstraint(
                condition=Q(circle__in=Circle.codes), name="person_circle_known"
            ),
            models.CheckConstraint(
                condition=Q(cadence_days__isnull=True)
                | Q(cadence_days__gte=1, cadence_days__lte=3650),
                name="person_cadence_range",
            ),
            models.CheckConstraint(
                condition=Q(member__isnull=True) | ~Q(member=F("owner")),
                name="person_not_owner",
            ),
            models.CheckConstraint(condition=~Q(name=""), name="person_has_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        """A save naming a searched field in ``update_fields`` writes their fold too."""
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = fold_saved_too(Person, kwargs["update_fields"])
        super().save(*args, **kwargs)

    @property
    def effective_cadence_days(self) -> int | None:
        if self.cadence_days is not None:
            return self.cadence_days
        return Circle.default_cadence_days.get(self.circle)

    def due_on(self, *, today: dt.date) -> dt.date | None:
        """When to reach out next: last contact plus cadence, or the snooze date.

        Someone never contacted is due today; outside the 150 nobody is due. The last
        contact's day is the one it was in the current time zone, the owner's, as
        ``today`` is.
        """
        cadence = self.effective_cadence_days
        if cadence is None:
            return None
        due = (
            timezone.localtime(self.last_contact_at).date() + dt.timedelta(days=cadence)
            if self.last_contact_at
            else today
        )
        if self.snoozed_until and self.snoozed_until > due:
            due = self.snoozed_until
        return due


# Months whose longest day is the 30th, and the 31st; February's is the 29th.
_THIRTY = [4, 6, 9, 11]
_THIRTY_ONE = [1, 3, 5, 7, 8, 10, 12]
# The database's own sanity bound on a year; the services hold it to years that have
# happened (``yearly.date_problems``).
LATEST_YEAR = 2100


# A leap year, as the Gregorian calendar (and ``calendar.isleap``) has it: divisible by
# 4 and not by 100, or by 400. The remainder is SQL's own ``%`` operator rather than
# ``Mod``, which SQLite builds without math functions lack (Django lends its
# connections a Python MOD, which no other program opening the file would have).
def _year_divisible_by(divisor: int) -> Q:
    return Q(Exact(F("year") % divisor, 0))


_LEAP_YEAR = (_year_divisible_by(4) & ~_year_divisible_by(100)) | _year_divisible_by(400)


class PersonDate(models.Model):
    """A date that comes round every year for a person: a birthday, an anniversary, or
    another day of theirs in the owner's words ("Started at Transit Lab").

    A month and a day, and the year when it is known (a birthday without one is still
    a birthday). It belongs to its person, who belongs to the owner: reads and writes
    reach it through ``person__owner``. Any day up to the month's longest is allowed,
    29 February included, but with a year only a leap one; whether the year has come is
    the services' to check (``yearly.date_problems``, which says all of it in words).
    """

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="dates", db_index=False
    )
    kind = models.CharField(max_length=16, choices=DateKind.choices)
    # Required for "other", optional for an anniversary ("Wedding"), none for a birthday.
    label = models.CharField(max_length=120, blank=True)
    month = models.PositiveSmallIntegerField()
    day = models.PositiveSmallIntegerField()
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["month", "day", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=DateKind.codes), name="person_date_kind_known"
            ),
            models.CheckConstraint(
                condition=Q(month__gte=1, month__lte=12), name="person_date_month_range"
            ),
            models.CheckConstraint(
                condition=Q(day__gte=1)
                & (
                    Q(day__lte=29)
                    | Q(day=30, month__in=[*_THIRTY, *_THIRTY_ONE])
                    | Q(day=31, month__in=_THIRTY_ONE)
                ),
                name="person_date_day_in_month",
            ),
            models.CheckConstraint(
                condition=Q(year__isnull=True) | Q(year__gte=EARLIEST_YEAR, year__lte=LATEST_YEAR),
                name="person_date_year_range",
            ),
            models.CheckConstraint(
                condition=~Q(month=2, day=29) | Q(year__isnull=True) | _LEAP_YEAR,
                name="person_date_29_february_in_a_leap_year",
            ),
            models.CheckConstraint(
                condition=~Q(kind=DateKind.OTHER) | ~Q(label=""),
                name="person_date_other_has_label",
            ),
            models.CheckConstraint(
                condition=~Q(kind=DateKind.BIRTHDAY) | Q(label=""),
                name="person_date_birthday_unlabelled",
            ),
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(kind=DateKind.BIRTHDAY),
                name="one_birthday_per_person",
            ),
            models.UniqueConstraint(
                fields=["person", "kind", "month", "day", "label"],
                name="one_date_per_person_kind_day_label",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} on {self.month:02}-{self.day:02}"


class Interaction(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="keeper_interactions",
        db_index=False,
    )
    occurred_at = models.DateTimeField()
    kind = models.CharField(max_length=16, choices=Kind.choices)
    direction = models.CharField(max_length=8, choices=Direction.choices, default=Direction.MUTUAL)
    # What was given or received, when it was a favour: advice, introduction, ...
    favour = models.CharField(
        max_length=16,
        blank=True,
        choices=[(code, Kind.labels[code]) for code in Kind.favours],
    )
    people = models.ManyToManyField(
        Person, through="InteractionPerson", related_name="interactions"
    )
    note = models.TextField(max_length=4000, blank=True)
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.MANUAL)
    # Identifies an interaction that came from elsewhere (a Rapport conversation day,
    # an imported message), so logging it twice changes nothing.
    external_key = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["owner", "occurred_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "external_key"],
                condition=~Q(external_key=""),
                name="one_interaction_per_external_key",
            ),
            # Equalities, not IN lists: imports write these rows by the hundred thousand
            # (rapport/constraints.py).
            models.CheckConstraint(
                condition=one_of("kind", Kind.codes), name="interaction_kind_known"
            ),
            models.CheckConstraint(
                condition=one_of("direction", Direction.codes), name="interaction_direction_known"
            ),
            models.CheckConstraint(
                condition=one_of("favour", ["", *Kind.favours]),
                name="interaction_favour_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} on {self.occurred_at:%Y-%m-%d}"


class InteractionPerson(models.Model):
    """Who an interaction was with: the table Django makes for a many-to-many field of
    its own, declared here only so that its interaction column is indexed once, by the
    pair's unique index, rather than a second time on its own (an index every imported
    message paid for and no query needed)."""

    interaction = models.ForeignKey(
        Interaction, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")

    class Meta:
        db_table = "keeper_interaction_people"
        unique_together = [("interaction", "person")]

    def __str__(self) -> str:
        return f"interaction {self.interaction_id} with person {self.person_id}"


class KeySeat(models.Model):
    """One of twelve seats on the member's board of key people."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="key_seats", db_index=False
    )
    position = models.PositiveSmallIntegerField()
    group = models.CharField(max_length=8, choices=SeatGroup.choices)
    role = models.CharField(max_length=120)
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="key_seats"
    )
    why = models.TextField(max_length=1000, blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "position"], name="one_seat_per_position"),
            models.CheckConstraint(
                condition=Q(position__gte=1, position__lte=SEAT_COUNT), name="seat_position_range"
            ),
        ]

    def __str__(self) -> str:
        return f"seat {self.position}: {self.role}"


class CalendarFeed(models.Model):
    """A member's private iCalendar feed; the URL's secret is stored only as a digest."""

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="keeper_feed"
    )
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"calendar feed of {self.owner_id}"


class DigestPreference(models.Model):
    """Whether the weekly keep-in-touch digest goes out, and when it last did."""

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="keeper_digest"
    )
    enabled = models.BooleanField(default=True)
    last_sent_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"digest of {self.owner_id}"
