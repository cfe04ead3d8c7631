"""The reply box. ``message_send`` judges the text; the field is named as its argument."""

from __future__ import annotations

from django import forms

from rapport.conversations.models import MESSAGE_MAX
from rapport.web.required_fields import RequiredFieldsForm


class MessageForm(RequiredFieldsForm):
    required_fields = ("body",)

    body = forms.CharField(
        label="Your reply",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=f"At most {MESSAGE_MAX:,} characters. Only the two of you can read this.",
    )
