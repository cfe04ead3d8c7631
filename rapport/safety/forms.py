"""Forms for reports and account removal. They only read input; the services judge it."""

from __future__ import annotations

from django import forms

from rapport.safety.models import ReportReason
from rapport.web.required_fields import RequiredFieldsForm


class ReportForm(RequiredFieldsForm):
    required_fields = ("reason",)
    # As ``report_create`` refuses it empty.
    required_when = {"detail": ("reason", (ReportReason.OTHER.value,))}

    reason = forms.ChoiceField(
        choices=ReportReason.choices, widget=forms.RadioSelect, label="What is wrong?"
    )
    detail = forms.CharField(
        required=False,
        label="What happened",
        help_text=(
            "Only the moderators of this instance read it. "
            f"Required for “{ReportReason.OTHER.label}”."
        ),
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": 2000}),
    )
    also_block = forms.BooleanField(
        required=False,
        label="Also block them",
        help_text="They will not be able to find you, ask to connect or write to you.",
    )
