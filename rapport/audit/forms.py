"""The audit's small forms: seat a suggested person, archive the people a page
counted, restore one archived person."""

from __future__ import annotations

from django import forms

from rapport.keeper.vocabulary import SEAT_COUNT


class SeatForm(forms.Form):
    position = forms.IntegerField(min_value=1, max_value=SEAT_COUNT)
    person_id = forms.IntegerField(min_value=1)
    why = forms.CharField(required=False, max_length=1000)


class RestoreForm(forms.Form):
    """No ``person_id``: restore everyone archived."""

    person_id = forms.IntegerField(min_value=1, required=False)


class ArchiveForm(forms.Form):
    """What the confirmation page showed: how many, and which (``archive_fingerprint``)."""

    people = forms.IntegerField(min_value=1)
    fingerprint = forms.CharField(min_length=32, max_length=32)
