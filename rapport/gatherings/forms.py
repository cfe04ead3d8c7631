"""The gatherings' forms. They read what was typed; the services judge it.

Field names are the services' keyword arguments, so an error a service raises
naming ``place`` or ``ends_at`` lands beside that very input.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from rapport.gatherings.models import AGENDA_MAX, TITLE_MAX, Attendance, Gathering
from rapport.gatherings.states import Rsvp, Visibility
from rapport.members.models import Member
from rapport.members.time_zones import TimeZoneSelect, zone_named
from rapport.photos.markup import avatar_html
from rapport.web.required_fields import UNTICKED, RequiredFieldsForm

LOCAL_FORMAT = "%Y-%m-%dT%H:%M"


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self) -> None:
        super().__init__(format=LOCAL_FORMAT)


class LocalDateTimeField(forms.DateTimeField):
    """A time as typed, left without its zone: the service reads it in the gathering's
    zone, or the host's for one with none (``services._local``), and says in words when the clocks skip or repeat it, where
    Django's own field would only say it "may be ambiguous or may not exist"."""

    def to_python(self, value: Any) -> dt.datetime | None:
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return value
        return cast(dt.datetime, forms.fields.BaseTemporalField.to_python(self, value))


class GatheringForm(RequiredFieldsForm):
    required_fields = ("title", "starts_at", "ends_at")
    # A place or a link (one at least) is no choice's doing: gathering_form.html says
    # it in the legend around the two.
    required_when = {"agenda": ("no_agenda", (UNTICKED,))}

    title = forms.CharField(label="Title", help_text=f"Up to {TITLE_MAX:,} characters.")
    # Read as text and judged by the service, as the profile's zone is. The host's own
    # zone is private (rapport.members.time_zones): it is only the menu's first choice,
    # and reaches anyone else only if the host leaves it chosen, which the help says.
    time_zone = forms.CharField(
        label="Time zone of the gathering",
        required=False,
        help_text=(
            "Shown to everyone invited, beside the time: “19:00 Lisbon time”. The start "
            "and end below are in it. Yours is chosen to begin with: choose where the "
            "gathering is, or none for one online only (each guest then sees their own time)."
        ),
        widget=TimeZoneSelect(blank="None: online only, each sees their own time"),
    )
    starts_at = LocalDateTimeField(
        label="Starts", widget=LocalDateTimeInput(), input_formats=[LOCAL_FORMAT]
    )
    ends_at = LocalDateTimeField(
        label="Ends", widget=LocalDateTimeInput(), input_formats=[LOCAL_FORMAT]
    )
    place = forms.CharField(
        label="Place",
        required=False,
        help_text="Where, in words: an address, a room.",
    )
    link = forms.CharField(
        label="Link to join online", required=False, help_text="An https:// address."
    )
    no_agenda = forms.BooleanField(
        label="No agenda, just conversation",
        required=False,
        help_text="Say it outright: people come to talk, nothing more.",
    )
    agenda = forms.CharField(
        label="Agenda",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=(
            f"What you will do, up to {AGENDA_MAX:,} characters. Required unless "
            "“No agenda, just conversation” is ticked."
        ),
    )
    visibility = forms.ChoiceField(
        label="Who may come",
        choices=Visibility.choices,
        initial=Visibility.INVITE,
        widget=forms.RadioSelect,
    )

    def service_arguments(self, kept: Gathering | None = None) -> dict[str, Any]:
        """What the service takes. Changing ``kept``, a time sent back in the same
        minute as the stored one is the stored one: the form shows minutes only, and a
        time set to the second through the API must not move (nor its reminder go
        again) because the host corrected the title. Sent with another zone, the times
        are read in that one: the host moved the gathering, or said where it was."""
        arguments = dict(self.cleaned_data)
        if kept is None or arguments.get("time_zone", "") != kept.time_zone:
            return arguments
        for name in ("starts_at", "ends_at"):
            if arguments.get(name) == as_typed(getattr(kept, name), gathering=kept):
                arguments[name] = getattr(kept, name)
        return arguments


def as_typed(moment: dt.datetime, *, gathering: Gathering) -> dt.datetime:
    """``moment`` as the form shows it for the host to type over: at the place (the
    gathering's zone), or for a gathering with none in the host's own (the current
    zone), to the minute."""
    zone = zone_named(gathering.time_zone) if gathering.time_zone else None
    shown = timezone.localtime(moment, zone)
    return shown.replace(tzinfo=None, second=0, microsecond=0)


class RsvpForm(forms.Form):
    answer = forms.ChoiceField(label="Your answer", choices=Rsvp.choices, widget=forms.RadioSelect)


class InviteForm(forms.Form):
    member_ids = forms.TypedMultipleChoiceField(
        label="Invite your connections (choose at least one)",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text="People you know. Open the gathering to the community to welcome anyone.",
        error_messages={"required": "Choose at least one of your connections to invite."},
    )

    def __init__(self, *args: Any, candidates: Sequence[Member] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # ``fields`` holds copies of the fields declared above, so this one is a choice field.
        invitees = cast(forms.ChoiceField, self.fields["member_ids"])
        invitees.choices = [
            (member.pk, _face_beside(member, member.name or member.username))
            for member in candidates
        ]


class AttendanceForm(forms.Form):
    attended_ids = forms.TypedMultipleChoiceField(
        label="Who came",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Those you tick see one another afterwards, and may say they met here.",
    )

    def __init__(self, *args: Any, guests: Sequence[Attendance] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # ``fields`` holds copies of the fields declared above, so this one is a choice field.
        attended = cast(forms.ChoiceField, self.fields["attended_ids"])
        attended.choices = [(a.member_id, _guest_label(a)) for a in guests]


def _guest_label(attendance: Attendance) -> SafeString:
    """The guest's face (as ``guests_for_host`` read it) beside their name and answer."""
    answer = str(Rsvp(attendance.rsvp).label) if attendance.rsvp else "no answer"
    # "yes, I'll be there": only the first letter goes small.
    answer = answer[:1].lower() + answer[1:]
    member = attendance.member
    return _face_beside(member, f"{member.name or member.username} ({answer})")


def _face_beside(member: Member, text: str) -> SafeString:
    """A tick box's label: the member's face (or initials), as the list that read them
    gave their photo's hash (``photo_hash``), beside ``text``. The host ticks people,
    and a face is quicker to place than a name."""
    name = member.name or member.username
    face = avatar_html(member.pk, name, getattr(member, "photo_hash", None))
    return format_html("{} {}", mark_safe(face), text)  # noqa: S308 - avatar_html escapes every value
