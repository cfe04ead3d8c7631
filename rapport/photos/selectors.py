"""Reads of profile photos, and the rule for who sees one.

A photo is part of the profile, so it is seen by whoever may open the profile it
belongs to (``members.selectors.member_get``): any signed-in member, except one the
photo's owner blocked, and only while the owner's account is active. A visitor who is
not signed in sees none. A member who was blocked cannot tell a block from a removed
photo: their lists show the initials, as for anyone without a photo, and the photo's
address answers 404, as for a replaced one.

Lists show many members, so whether each has a photo (and its hash, which is in its
address) comes with the list's own query, never one query a member: as a column
(``photo_hash_seen``, ``photo_hash_sql``), not as a lookup afterwards.
"""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Exists, Model, OuterRef, QuerySet, Subquery
from django.urls import reverse

from rapport.photos.models import Photo
from rapport.safety.models import Block


def photo_hash_seen(member: str, *, viewer_id: int | None) -> Subquery:
    """An annotation: the hash of the photo of the member whose id is the outer query's
    ``member`` (a field name or path), as ``viewer_id`` may see it; None when they have
    no photo, or when they blocked the viewer. ``viewer_id`` None checks no block (the
    member is the viewer, or blocks were ruled out by the list itself)."""
    photos = Photo.objects.filter(member_id=OuterRef(member))
    if viewer_id is not None:
        photos = photos.filter(
            ~Exists(Block.objects.filter(blocker_id=OuterRef("member_id"), blocked_id=viewer_id))
        )
    return Subquery(photos.values("content_hash")[:1])


Row = TypeVar("Row", bound=Model)


def with_faces(rows: QuerySet[Row], *members: str, viewer_id: int | None) -> QuerySet[Row]:
    """``rows`` with each member they name through the foreign keys ``members`` joined,
    and that member's photo's hash as ``viewer_id`` may see it (``photo_hash_seen``)
    annotated as ``<key>_photo_hash``, in the same query. ``faces_attached`` puts the
    hashes on the members once the rows are read."""
    # The annotations' names are made here, so django-stubs cannot type the result.
    faced: QuerySet[Row] = rows.select_related(*members).annotate(
        **{
            f"{key}_photo_hash": photo_hash_seen(f"{key}_id", viewer_id=viewer_id)
            for key in members
        }
    )
    return faced


def faces_attached(row: Row, *members: str) -> Row:
    """``row``, read through ``with_faces``, with each of its ``members`` carrying their
    photo's hash as ``photo_hash``, where ``photo_hash_loaded`` finds it."""
    for key in members:
        member = getattr(row, key)
        if member is not None:
            member.photo_hash = getattr(row, f"{key}_photo_hash")
    return row


def photo_hash_sql(member: str, viewer: str) -> str:
    """``photo_hash_seen`` for plain SQL: a scalar subquery giving the hash of the photo of
    the member whose id is the SQL expression ``member``, as the member whose id is the
    expression ``viewer`` (a column, or ``%s``) may see it. Both are written into the
    text, so they must be column names or placeholders, never values."""
    return (
        "(SELECT photos_p.content_hash FROM photos_photo photos_p"  # noqa: S608
        f" WHERE photos_p.member_id = {member} AND NOT EXISTS ("
        "SELECT 1 FROM safety_block photos_b"
        f" WHERE photos_b.blocker_id = photos_p.member_id"
        f" AND photos_b.blocked_id = {viewer}))"
    )


def photo_hash_of(*, member_id: int) -> str | None:
    """The hash of the member's own photo, None without one (for their own pages)."""
    return Photo.objects.filter(member_id=member_id).values_list("content_hash", flat=True).first()


def photo_image_seen(
    *, member_id: int, content_hash: str, viewer_id: int, small: bool, image: bool = True
) -> bytes | None:
    """The WebP bytes of the member's photo with this hash, when ``viewer_id`` may see
    it; None otherwise (no such photo, a replaced one, an erased or inactive member, or
    a member who blocked the viewer: all alike). With ``image`` False, only whether it
    may be seen (``b""``), without reading the bytes: for a browser that has them."""
    found = Photo.objects.filter(
        member_id=member_id, content_hash=content_hash, member__is_active=True
    ).filter(~Exists(Block.objects.filter(blocker_id=member_id, blocked_id=viewer_id)))
    if not image:
        return b"" if found.exists() else None
    data = found.values_list("small" if small else "large", flat=True).first()
    return None if data is None else bytes(data)


def photo_url(member_id: int, content_hash: str | None, *, small: bool = False) -> str | None:
    """The photo's address, or None without a photo. The hash in it changes with the
    photo, so the address of an image never changes what it shows."""
    if not content_hash:
        return None
    name = "member_photo_small" if small else "member_photo"
    return reverse(name, kwargs={"member_id": member_id, "digest": content_hash})


def photo_hash_loaded(member: object) -> str | None:
    """The hash of ``member``'s photo as the list that read them gave it
    (``photo_hash``, from ``photo_hash_seen`` or ``photo_hash_sql``); for a member read
    without it (one just made, the signed-in member), a query of its own, once."""
    try:
        loaded: str | None = member.photo_hash  # type: ignore[attr-defined]
    except AttributeError:
        pass
    else:
        return loaded
    found = photo_hash_of(member_id=member.pk)  # type: ignore[attr-defined]
    member.photo_hash = found  # type: ignore[attr-defined]
    return found
