"""Blocks and reports between members.

A block is one-directional in the table (who asked for it) but symmetric in effect:
neither member can request, message, introduce, match with or find the other. The
invariants (one block per ordered pair, never oneself) are database constraints.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q


class Block(models.Model):
    blocker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="blocks_made",
        db_index=False,
    )
    blocked = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks_received"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="one_block_per_pair"),
            models.CheckConstraint(condition=~Q(blocker=F("blocked")), name="block_not_self"),
        ]
        indexes = [models.Index(fields=["blocked"])]

    def __str__(self) -> str:
        # Names, as the admin's pages show it; they read the two with the block.
        return f"{self.blocker} blocked {self.blocked}"


class ReportReason(models.TextChoices):
    SPAM = "spam", "Spam or mass messaging"
    LEAFLET = "leaflet", "Sales pitch or leaflet, not a conversation"
    HARASSMENT = "harassment", "Harassment or abuse"
    IMPERSONATION = "impersonation", "Pretending to be someone else"
    OTHER = "other", "Something else"


class ReportOutcome(models.TextChoices):
    """What a moderator made of a report. Only a dismissed one stops counting toward
    the reported member's standing (``rapport.network.reputation``): an open report
    counts at once, before anyone has read it, and an upheld one goes on counting."""

    OPEN = "open", "Open"
    UPHELD = "upheld", "Upheld"
    DISMISSED = "dismissed", "Dismissed"


class Report(models.Model):
    """A member tells the instance's moderators about another member.

    The reported member never sees who reported them, nor that a report exists.
    """

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reports_made"
    )
    reported = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reports_received"
    )
    reason = models.CharField(max_length=16, choices=ReportReason.choices)
    detail = models.TextField(max_length=2000, blank=True)
    created_at = models.DateTimeField()
    resolved_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(
        max_length=16, choices=ReportOutcome.choices, default=ReportOutcome.OPEN
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(reporter=F("reported")), name="report_not_self"),
            models.CheckConstraint(
                condition=Q(reason__in=[code for code, _ in ReportReason.choices]),
                name="report_reason_known",
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=ReportOutcome.values), name="report_outcome_known"
            ),
            # Open until a moderator decides, and decided once resolved.
            models.CheckConstraint(
                condition=Q(outcome=ReportOutcome.OPEN, resolved_at__isnull=True)
                | (~Q(outcome=ReportOutcome.OPEN) & Q(resolved_at__isnull=False)),
                name="report_outcome_when_resolved",
            ),
        ]
        indexes = [models.Index(fields=["resolved_at", "created_at"])]

    def __str__(self) -> str:
        # Names, as the admin's pages show it; they read the two with the report.
        reason = self.get_reason_display()
        return f"{self.reporter}'s report about {self.reported} ({reason[:1].lower()}{reason[1:]})"


class ThrottleEvent(models.Model):
    """One event a throttle counts (a failed password, an account made, a reset asked,
    a link sent), kept for the throttle's window and then forgotten.

    Tables rather than the cache so that every web process (gunicorn workers, several
    machines) counts the same events with no cache server to run. Each kind declares
    its own ``at`` (a DateTimeField, indexed) after its own columns, so that its
    columns keep the order its table was made with.
    """

    class Meta:
        abstract = True
        ordering = ["-at"]

    @classmethod
    def forget_old(cls, *, window: dt.timedelta, now: dt.datetime) -> None:
        """Forget this kind's events older than ``window``.

        Rows another transaction is forgetting at this moment are skipped (``SKIP
        LOCKED`` on PostgreSQL), not waited for: two throttles forgetting the same old
        rows in different orders could otherwise deadlock. Whoever holds them forgets
        them; a row skipped now is forgotten next time. SQLite has no row locks and
        ignores the clause. Runs inside the throttle's transaction
        (``rapport.safety.throttle``), as row locks need one.
        """
        old = (
            # django-stubs looks ``at`` up on this abstract model, not on the kind it runs for.
            cls._default_manager.filter(at__lte=now - window)  # type: ignore[misc]
            .order_by()
            .select_for_update(skip_locked=True)
        )
        cls._default_manager.filter(pk__in=old.values("pk")).delete()


class LoginFailure(ThrottleEvent):
    """One failed password check."""

    username = models.CharField(max_length=150, db_index=True)  # lower-cased
    ip = models.CharField(max_length=45, blank=True, db_index=True)

    at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"failed login for {self.username!r} from {self.ip or 'unknown'}"


class AccountCreation(ThrottleEvent):
    """One account created from an address, kept for the sign-up throttle's window.

    The address only, never the account: this says how many accounts an address made
    lately, not which, and the row is forgotten after the window.
    """

    ip = models.CharField(max_length=45, db_index=True)

    at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"an account created from {self.ip}"


class PasswordResetRequest(ThrottleEvent):
    """One "forgot your password?" request, kept for the reset throttle's window.

    Counted per client address and per email address typed, whether or not an account
    has that address: the count must not tell the two apart. The email address is kept
    only as a keyed digest (``rapport.safety.throttle``), so the table says how often an
    address was asked about lately, never which addresses, and the row is forgotten
    after the window.
    """

    ip = models.CharField(max_length=45, blank=True, db_index=True)
    email_digest = models.CharField(max_length=64, db_index=True)

    at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"a password reset asked from {self.ip or 'unknown'}"


class EmailConfirmationSend(ThrottleEvent):
    """One link mailed to confirm a new email address, kept for the throttle's window.

    Counted per member and per address the link went to, so that neither a member nor
    anyone with many accounts can fill a stranger's inbox with links. The address is
    kept only as a keyed digest (``rapport.safety.throttle``), and the row is
    forgotten after the window.
    """

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    email_digest = models.CharField(max_length=64, db_index=True)

    at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"an email confirmation link sent for member {self.member_id}"


class TwoStepFailure(ThrottleEvent):
    """One wrong code from an authenticator app or a recovery code, kept for the
    throttle's window: at the second step of signing in, or confirming a change to
    two-step sign-in itself.

    Counted per member and per client address: the code is the second of two secrets,
    so whoever types it already knows the member's password, and the count is what
    keeps them from trying a million codes.
    """

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    ip = models.CharField(max_length=45, blank=True, db_index=True)

    at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"a wrong two-step code for member {self.member_id} from {self.ip or 'unknown'}"
