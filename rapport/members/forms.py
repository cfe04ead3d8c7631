"""Forms for accounts and profiles. They only read input; the services judge it.

Field names are the services' argument names, so an error a service raises with
``field="name"`` lands beside the "name" input.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db import models

from rapport.members.models import Member
from rapport.members.time_zones import TimeZoneSelect
from rapport.web.required_fields import RequiredFieldsForm


def _profile_field(name: str, *, textarea: bool = False) -> forms.CharField:
    # A profile field is a text column of the member's own, never a relation.
    model_field = cast("models.Field[Any, Any]", Member._meta.get_field(name))
    widget = forms.Textarea(attrs={"rows": 4}) if textarea else forms.TextInput()
    help_text = model_field.help_text
    if textarea:
        # No maxlength on the box: a browser counts every space and line break, the
        # service counts runs of them as one (``members.services.profile_text_kept``).
        help_text = f"Up to {model_field.max_length:,} characters."
    return forms.CharField(
        label=str(model_field.verbose_name).capitalize(),
        required=False,
        widget=widget,
        help_text=help_text,
    )


class SignupForm(RequiredFieldsForm):
    """Reads the sign-up page; ``member_signup`` judges every value, the two passwords
    and the address too, so one submit names every problem (the form refusing first
    would hide the service's until the next submit)."""

    # Required by the service, not the form, so the service names the error.
    required_fields = ("username", "name", "password", "password_again")

    username = forms.CharField(
        required=False,
        help_text="Letters, digits and @ . + - _ only. You log in with it.",
        # As the log-in page's field: a phone must not capitalise its first letter.
        widget=forms.TextInput(
            attrs={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )
    name = forms.CharField(
        label="Full name",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    # Text, not an email field: the service judges the address (as ``EmailChangeForm``).
    email = forms.CharField(
        required=False,
        help_text="Optional. Never shown to other members. We mail it a link to open, "
        "to be sure it is yours, and nothing else until you do. Without one, a forgotten "
        "password can only be reset by an administrator.",
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
    # The browser's own zone, filled in by rapport.js; UTC without it.
    time_zone = forms.CharField(
        required=False, widget=forms.HiddenInput(attrs={"data-browser-time-zone": ""})
    )


class ProfileForm(RequiredFieldsForm):
    required_fields = ("name",)

    name = _profile_field("name")
    headline = _profile_field("headline")
    organisation = _profile_field("organisation")
    location = _profile_field("location")
    bio = _profile_field("bio", textarea=True)
    interests = _profile_field("interests")
    can_help_with = _profile_field("can_help_with", textarea=True)
    looking_for = _profile_field("looking_for", textarea=True)
    # Read as text and judged by the service, like every other field.
    time_zone = forms.CharField(
        label="Your time zone",
        required=False,
        help_text="Times on Rapport and in its emails are shown in it, and your "
        "keeper's days (due today, snoozed until) turn at its midnight.",
        widget=TimeZoneSelect(attrs={"data-time-zone-select": ""}),
    )

    def service_arguments(self) -> dict[str, Any]:
        """What the profile service takes: a form sent without a zone leaves it."""
        arguments = dict(self.cleaned_data)
        arguments["time_zone"] = arguments.get("time_zone") or None
        return arguments


class TokenForm(forms.Form):
    label = forms.CharField(
        required=False,
        help_text="What will use this token, for example: my calendar script.",
    )


def _password_field(label: str, *, autocomplete: str, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        strip=False,
        required=False,
        help_text=help_text,
        widget=forms.PasswordInput(attrs={"autocomplete": autocomplete}),
    )


NEW_PASSWORD_HELP = "At least 10 characters, not a common password and not all digits."


class EmailChangeForm(RequiredFieldsForm):
    """The Account page's first form. Text, not an email field: the service judges the
    address, so the page and the API say the same thing about it. The address may be
    left empty (to have none); the password never."""

    required_fields = ("current_password",)

    email = forms.CharField(
        label="Email address",
        required=False,
        help_text="Where your weekly digest, reminders and password reset links go, once "
        "you open the link we mail to it. Never shown to other members. Leave it empty "
        "to have none.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    current_password = _password_field("Your password", autocomplete="current-password")


class EmailPendingForm(forms.Form):
    """The two buttons beside an address waiting for confirmation: the button pressed
    is the ``action`` sent."""

    action = forms.ChoiceField(choices=[("resend", "Send it again"), ("cancel", "Cancel")])


class PasswordChangeForm(RequiredFieldsForm):
    """The Account page's password form. ``member_password_change`` judges all three
    fields, the second typing too, so one submit names every problem (as ``SignupForm``)."""

    required_fields = ("current_password", "new_password", "new_password_again")

    current_password = _password_field("Current password", autocomplete="current-password")
    new_password = _password_field(
        "New password", autocomplete="new-password", help_text=NEW_PASSWORD_HELP
    )
    new_password_again = _password_field("New password again", autocomplete="new-password")


class PasswordResetRequestForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="The address on your account. No address on your account? Ask an "
        "administrator of this Rapport to reset your password.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class PasswordResetSetForm(RequiredFieldsForm):
    """The new password behind a reset link. Takes the member first, as Django's
    ``PasswordResetConfirmView`` gives its form; ``member_password_reset`` judges both
    fields, so one submit names every problem, and sets the password."""

    required_fields = ("new_password", "new_password_again")

    new_password = _password_field(
        "New password", autocomplete="new-password", help_text=NEW_PASSWORD_HELP
    )
    new_password_again = _password_field("New password again", autocomplete="new-password")

    def __init__(self, user: Member, *args: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)


def _code_field(help_text: str) -> forms.CharField:
    """A code from an authenticator app (or a recovery code): text, not a number, so
    that a leading zero and the spaces people type stay as typed; a numeric keyboard on
    a phone, and the one-time code a phone offers to fill in."""
    return forms.CharField(
        label="Code",
        required=False,
        help_text=help_text,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autocapitalize": "off",
                "spellcheck": "false",
            }
        ),
    )


APP_CODE_HELP = "The 6-digit code your authenticator app shows for Rapport now."
ANY_CODE_HELP = (
    "The 6-digit code your authenticator app shows for Rapport now, or one of your "
    "12-digit recovery codes."
)


class TwoStepCodeForm(RequiredFieldsForm):
    """The second step of logging in."""

    required_fields = ("code",)

    code = _code_field(ANY_CODE_HELP)


class TwoStepBeginForm(forms.Form):
    """The "Set up two-step sign-in" button, and "Cancel" while setting up: the button
    pressed is the ``action`` sent."""

    action = forms.ChoiceField(choices=[("begin", "Set up"), ("cancel", "Cancel")])


class TwoStepConfirmForm(RequiredFieldsForm):
    required_fields = ("code", "current_password")

    code = _code_field(APP_CODE_HELP)
    current_password = _password_field("Your password", autocomplete="current-password")
    # Offered, ticked: a device signed in with the password alone then needs a code too.
    sign_out_others = forms.BooleanField(
        label="Also sign out everywhere else",
        required=False,
        initial=True,
        help_text="Every other device signed in to your account then signs in again, "
        "with a code. You stay signed in here.",
    )


class RecoveryCodesForm(RequiredFieldsForm):
    required_fields = ("code", "current_password")

    code = _code_field(APP_CODE_HELP)
    current_password = _password_field("Your password", autocomplete="current-password")


class TwoStepOffForm(RequiredFieldsForm):
    required_fields = ("code", "current_password")

    code = _code_field(ANY_CODE_HELP)
    current_password = _password_field("Your password", autocomplete="current-password")


class SessionEndForm(forms.Form):
    """A "Sign out" button beside one of the sessions on the Account page: the session's
    public id, never its key."""

    session = forms.CharField(max_length=64, widget=forms.HiddenInput)


class SessionsEndOthersForm(forms.Form):
    """The "Sign out everywhere else" button: nothing to type (docs/security.md says
    why it asks for no password)."""
