"""The introduction form. It reads input; ``introduction_make`` judges it.

Field names are the service's keyword arguments, so an error naming ``why_first``
or ``second_id`` is shown beside that very input.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.urls import reverse

from rapport.introductions.states import WHY_MAX, WHY_MIN
from rapport.members.models import Member
from rapport.web.required_fields import RequiredFieldsForm

WHY_HELP = (
    f"Between {WHY_MIN} and {WHY_MAX} characters. They read this before they know who "
    "the other person is: say who that person is and why you thought of them, without "
    "the name."
)


class IntroductionForm(RequiredFieldsForm):
    required_fields = ("first_id", "why_first", "second_id", "why_second")

    first_id = forms.TypedChoiceField(label="First person", coerce=int, empty_value=None)
    why_first = forms.CharField(
        label="Why they should meet, for the first person",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=WHY_HELP,
    )
    second_id = forms.TypedChoiceField(label="Second person", coerce=int, empty_value=None)
    why_second = forms.CharField(
        label="Why they should meet, for the second person",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=WHY_HELP,
    )

    def __init__(self, *args: Any, connections: Sequence[Member] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "Choose one of your connections")] + [
            (member.pk, member.name) for member in connections
        ]
        for name in ("first_id", "second_id"):
            field = cast(forms.TypedChoiceField, self.fields[name])  # as declared above
            field.choices = choices
            field.error_messages["required"] = "Choose one of your connections."
        # The live check: htmx posts the sentence (and who it is about) as it is typed,
        # and swaps in the rules met so far. Without JavaScript they come back on submit.
        for name, target in (
            ("why_first", "#why-first-check"),
            ("why_second", "#why-second-check"),
        ):
            self.fields[name].widget.attrs.update(
                {
                    "hx-post": reverse("introduction_note_check"),
                    "hx-trigger": "input changed delay:300ms",
                    "hx-target": target,
                    "hx-swap": "innerHTML",
                    "hx-include": "[name=first_id],[name=second_id]",
                    # htmx sends the whole form; this says which sentence to check.
                    "hx-vals": f'{{"check": "{name}"}}',
                }
            )


class WhyCheckForm(forms.Form):
    check = forms.ChoiceField(choices=[("why_first", ""), ("why_second", "")], required=False)
    why_first = forms.CharField(required=False, strip=False)
    why_second = forms.CharField(required=False, strip=False)
    first_id = forms.TypedChoiceField(coerce=int, empty_value=None, required=False)
    second_id = forms.TypedChoiceField(coerce=int, empty_value=None, required=False)

    def __init__(self, *args: Any, connections: Sequence[Member] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "")] + [(member.pk, member.name) for member in connections]
        for name in ("first_id", "second_id"):
            cast(forms.TypedChoiceField, self.fields[name]).choices = choices  # as declared above
