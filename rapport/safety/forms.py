"""Forms for reports and account removal. They only read input; the services judge it."""

from __future__ import annotations

from django import forms

from rapport.safety.models import ReportReason


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        choices=ReportReason.choices, widget=forms.RadioSelect, label="What is wrong?"
    )
    detail = forms.CharField(
        required=False,
        label="What happened",
        help_text="Only the moderators of this instance read it. Required for “something else”.",
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": 2000}),
    )
    also_block = forms.BooleanField(
        required=False,
        label="Also block them",
        help_text="They will not be able to find you, ask to connect or write to you.",
    )
