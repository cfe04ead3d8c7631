"""The notification settings' one field: how often."""

from __future__ import annotations

from django import forms

from rapport.notifications.models import Frequency


class NotificationsForm(forms.Form):
    frequency = forms.ChoiceField(
        label="Mail me about what waits for me",
        choices=Frequency.choices,
        widget=forms.RadioSelect,
    )
