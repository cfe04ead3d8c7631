"""Members: the people with an account on this instance, their API tokens and sessions,
and a new email address waiting for confirmation."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.db.models.functions import Lower

from rapport.members.folding import SearchFoldedField, fold_saved_too

if TYPE_CHECKING:
    from rapport.members.sessions import SessionStore


class Member(AbstractUser):
    """A member and their public profile.

    The profile says what someone does and what they can help with, never how many
    people they know: there is no field here that counts anything.
    """

    name = models.CharField("full name", max_length=120)
    headline = models.CharField(max_length=160, blank=True)
    organisation = models.CharField(max_length=120, blank=True)
    location = models.CharField(max_length=120, blank=True)
    # The texts of several lines keep their line breaks (``members.services``), and
    # their max_length is counted as the API counts it, runs of spaces as one: what is
    # stored may be longer, by a character per blank line, which a text column holds.
    bio = models.TextField(max_length=2000, blank=True)
    interests = models.CharField(
        max_length=400, blank=True, help_text="Comma-separated, for example: climate, jazz, hiring"
    )
    can_help_with = models.TextField("I can help with", max_length=600, blank=True)
    looking_for = models.TextField("I'm looking for", max_length=600, blank=True)
    # Private: only the member sees it (rapport/members/time_zones.py). Every time a page,
    # an email or the API's dates show them is in it, and "today" is its day.
    time_zone = models.CharField(
        max_length=64,
        default="UTC",
        db_default="UTC",
        help_text="An IANA time zone name, for example Europe/Lisbon.",
    )
    # Name, organisation and interests folded for search, kept as they are written
    # (``rapport.members.folding``); PostgreSQL indexes it by trigrams (migration 0011).
    search_folded = SearchFoldedField(db_default="")

    class Meta:
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["name"]), models.Index(fields=["organisation"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(time_zone=""), name="members_member_time_zone_named"
            ),
            # One member per username whatever its case: log-in finds a username
            # whatever the case typed (``selectors.member_by_username``), by this index.
            models.UniqueConstraint(Lower("username"), name="members_member_username_any_case"),
        ]

    def __str__(self) -> str:
        return self.name or self.username

    def save(self, *args: Any, **kwargs: Any) -> None:
        """A save naming a searched field in ``update_fields`` writes their fold too:
        Django writes only the fields named, and the fold would go stale."""
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = fold_saved_too(Member, kwargs["update_fields"])
        super().save(*args, **kwargs)

    @property
    def interest_list(self) -> list[str]:
        return [part.strip() for part in self.interests.split(",") if part.strip()]


class PendingEmail(models.Model):
    """A new email address the member asked for, not yet confirmed from its mailbox.

    The account keeps its address (``Member.email``), and every mail goes there, until
    the link sent to this one is opened (``rapport.members.email_confirmation``); then
    the address moves and this row goes. At most one per member: asking for another
    address replaces it. A row of its own rather than a column on ``members_member``:
    only the Account page and the link read it, and a new table leaves that one (and
    its triggers) alone.
    """

    member = models.OneToOneField(Member, on_delete=models.CASCADE, related_name="+")
    email = models.EmailField("new email address", max_length=254)
    # When the link now in the mailbox was sent: asking again sends a new one and the
    # last one dies. The link works for EMAIL_CONFIRMATION_TIMEOUT seconds after it.
    asked_at = models.DateTimeField()

    class Meta:
        verbose_name = "email address waiting for confirmation"
        verbose_name_plural = "email addresses waiting for confirmation"

    def __str__(self) -> str:
        return f"{self.email} (waiting for confirmation)"

    def expires_at(self) -> dt.datetime:
        return self.asked_at + dt.timedelta(seconds=settings.EMAIL_CONFIRMATION_TIMEOUT)


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 digest is stored; the token is shown once."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="api_tokens")
    label = models.CharField(max_length=80)
    prefix = models.CharField(max_length=12, help_text="The first characters, to recognise it by")
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # The random id of the tokens page's form that made it (empty from the API): the
    # token is shown in the answer to that form, so a reload sends the form again, and
    # must find the token made rather than make a second one. Not a secret.
    form_nonce = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "form_nonce"],
                condition=~models.Q(form_nonce=""),
                name="members_apitoken_one_per_form",
            )
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.prefix}…)"


class MemberSession(AbstractBaseSession):
    """Django's session row, plus the member it is signed in as (none before signing in).

    Django documents extending its database sessions this way. With the member's id in
    a column, every signed-in request reads its session and its member in one query
    (``members.sessions``), and a member's sessions are found without decoding every
    session there is. Not a database-level foreign key: a request still running when
    its member is erased may save its session afterwards, and that must not fail; such a
    row names nobody the join can find, so it signs nobody in, and Django's deletion
    collector removes a member's sessions with the member.
    """

    member = models.ForeignKey(
        Member, null=True, on_delete=models.CASCADE, db_constraint=False, related_name="+"
    )
    # For "Where you're signed in" (members.sessions): when the session was signed in
    # and from what ("Firefox on Linux", members.devices), copied from its data at every
    # save as the member is; empty for a session not signed in (or signed in before
    # these columns). Never the address it came from: docs/security.md says why.
    signed_in_at = models.DateTimeField(null=True, blank=True)
    device = models.CharField(max_length=80, blank=True, default="")
    # When it was last used, to within ``sessions.LAST_ACTIVE_EVERY``.
    last_active = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "members_session"
        verbose_name = "session"

    def __str__(self) -> str:
        # Django's own is the session key, which signs in as the member wherever it
        # is shown (an admin page listing what a deletion takes, say).
        return f"Session on {self.device}" if self.device else "Session"

    @classmethod
    def get_session_store_class(cls) -> type[SessionStore]:
        from rapport.members.sessions import SessionStore

        return SessionStore


class TwoStep(models.Model):
    """A member's two-step sign-in: the key their authenticator app shares with Rapport.

    With a confirmed row, signing in asks for the password and then for a code the app
    makes from this key and the time (RFC 6238, ``rapport.members.two_step_codes``).
    While ``confirmed_at`` is empty the member is setting it up: the Account page shows
    the key (as a QR code and as text) until a code made from it is typed back, and
    never again after. A row of its own rather than a column on ``members_member``:
    only signing in and the Account page read it, and a new table leaves that one (and
    its triggers) alone. It goes with the member; the data export leaves out the key
    (its column is named ``secret``: ``rapport.members.data_export``).
    """

    member = models.OneToOneField(Member, on_delete=models.CASCADE, related_name="+")
    # Base32, as authenticator apps take it: 20 random bytes, RFC 4226's 160 bits. Kept
    # as it is, not hashed: checking a code needs the key itself.
    secret = models.CharField(max_length=32)
    created_at = models.DateTimeField()
    confirmed_at = models.DateTimeField("on since", null=True, blank=True)
    # The 30-second time step of the last code accepted: a code of that step or an
    # earlier one is refused, so a code seen over a shoulder cannot be used again.
    last_used_step = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "two-step sign-in"
        verbose_name_plural = "two-step sign-ins"
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(secret=""), name="members_twostep_secret_given"
            ),
            models.CheckConstraint(
                condition=models.Q(last_used_step__gte=0),
                name="members_twostep_step_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"two-step sign-in of member {self.member_id}"

    @property
    def is_on(self) -> bool:
        return self.confirmed_at is not None


class RecoveryCode(models.Model):
    """A single-use code that stands in for the authenticator app (a lost phone).

    Ten are made when two-step sign-in is turned on, and again on request (the old ones
    die); each is shown once. Only a keyed digest is kept (``two_step_codes``), like
    a password's hash: the table alone tells nobody a code.
    """

    two_step = models.ForeignKey(
        TwoStep, on_delete=models.CASCADE, related_name="recovery_codes", db_index=False
    )
    digest = models.CharField(max_length=64)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["two_step", "digest"], name="members_recoverycode_once_per_two_step"
            )
        ]

    def __str__(self) -> str:
        return f"a recovery code of two-step sign-in {self.two_step_id}"
