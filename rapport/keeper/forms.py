"""The keeper's forms. They read what was typed; the keeper services judge it.

Field names are the services' keyword arguments where they can be, so an error a
service raises naming ``note`` or ``circle`` lands beside that input. Where the page
asks for a name instead of an id (``people``, ``met_introducer``, ``person``), the
view maps the service's field onto the input the member typed in (``FIELD_ALIASES``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from rapport.keeper.models import MET_CONTEXTS, Person, PersonDate
from rapport.keeper.selectors import NameAmbiguous, NameUnknown, people_by_names
from rapport.keeper.services import moment_of_day
from rapport.keeper.vocabulary import Circle, DateKind, Direction, Kind
from rapport.keeper.yearly import describe, parse_day_month
from rapport.web.required_fields import RequiredFieldsForm

FIELD_ALIASES = {
    "person_ids": "people",
    "met_introducer_id": "met_introducer",
    "person_id": "person",
    "occurred_at": "occurred_on",
}
# A date's service names its month, day and year apart; its forms ask for one "date".
DATE_FIELD_ALIASES = {"month": "when", "day": "when", "year": "when"}
BIRTHDAY_FIELD_ALIASES = {
    **FIELD_ALIASES,
    "month": "birthday",
    "day": "birthday",
    "year": "birthday",
    "kind": "birthday",
}
DATE_HELP = "The day and month, and the year if you know it: 12 April, or 12 April 1980."


class DateInput(forms.DateInput):
    input_type = "date"


def split_names(text: str) -> list[str]:
    return [" ".join(name.split()) for name in text.split(",") if name.strip()]


def people_named(*, owner: Any, names: list[str]) -> list[Person]:
    """The owner's people the names point at, read as ``rapport log`` reads them
    (``people_by_names``: a full name, a unique first name or a number, the people in
    the lists before the archived), or a ValidationError saying which name matched
    nobody, or more than one person."""
    try:
        return people_by_names(owner=owner, names=names)
    except NameUnknown as problem:
        advice = " Add them first, or check the spelling." if problem.worth_adding else ""
        raise forms.ValidationError(problem.message + advice) from None
    except NameAmbiguous as problem:
        raise forms.ValidationError(problem.message) from None


class InteractionForm(RequiredFieldsForm):
    """One quick form: who, what kind, which way, what was given, when, a note."""

    # On a person's own page the people come as ``person_ids`` and "With" is not shown.
    required_fields = ("people",)

    people = forms.CharField(
        label="With",
        required=False,
        help_text="One or more names from your keeper, separated by commas. Two people "
        "with the same name? The form then shows their numbers: type the one you mean, "
        "as #12.",
    )
    # Any ids at all: the service refuses a person who is not the owner's. A choice
    # field would refuse every id, having no choices to hold them.
    person_ids = forms.Field(required=False, widget=forms.MultipleHiddenInput)
    kind = forms.ChoiceField(label="Kind", choices=Kind.choices, initial=Kind.CONVERSATION)
    direction = forms.ChoiceField(
        label="Which way", choices=Direction.choices, initial=Direction.MUTUAL
    )
    favour = forms.ChoiceField(
        label="What was given",
        required=False,
        choices=[("", "Nothing in particular")] + [(k, Kind.labels[k]) for k in Kind.favours],
        help_text="Advice, an introduction, a referral or help: say who gave it above.",
    )
    occurred_on = forms.DateField(
        label="Date", required=False, widget=DateInput, help_text="Leave empty for today."
    )
    note = forms.CharField(label="Note", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, owner: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.owner = owner

    def clean_person_ids(self) -> list[int]:
        # Ids come from buttons on the owner's own pages; the service checks ownership.
        values = self.cleaned_data["person_ids"] or []
        return [int(value) for value in values if str(value).isdigit()]

    def clean_people(self) -> list[int]:
        names = split_names(self.cleaned_data.get("people") or "")
        if not names:
            return []
        return [person.pk for person in people_named(owner=self.owner, names=names)]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if "people" in cleaned and not cleaned["people"] and not cleaned.get("person_ids"):
            self.add_error("people", "Say who it was with.")
        return cleaned

    def people_with(self) -> list[Person]:
        """The people a person's page logs with (its hidden ``person_ids``), for the
        error page to name as that page did. None when one of them is not the owner's:
        the "With" box is then shown, with the service's error beside it, and no
        hidden person is carried on."""
        ids = list(dict.fromkeys((self.cleaned_data or {}).get("person_ids") or []))
        if not ids:
            return []
        people = list(Person.objects.filter(owner=self.owner, pk__in=ids).only("pk", "name"))
        return people if len(people) == len(ids) else []

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        occurred_at = moment_of_day(data["occurred_on"]) if data["occurred_on"] else None
        return {
            "person_ids": list(dict.fromkeys([*data.get("person_ids", []), *data["people"]])),
            "kind": data["kind"],
            "direction": data["direction"],
            "favour": data["favour"],
            "occurred_at": occurred_at,
            "note": data["note"],
        }


def _lines(entries: list[dict[str, str]], key: str) -> str:
    return "\n".join(entry.get(key, "") for entry in entries)


def _entries(text: str, existing: list[dict[str, str]], key: str) -> list[dict[str, str]]:
    """One value a line; a value that was already there keeps its type or label."""
    extra = "label" if key == "url" else "type"
    known = {entry.get(key, "").casefold(): entry.get(extra, "") for entry in existing}
    result = []
    for line in text.splitlines():
        value = line.strip()
        if value:
            result.append({key: value, extra: known.get(value.casefold(), "")})
    return result


class PersonForm(RequiredFieldsForm):
    required_fields = ("name",)

    name = forms.CharField(label="Name", required=False)
    organisation = forms.CharField(label="Organisation", required=False)
    role = forms.CharField(label="Role", required=False)
    emails = forms.CharField(
        label="Email addresses",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="One a line.",
    )
    phones = forms.CharField(
        label="Phone numbers",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="One a line.",
    )
    linkedin_url = forms.CharField(label="LinkedIn profile", required=False)
    links = forms.CharField(
        label="Other links",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="One web address a line.",
    )
    met_context = forms.ChoiceField(
        label="How you met", required=False, choices=[("", "Not said"), *MET_CONTEXTS]
    )
    met_on = forms.DateField(label="When you met", required=False, widget=DateInput)
    met_place = forms.CharField(label="Where you met", required=False)
    met_gathering = forms.CharField(label="At which gathering", required=False)
    met_introducer = forms.CharField(
        label="Introduced by",
        required=False,
        help_text="The name of someone in your keeper.",
    )
    what_makes_them_tick = forms.CharField(
        label="What makes them tick",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    tags = forms.CharField(label="Tags", required=False, help_text="Separated by commas.")
    circle = forms.ChoiceField(label="Circle", choices=Circle.choices, initial=Circle.ACQUAINTANCE)
    cadence_days = forms.IntegerField(
        label="Keep in touch every (days)",
        required=False,
        help_text="Leave empty for the circle's own: "
        + ", ".join(
            f"{days} days for the {circle}" for circle, days in Circle.default_cadence_days.items()
        )
        + "; none for an acquaintance or someone from your past.",
    )
    # Only when adding someone: afterwards their dates are kept on their own page.
    birthday = forms.CharField(label="Birthday", required=False, help_text=DATE_HELP)

    def __init__(self, *args: Any, owner: Any, person: Person | None = None, **kwargs: Any):
        self.owner = owner
        self.person = person
        if person is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "name": person.name,
                "organisation": person.organisation,
                "role": person.role,
                "emails": _lines(person.emails, "value"),
                "phones": _lines(person.phones, "value"),
                "linkedin_url": person.linkedin_url,
                "links": _lines(person.links, "url"),
                "met_context": person.met_context,
                "met_on": person.met_on,
                "met_place": person.met_place,
                "met_gathering": person.met_gathering,
                "met_introducer": person.met_introducer.name if person.met_introducer else "",
                "what_makes_them_tick": person.what_makes_them_tick,
                "tags": ", ".join(person.tags),
                "circle": person.circle,
                "cadence_days": person.cadence_days,
            }
        super().__init__(*args, **kwargs)
        if person is not None:
            del self.fields["birthday"]

    def clean_birthday(self) -> tuple[int, int, int | None] | None:
        return _day_month(self.cleaned_data.get("birthday") or "")

    def clean_met_introducer(self) -> int | None:
        name = " ".join((self.cleaned_data.get("met_introducer") or "").split())
        if not name:
            return None
        return people_named(owner=self.owner, names=[name])[0].pk

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        existing = self.person
        return {
            "name": data["name"],
            "organisation": data["organisation"],
            "role": data["role"],
            "emails": _entries(data["emails"], existing.emails if existing else [], "value"),
            "phones": _entries(data["phones"], existing.phones if existing else [], "value"),
            "linkedin_url": data["linkedin_url"],
            "links": _entries(data["links"], existing.links if existing else [], "url"),
            "met_context": data["met_context"],
            "met_on": data["met_on"],
            "met_place": data["met_place"],
            "met_gathering": data["met_gathering"],
            "met_introducer_id": data["met_introducer"],
            "what_makes_them_tick": data["what_makes_them_tick"],
            "tags": data["tags"],
            "circle": data["circle"],
            "cadence_days": data["cadence_days"],
            **(
                {"dates": [_date_values(DateKind.BIRTHDAY, "", data["birthday"])]}
                if data.get("birthday")
                else {}
            ),
        }


def _day_month(text: str) -> tuple[int, int, int | None] | None:
    """What was typed as (month, day, year), None when nothing was, or the parser's
    words on how to write a date; whether that day exists is the service's to say."""
    if not text.strip():
        return None
    try:
        return parse_day_month(text)
    except ValueError as problem:
        raise forms.ValidationError(str(problem)) from None


