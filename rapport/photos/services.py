"""Writes of profile photos: upload one (replacing the last) and remove it.

The upload is processed before the transaction opens (decoding and encoding take a
moment, and no lock need wait on them); the row is written in one statement. Pages
that show the photo learn of the change from the database itself: a trigger moves the
home-page version of everyone whose home page lists the member (migration
``photos.0001``), as a new name does.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from rapport.members.models import Member
from rapport.photos.models import Photo
from rapport.photos.processing import photo_process


def photo_set(*, member: Member, data: bytes, now: dt.datetime | None = None) -> Photo:
    """Make the member's photo from the bytes of an uploaded image (``photo_process``
    says what is refused, and why). Replaces the photo they had."""
    processed = photo_process(data)
    with transaction.atomic():
        photo, _created = Photo.objects.update_or_create(
            member_id=member.pk,
            defaults={
                "content_hash": processed.content_hash,
                "large": processed.large,
                "small": processed.small,
                "uploaded_at": now or timezone.now(),
            },
        )
    return photo


def photo_remove(*, member: Member) -> bool:
    """Remove the member's photo; False when they had none (removing twice is no error)."""
    deleted, _ = Photo.objects.filter(member_id=member.pk).delete()
    return bool(deleted)
