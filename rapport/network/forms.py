"""The connection request form. It reads input; ``connection_request_send`` judges it.

Field names are the service's keyword arguments, so a ``RapportError`` naming
``note`` or ``introducer_id`` is shown beside that very input.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any, cast

from django import forms
from django.forms.utils import flatatt
from django.urls import reverse
from django.utils.safestring import SafeString

from rapport.members.models import Member
from rapport.network.states import NOTE_MAX, NOTE_MIN, OFFER_MAX, Context
from rapport.web.required_fields import RequiredFieldsForm


def _needed_for(codes: Collection[str]) -> str:
    """'Required for “We met at a gathering” and “Other”.': the contexts in the order
    the form lists them."""
    labels = [f"“{label}”" for code, label in Context.choices if code in codes]
    return f"Required for {' and '.join(labels)}."


class ConnectionRequestForm(RequiredFieldsForm):
    # The context's radio buttons are drawn by request_new.html, which marks them too.
    required_fields = ("context", "note")
    # As ``_validate_request`` refuses them empty.
    required_when = {
        "context_detail": (
            "context",
            tuple(code for code, _label in Context.choices if code in Context.detail_required),
        ),
        "introducer_id": ("context", (Context.INTRODUCED,)),
    }

    context = forms.ChoiceField(
        label="How do you know each other?",
        choices=Context.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    context_detail = forms.CharField(
        label="Details", required=False, help_text=_needed_for(Context.detail_required)
    )
    introducer_id = forms.TypedChoiceField(
        label="The member who introduced you",
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_needed_for({Context.INTRODUCED}),
    )
    note = forms.CharField(
        label="Your note",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=(
            f"Between {NOTE_MIN} and {NOTE_MAX} characters. Say how you know them and what "
            "you would like to talk about; a note about only yourself reads like a leaflet, "
            "and a leaflet cannot be sent."
        ),
    )
    offer = forms.CharField(
        label="Something you can offer (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=f"At most {OFFER_MAX} characters, for example an introduction or advice.",
    )

    def __init__(self, *args: Any, introducers: Sequence[Member] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # ``fields`` holds copies of the fields declared above, so this one is a choice field.
        introducer = cast(forms.ChoiceField, self.fields["introducer_id"])
        introducer.choices = [("", "Choose a member")] + [
            (member.pk, member.name) for member in introducers
        ]
        # The live check: htmx posts the note as it is typed and swaps in the rules
        # met so far. Without JavaScript the same rules come back on submit.
        # The recipient and the chosen context come along, for reasons that name them,
        # and the detail, whose answer the advice does not ask the note for again: typed
        # after the note, it asks for the check too. A check asked for while another is
        # on its way replaces it, so the advice shown is for the form as it is now.
        live_check = {
            "hx-post": reverse("request_note_check"),
            "hx-trigger": "input changed delay:300ms",
            "hx-include": "closest form",
            "hx-target": "#note-check",
            "hx-swap": "innerHTML",
            "hx-sync": "closest form:replace",
        }
        self.fields["note"].widget.attrs.update(live_check)
        self.fields["context_detail"].widget.attrs.update(live_check)
        # A choice changes the advice as much as typing does: the context decides what
        # it asks the note to say, the introducer answers "who". Chosen after the note,
        # either asks for the check at once. request_new.html draws the context's radio
        # buttons itself, with ``choice_check_attrs``.
        self._choice_check = {**live_check, "hx-trigger": "change"}
        self.fields["introducer_id"].widget.attrs.update(self._choice_check)

    def choice_check_attrs(self) -> SafeString:
        """The live check's htmx attributes for a choice, as HTML (a leading space)."""
        return flatatt(self._choice_check)

    def context_options(self) -> list[dict[str, object]]:
        """Each context with its label, the detail prompt it asks for, and whether chosen."""
        chosen = self["context"].value()
        return [
            {
                "code": code,
                "label": label,
                "prompt": Context.detail_prompt[code],
                "checked": code == chosen,
            }
            for code, label in Context.choices
        ]

    def detail_prompt(self) -> str:
        chosen = self["context"].value()
        return Context.detail_prompt.get(chosen, "Details")


class NoteCheckForm(forms.Form):
    note = forms.CharField(required=False, strip=False)
    recipient_id = forms.IntegerField(required=False, min_value=1)
    context = forms.ChoiceField(choices=[("", ""), *Context.choices], required=False)
    context_detail = forms.CharField(required=False)
    introducer_id = forms.IntegerField(required=False, min_value=1)
