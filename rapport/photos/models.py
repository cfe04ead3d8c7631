"""A member's profile photo, as Rapport made it from their upload.

The upload itself is never kept: ``rapport.photos.processing`` turns it into two small
square WebP images with no metadata (no camera, no date, no GPS position), and only
those are stored. They live in the database rather than in a media folder, because a
photo is personal data like the rest of the profile: it is served by a view that asks
who is looking (``rapport.photos.views``), goes out in the member's data export, and
goes with the member when the account is erased (the cascade below).
"""

from __future__ import annotations

from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import Exact, GreaterThan

from rapport.members.models import Member

# The two sizes kept, in pixels: the profile page's (shown at 128 px, sharp on a
# high-density screen) and the lists' (shown at 40 px).
LARGE = 256
SMALL = 64


class Photo(models.Model):
    """At most one per member (the member is the key). A new upload replaces it."""

    member = models.OneToOneField(
        Member, on_delete=models.CASCADE, primary_key=True, related_name="photo"
    )
    # SHA-256 of ``large``, in hex. It is in the photo's address, so a browser may keep
    # the image for a year: a new photo has a new address, and the old one answers 404.
    content_hash = models.CharField(max_length=64)
    large = models.BinaryField(help_text=f"{LARGE}x{LARGE} WebP")
    small = models.BinaryField(help_text=f"{SMALL}x{SMALL} WebP")
    uploaded_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Exact(Length("content_hash"), 64), name="photos_photo_hash_sha256"
            ),
            models.CheckConstraint(
                condition=GreaterThan(Length("large"), 0), name="photos_photo_large_given"
            ),
            models.CheckConstraint(
                condition=GreaterThan(Length("small"), 0), name="photos_photo_small_given"
            ),
        ]

    def __str__(self) -> str:
        return f"photo of member {self.member_id}"


class PhotoUpload(models.Model):
    """When a member uploaded a photo: what the daily limit on uploads counts
    (``rapport.safety.sending_limits.PHOTO_UPLOADS_PER_DAY``), since a new photo
    replaces the row the last one had. Written before the upload is read, kept a day.

    Not a ``rapport.safety.throttle`` event: those count an address or a username
    over minutes and answer "Too many...; try again in about N minutes", where an
    upload is a member's own doing, limited by the day and answered as the other
    sending limits are ("You can upload again at 21:00"). Goes with the member."""

    # Indexed by the (member, created_at) index below, which the count reads.
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+", db_index=False)
    created_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["member", "created_at"])]

    def __str__(self) -> str:
        return f"photo upload of member {self.member_id} at {self.created_at:%Y-%m-%d %H:%M}"
