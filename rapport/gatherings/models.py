"""Gatherings: a time, a place or a link, conversation; and who came.

A gathering's life is a declared state graph (``rapport.gatherings.states``). Each
member's relation to a gathering is one ``Attendance`` row: invited or not, their
answer, and whether the host confirmed they came. The host's confirmation is what
makes "met at <gathering>" a verified context for a request between two attendees.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual

from rapport.gatherings.states import GATHERING_GRAPH, Rsvp, Visibility

TITLE_MAX = 120
PLACE_MAX = 200
LINK_MAX = 300
AGENDA_MAX = 2000
# As long as a member's zone may be (``Member.time_zone``): the IANA names are far shorter.
TIME_ZONE_MAX = 64


class Gathering(models.Model):
    host = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="gatherings_hosted"
    )
    title = models.CharField(max_length=TITLE_MAX)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    # "The time at the place": an IANA name the host chose for this gathering, in which
    # they type its times and everyone sees them; blank for one with no place of its own
    # (online only), whose times each member reads in their own zone. Added in place by
    # migration 0006, as ``Member.time_zone`` was (a rebuilt table loses its triggers).
    time_zone = models.CharField(max_length=TIME_ZONE_MAX, blank=True, default="", db_default="")
    place = models.CharField(max_length=PLACE_MAX, blank=True)
    link = models.URLField(max_length=LINK_MAX, blank=True)
    # Kept with its line breaks and counted as the API counts it, runs of spaces as one
    # (``services._text``): it may be stored a character longer per blank line, which
    # a text column holds.
    agenda = models.TextField(max_length=AGENDA_MAX, blank=True)
    # "No agenda, just conversation": said outright rather than left blank.
    no_agenda = models.BooleanField(default=False)
    visibility = models.CharField(
        max_length=16, choices=Visibility.choices, default=Visibility.INVITE
    )
    state = models.CharField(
        max_length=16, choices=GATHERING_GRAPH.choices, default=GATHERING_GRAPH.initial
    )
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    # Set by the worker once the day-before reminder went out, so it goes once.
    reminded_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # When the host last moved it (a new time, place or link: what guests are mailed
    # about). An answer given before then was given to another plan, and says so.
    moved_at = models.DateTimeField(null=True, blank=True)
    # The guests' mail about moves (``rapport.gatherings.notices``): when the last one
    # went, the plan it told (``plan_key``), and when a move made since may be mailed.
    # Nullable, as ``moved_at`` is: SQLite adds such a column in place (migration 0004).
    move_mailed_at = models.DateTimeField(null=True, blank=True)
    move_mailed_plan = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001
    move_mail_due_at = models.DateTimeField(null=True, blank=True)
    # How many move mails went in the current run (each within a day of the one before):
    # the wait before the next doubles with each. Null before the first, and on rows
    # mailed before it was kept, read as one (migration 0005, nullable as above).
    move_mails_in_run = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [
            models.Index(fields=["visibility", "starts_at"]),
            models.Index(fields=["state", "ends_at"]),
            # The five-minute look for move mails due: only the few that wait are in it.
            models.Index(
                fields=["move_mail_due_at"],
                condition=Q(move_mail_due_at__isnull=False),
                name="gathering_move_mail_due",
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="gathering_has_title"),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="gathering_ends_after_start"
            ),
            models.CheckConstraint(
                condition=~Q(place="") | ~Q(link=""), name="gathering_has_place_or_link"
            ),
            # An agenda, or "no agenda, just conversation": one or the other, never both.
            models.CheckConstraint(
                condition=(Q(no_agenda=True) & Q(agenda="")) | (Q(no_agenda=False) & ~Q(agenda="")),
                name="gathering_agenda_or_none",
            ),
            models.CheckConstraint(
                condition=Q(visibility__in=Visibility.values), name="gathering_visibility_known"
            ),
            # No zone's name holds a space (the services check the name is one this
            # machine knows): one read back with a space around it would match none.
            models.CheckConstraint(
                condition=~Q(time_zone__contains=" ")
                & Q(LessThanOrEqual(Length("time_zone"), TIME_ZONE_MAX)),
                name="gathering_time_zone_well_formed",
            ),
            models.CheckConstraint(
                condition=Q(state__in=GATHERING_GRAPH.states), name="gathering_state_known"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Attendance(models.Model):
    """One member and one gathering: invited, their answer, and whether they came."""

    gathering = models.ForeignKey(
        Gathering, on_delete=models.CASCADE, related_name="attendances", db_index=False
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="gathering_attendances",
        db_index=False,
    )
    invited = models.BooleanField(default=False)
    rsvp = models.CharField(max_length=8, choices=Rsvp.choices, blank=True)
    rsvp_at = models.DateTimeField(null=True, blank=True)
    # Confirmed by the host after the gathering; only then does it vouch for anything.
    attended = models.BooleanField(default=False)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["gathering", "id"]
        indexes = [models.Index(fields=["member", "attended"])]
        constraints = [
            models.UniqueConstraint(
                fields=["gathering", "member"], name="one_attendance_per_member"
            ),
            models.CheckConstraint(
                condition=Q(rsvp="") | Q(rsvp__in=Rsvp.values), name="attendance_rsvp_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} at {self.gathering_id}"
