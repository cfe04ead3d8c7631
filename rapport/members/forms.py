"""Forms for accounts and profiles. They only read input; the services judge it.

Field names are the services' argument names, so an error a service raises with
``field="name"`` lands beside the "name" input.
"""

from __future__ import annotations

from django import forms

from rapport.members.models import Member


def _profile_field(name: str, *, textarea: bool = False) -> forms.CharField:
    model_field = Member._meta.get_field(name)
    widget = forms.Textarea(attrs={"rows": 4}) if textarea else forms.TextInput()
    return forms.CharField(
        label=str(model_field.verbose_name).capitalize(),
        required=False,
        widget=widget,
        help_text=model_field.help_text,
    )


class SignupForm(forms.Form):
    username = forms.CharField(
        required=False,
        help_text="Letters, digits and @ . + - _ only. You log in with it.",
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )
    name = forms.CharField(
        label="Full name",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        required=False,
        help_text="Optional. Never shown to other members.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password = forms.CharField(
        strip=False,
        required=False,
        help_text="At least 10 characters, not a common password and not all digits.",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password_again = forms.CharField(
        label="Password again",
        strip=False,
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        if cleaned.get("password") != cleaned.get("password_again"):
            self.add_error("password_again", "The two passwords differ.")
        return cleaned


class ProfileForm(forms.Form):
    name = _profile_field("name")
    headline = _profile_field("headline")
    organisation = _profile_field("organisation")
    location = _profile_field("location")
    bio = _profile_field("bio", textarea=True)
    interests = _profile_field("interests")
    can_help_with = _profile_field("can_help_with", textarea=True)
    looking_for = _profile_field("looking_for", textarea=True)


class TokenForm(forms.Form):
    label = forms.CharField(
        required=False,
        help_text="What will use this token, for example: my calendar script.",
    )