def _date_values(kind: str, label: str, when: tuple[int, int, int | None]) -> dict[str, Any]:
    month, day, year = when
    return {"kind": kind, "label": label, "month": month, "day": day, "year": year}


class PersonDateForm(RequiredFieldsForm):
    """A yearly date of someone's: what it is, and the day, typed as people write it.

    Its inputs' ids start with ``date_``: the person page shows it beside the quick
    log form, which has a ``kind`` of its own."""

    required_fields = ("when",)
    # As person_date_add and person_date_update refuse it empty.
    required_when = {"label": ("kind", (DateKind.OTHER,))}

    kind = forms.ChoiceField(label="What", choices=DateKind.choices, initial=DateKind.BIRTHDAY)
    label = forms.CharField(
        label="Label",
        required=False,
        help_text="Required for Other, to say what the day is (“Started at Transit Lab”); "
        "an anniversary may say which (“Wedding”).",
    )
    when = forms.CharField(
        label="Day and month",
        required=False,
        help_text="With the year if you know it: 12 April, or 12 April 1980.",
    )

    def __init__(self, *args: Any, date: PersonDate | None = None, **kwargs: Any) -> None:
        if date is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "kind": date.kind,
                "label": date.label,
                "when": describe(date.month, date.day, date.year),
            }
        kwargs.setdefault("auto_id", "date_%s")
        super().__init__(*args, **kwargs)

    def clean_when(self) -> tuple[int, int, int | None]:
        when = _day_month(self.cleaned_data.get("when") or "")
        if when is None:
            raise forms.ValidationError(DATE_HELP)
        return when

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return _date_values(data["kind"], data["label"], data["when"])


