"""Writes of profile photos: upload one (replacing the last) and remove it.

An upload is first counted against the member's daily limit
(``rapport.safety.sending_limits.PHOTO_UPLOADS_PER_DAY``), in a transaction of its own
that commits before a byte of the image is read: a refused upload costs no decoding,
and one that fails to decode stays counted (a rolled back count would let a script
send broken files without end). The upload is then processed outside any transaction
(decoding and encoding take a moment, and no lock need wait on them); the row is
written in one statement. Pages that show the photo learn of the change from the
database itself: a trigger moves the home-page version of everyone whose home page
lists the member (migration ``photos.0001``), as a new name does.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from rapport.members.models import Member
from rapport.photos.models import Photo, PhotoUpload
from rapport.photos.processing import MAX_BYTES, photo_process, photo_too_large
from rapport.safety.sending_limits import PHOTO_UPLOADS_PER_DAY, refuse_beyond, sending_lock


def photo_set(*, member: Member, data: bytes, now: dt.datetime | None = None) -> Photo:
    """Make the member's photo from the bytes of an uploaded image (``photo_process``
    says what is refused, and why). Replaces the photo they had. Past the member's
    daily limit, ``BudgetExceeded`` says when, and the image is not read."""
    if len(data) > MAX_BYTES:  # refused by its size alone, before it is counted
        raise photo_too_large(len(data))
    now = photo_upload_count(member=member, now=now)
    processed = photo_process(data)
    with transaction.atomic():
        photo, _created = Photo.objects.update_or_create(
            member_id=member.pk,
            defaults={
                "content_hash": processed.content_hash,
                "large": processed.large,
                "small": processed.small,
                "uploaded_at": now,
            },
        )
    return photo


@transaction.atomic
def photo_upload_count(*, member: Member, now: dt.datetime | None = None) -> dt.datetime:
    """Count an upload by ``member``, or refuse it past the day's limit; returns the
    moment it was counted at. Forgets their uploads that left the window, so the table
    holds at most a day's limit per member."""
    sending_lock("photo uploads", member_id=member.pk)
    # The time is read once the lock is held (sending_limits.py).
    now = now or timezone.now()
    uploads = PhotoUpload.objects.filter(member_id=member.pk)
    refuse_beyond(PHOTO_UPLOADS_PER_DAY, uploads, now=now)
    uploads.filter(created_at__lte=now - PHOTO_UPLOADS_PER_DAY.window).delete()
    PhotoUpload.objects.create(member_id=member.pk, created_at=now)
    return now


def photo_remove(*, member: Member) -> bool:
    """Remove the member's photo; False when they had none (removing twice is no error)."""
    deleted, _ = Photo.objects.filter(member_id=member.pk).delete()
    return bool(deleted)
