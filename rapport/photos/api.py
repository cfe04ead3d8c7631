"""Your photo over the API: upload one (the image itself as the body), or remove it.

Members' photos are read through the addresses the API gives with each member it
shows (``photo_url``, ``photo_small_url`` on ``MemberOut``), under the rule of the
profile pages: whoever may see a member's profile may see their photo
(``rapport.photos.selectors``).
"""

from __future__ import annotations

from ninja import Router, Status

from rapport.error_schemas import AUTHENTICATED_UNSAFE, error_responses
from rapport.errors import InvalidInput
from rapport.photos.models import Photo
from rapport.photos.processing import ACCEPTED_TEXT, LIMITS_TEXT, MAX_BYTES, photo_too_large
from rapport.photos.schemas import PhotoOut
from rapport.photos.selectors import photo_url
from rapport.photos.services import photo_remove, photo_set
from rapport.typed_requests import ApiRequest

router = Router(tags=["Profile"])

_IMAGE_BODY = {"schema": {"type": "string", "format": "binary"}}
_UPLOAD = {
    "requestBody": {
        "required": True,
        "description": f"The image file itself, not a form: {LIMITS_TEXT}.",
        "content": {kind: _IMAGE_BODY for kind in ("image/jpeg", "image/png", "image/webp")},
    }
}


def photo_out(photo: Photo) -> dict[str, object]:
    return {
        "photo_url": photo_url(photo.member_id, photo.content_hash),
        "photo_small_url": photo_url(photo.member_id, photo.content_hash, small=True),
        "uploaded_at": photo.uploaded_at,
    }


@router.put(
    "/me/photo",
    summary="Upload your photo",
    response={200: PhotoOut, **error_responses(*AUTHENTICATED_UNSAFE, 413, 422, 429)},
    openapi_extra=_UPLOAD,
)
def me_photo_put(request: ApiRequest) -> dict[str, object]:
    """Upload your photo, replacing the one you had: the image file as the body
    (`curl -X PUT --data-binary @me.jpg -H 'Content-Type: image/jpeg' ...`).

    Rapport keeps the centre square, at 256 and 64 pixels, as WebP, turned upright as
    the camera said, without the file's metadata (camera, date, GPS position); the
    file itself is not kept. 413 `photo_too_large` over 8 MB; 422 on `photo` with
    `photo_not_an_image`, `photo_unsupported_format` (GIF, HEIC...),
    `photo_too_many_pixels` (over 40 megapixels) or `photo_too_small` (under 64x64).
    429 `photo_uploads_per_day` past 20 uploads in 24 hours, with `retry_at` and
    `Retry-After`: each costs the server a moment's work, so the image is not read.
    """
    if request.content_type == "multipart/form-data":
        raise InvalidInput(
            f"Send the image file itself as the body ({ACCEPTED_TEXT}, with its "
            "Content-Type), not a multipart form.",
            field="photo",
            code="photo_not_an_image",
        )
    # Read straight from the request, at most one byte past the limit: Django's
    # ``request.body`` would refuse anything over DATA_UPLOAD_MAX_MEMORY_SIZE first.
    data = request.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
        raise photo_too_large(max(declared, len(data)))
    return photo_out(photo_set(member=request.auth, data=data))


@router.delete(
    "/me/photo",
    summary="Remove your photo",
    response={204: None, **error_responses(*AUTHENTICATED_UNSAFE)},
)
def me_photo_delete(request: ApiRequest) -> Status[None]:
    """Remove your photo; members see your initials instead. 204 whether or not you
    had one."""
    photo_remove(member=request.auth)
    return Status(204, None)
