"""Members: the people with an account on this instance, and their API tokens."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models


class Member(AbstractUser):
    """A member and their public profile.

    The profile says what someone does and what they can help with, never how many
    people they know: there is no field here that counts anything.
    """

    name = models.CharField("full name", max_length=120)
    headline = models.CharField(max_length=160, blank=True)
    organisation = models.CharField(max_length=120, blank=True)
    location = models.CharField(max_length=120, blank=True)
    bio = models.TextField(max_length=2000, blank=True)
    interests = models.CharField(
        max_length=400, blank=True, help_text="Comma-separated, for example: climate, jazz, hiring"
    )
    can_help_with = models.TextField("I can help with", max_length=600, blank=True)
    looking_for = models.TextField("I'm looking for", max_length=600, blank=True)

    class Meta:
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["name"]), models.Index(fields=["organisation"])]

    def __str__(self) -> str:
        return self.name or self.username

    @property
    def interest_list(self) -> list[str]:
        return [part.strip() for part in self.interests.split(",") if part.strip()]


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 digest is stored; the token is shown once."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="api_tokens")
    label = models.CharField(max_length=80)
    prefix = models.CharField(max_length=12, help_text="The first characters, to recognise it by")
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.label} ({self.prefix}…)"
