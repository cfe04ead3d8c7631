"""The forms for asks and offers. They read input; the asks services judge it.

Field names are the services' keyword arguments, so an error naming ``title`` or
``helper_ids`` is shown beside that very input.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django import forms

from rapport.asks.states import ANSWER_MAX, DETAIL_MAX, TITLE_MAX, TITLE_MIN, AskKind
from rapport.keeper.vocabulary import Kind
from rapport.members.models import Member
from rapport.web.required_fields import RequiredFieldsForm


class AskForm(RequiredFieldsForm):
    required_fields = ("title",)

    kind = forms.ChoiceField(
        label="Is it an ask or an offer?",
        choices=AskKind.choices,
        initial=AskKind.ASK,
        widget=forms.RadioSelect,
    )
    title = forms.CharField(
        label="In one line",
        required=False,
        help_text=(
            f"{TITLE_MIN} to {TITLE_MAX} characters, for example “Advice on moving into "
            "product management” or “Happy to review CVs for design roles”."
        ),
    )
    detail = forms.CharField(
        label="More detail (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=f"At most {DETAIL_MAX:,} characters: what you have tried, what would help.",
    )


class AnswerForm(RequiredFieldsForm):
    required_fields = ("body",)

    body = forms.CharField(
        label="Your answer",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        # Who sees it is said once, above, with the poster's name (asks/ask.html).
        help_text=f"At most {ANSWER_MAX:,} characters.",
    )


class CloseForm(forms.Form):
    helper_ids = forms.TypedMultipleChoiceField(
        label="Who helped?",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    favour = forms.ChoiceField(
        label="What did they give?",
        choices=[(code, Kind.labels[code]) for code in Kind.favours],
        initial=Kind.ADVICE,
    )

    def __init__(
        self, *args: Any, candidates: Sequence[Member] = (), offer: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        # ``fields`` holds copies of the fields declared above, so this one is a choice field.
        helpers = cast(forms.ChoiceField, self.fields["helper_ids"])
        helpers.choices = [(member.pk, member.name) for member in candidates]
        if offer:
            self.fields["helper_ids"].label = "Who took you up on it?"
            self.fields["favour"].label = "What did you give?"