class CircleForm(forms.Form):
    circle = forms.ChoiceField(label="Circle", choices=Circle.choices)


SNOOZE_FOR = {"week": dt.timedelta(days=7), "month": dt.timedelta(days=30)}


class SnoozeForm(forms.Form):
    until = forms.DateField(label="Snooze until", required=False, widget=DateInput)
    duration = forms.ChoiceField(
        required=False, choices=[("", ""), ("week", "1 week"), ("month", "1 month")]
    )

    def until_date(self, *, today: dt.date) -> dt.date | None:
        duration = self.cleaned_data.get("duration")
        if duration:
            return today + SNOOZE_FOR[duration]
        return self.cleaned_data.get("until")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("duration") and not cleaned.get("until") and "until" not in self.errors:
            self.add_error("until", "Choose a date, or snooze for a week or a month.")
        return cleaned


class ReachOutForm(forms.Form):
    kind = forms.ChoiceField(
        label="How", choices=Kind.choices, initial=Kind.MESSAGE, required=False
    )
    note = forms.CharField(label="Note", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class SeatForm(RequiredFieldsForm):
    required_fields = ("role",)

    role = forms.CharField(label="Role")
    person = forms.CharField(
        label="Who sits here",
        required=False,
        help_text="The name of someone in your keeper; leave empty for an empty seat.",
        # The seat page's <datalist> of the keeper's names, offered as one types.
        widget=forms.TextInput(attrs={"list": "keeper-names", "autocomplete": "off"}),
    )
    why = forms.CharField(
        label="Why them", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, owner: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.owner = owner
        self.fields["role"].required = False

    def clean_person(self) -> int | None:
        name = " ".join((self.cleaned_data.get("person") or "").split())
        if not name:
            return None
        return people_named(owner=self.owner, names=[name])[0].pk


class MergeForm(forms.Form):
    keep_id = forms.IntegerField(widget=forms.HiddenInput)
    merge_id = forms.IntegerField(widget=forms.HiddenInput)
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)


class PeopleFilterForm(forms.Form):
    q = forms.CharField(label="Search", required=False)
    circle = forms.ChoiceField(
        label="Circle", required=False, choices=[("", "Every circle"), *Circle.choices]
    )
    tag = forms.CharField(label="Tag", required=False)
