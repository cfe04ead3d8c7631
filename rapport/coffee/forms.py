"""The coffee rounds' form: how often, and what you would like to talk about."""

from __future__ import annotations

from django import forms

from rapport.coffee.models import TOPICS_MAX, Frequency
from rapport.web.required_fields import RequiredFieldsForm


class OptInForm(forms.Form):
    frequency = forms.ChoiceField(
        label="How often",
        choices=Frequency.choices,
        initial=Frequency.FORTNIGHTLY,
        widget=forms.RadioSelect,
    )
    # No max_length: a browser and Django count every space, the service counts a run
    # of them as one (``services._clean_topics``), and says so naming the field.
    topics = forms.CharField(
        label="What would you like to talk about?",
        required=False,
        help_text=f"A few topics, separated by commas, up to {TOPICS_MAX:,} characters. They "
        "count with your profile's interests when you are paired.",
    )


class OpenerForm(RequiredFieldsForm):
    """The suggested first message, to send as it is or change; it posts to the
    conversation page, which sends it."""

    required_fields = ("body",)

    body = forms.CharField(
        label="Your message", widget=forms.Textarea(attrs={"rows": 8}), required=True
    )
