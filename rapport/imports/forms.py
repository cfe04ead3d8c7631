"""The upload form. It reads what was sent; the imports service judges it."""

from __future__ import annotations

from django import forms

from rapport.imports.models import SOURCE_CHOICES
from rapport.web.required_fields import RequiredFieldsForm


class ImportForm(RequiredFieldsForm):
    required_fields = ("source", "file")
    # The service refuses a mail archive without them (``_clean_me``), and any other
    # file with them; the page drops what another choice left in the box.
    required_when = {"me": ("source", ("mbox",))}

    source = forms.ChoiceField(
        choices=SOURCE_CHOICES,
        widget=forms.RadioSelect,
        label="What are you bringing in?",
    )
    file = forms.FileField(
        label="The file",
        help_text="LinkedIn: the ZIP from “Get a copy of your data”. vCard: a .vcf file. "
        "Contacts CSV: Google's or Outlook's export. Mail: an mbox archive.",
    )
    me = forms.CharField(
        required=False,
        label="Your email addresses",
        help_text=f"Required for “{dict(SOURCE_CHOICES)['mbox']}”, and used for nothing "
        "else: they tell mail you sent from mail you received. Separated by spaces or commas.",
    )

    def addresses(self) -> list[str]:
        """The addresses typed, for a mail archive only: the page keeps the box when
        another kind of file is chosen, and what was left in it does not count then."""
        if self.cleaned_data["source"] != "mbox":
            return []
        text: str = self.cleaned_data["me"]
        return text.replace(",", " ").split()
