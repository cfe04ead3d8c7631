"""From the file a member uploads to the two images Rapport keeps.

The upload is read with Pillow, within limits set before any pixel is decoded, and
then drawn again from its pixels alone:

- **Limits.** At most ``MAX_BYTES`` of file, at most ``MAX_PIXELS`` once decoded (a
  small PNG can unpack to gigabytes: a "decompression bomb"; Pillow's own guard,
  ``Image.MAX_IMAGE_PIXELS``, is a warning first, made an error here), at least
  ``MIN_SIDE`` pixels a side, and only JPEG, PNG or WebP. Each refusal names the limit.
- **Orientation.** A phone stores a portrait photo sideways with an EXIF note saying
  which way is up; the note is applied to the pixels (``ImageOps.exif_transpose``)
  before it is thrown away with the rest of the metadata.
- **Nothing but pixels.** EXIF (camera, time, the GPS position of where a photo was
  taken: often the member's home), XMP, comments and colour profiles are not copied:
  the images are made anew from the pixel values, converted to sRGB first so that
  colours survive losing the profile.
- **Square.** The centre square of the photo, resized to 256 and 64 pixels a side,
  encoded as WebP. The original bytes are never stored nor served.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import warnings
from dataclasses import dataclass
from typing import cast

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from rapport.errors import InvalidInput, RapportError
from rapport.photos.models import LARGE, SMALL

MAX_BYTES = 8 * 1024 * 1024
MAX_MEGAPIXELS = 40
MAX_PIXELS = MAX_MEGAPIXELS * 1_000_000
MIN_SIDE = 64
# What Pillow may read an upload as. Any other reader is never tried on an upload's
# pixels; it only names the format of a file that is refused (``_format_name``).
ACCEPTED = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP"}
ACCEPTED_TEXT = "a JPEG, PNG or WebP image"
QUALITY = 82
FIELD = "photo"


class PhotoTooLarge(RapportError):
    """A file over ``MAX_BYTES``: 413, as a body too large for the API."""

    status = 413
    code = "photo_too_large"


@dataclass(frozen=True)
class ProcessedPhoto:
    large: bytes  # LARGExLARGE WebP
    small: bytes  # SMALLxSMALL WebP
    content_hash: str  # SHA-256 of ``large``, hex


def megabytes(size: int) -> str:
    """``8 MB`` for 8 MiB, as the limits are said everywhere (``MAX_BYTES``)."""
    return f"{size / (1024 * 1024):.1f}".removesuffix(".0") + " MB"


LIMITS_TEXT = (
    f"JPEG, PNG or WebP, at most {megabytes(MAX_BYTES)} and {MAX_MEGAPIXELS} megapixels, "
    f"at least {MIN_SIDE}x{MIN_SIDE} pixels"
)


def photo_too_large(size: int) -> PhotoTooLarge:
    return PhotoTooLarge(
        f"The file is {megabytes(size)}; a photo may be at most {megabytes(MAX_BYTES)}. "
        "Choose a smaller one, or save it at a lower size first.",
        field=FIELD,
    )


def photo_process(data: bytes) -> ProcessedPhoto:
    """The square images of an uploaded photo; ``InvalidInput`` (``PhotoTooLarge``)
    naming the limit when it cannot be one."""
    if len(data) > MAX_BYTES:
        raise photo_too_large(len(data))
    if not data:
        raise InvalidInput(
            "The file is empty: choose a photo.", field=FIELD, code="photo_not_an_image"
        )
    image = _opened(data)
    width, height = image.size
    if width * height > MAX_PIXELS:
        raise _too_many_pixels(f"{width}x{height} pixels ({width * height / 1e6:.0f} megapixels)")
    if width < MIN_SIDE or height < MIN_SIDE:
        raise InvalidInput(
            f"The image is {width}x{height} pixels; a photo must be at least "
            f"{MIN_SIDE}x{MIN_SIDE} pixels, so that your face can be recognised.",
            field=FIELD,
            code="photo_too_small",
        )
    try:
        if image.format == "JPEG":
            # Decode at a half, a quarter or an eighth of the size when that still
            # leaves twice the pixels kept: faster, and far less memory.
            image.draft("RGB", (LARGE * 2, LARGE * 2))
        image.load()
        upright = ImageOps.exif_transpose(image)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as error:
        raise InvalidInput(
            f"The image could not be read ({_reason(error)}): it may be damaged or "
            "incomplete. Try saving it again, as a JPEG, PNG or WebP.",
            field=FIELD,
            code="photo_not_an_image",
        ) from None
    square = ImageOps.fit(_in_srgb(upright), (LARGE, LARGE), method=Image.Resampling.LANCZOS)
    large = _encoded(square)
    small = _encoded(square.resize((SMALL, SMALL), Image.Resampling.LANCZOS))
    return ProcessedPhoto(large=large, small=small, content_hash=hashlib.sha256(large).hexdigest())


def _opened(data: bytes) -> Image.Image:
    """The upload opened (its header read, no pixel yet) by one of the accepted readers."""
    with warnings.catch_warnings():
        # Pillow warns past MAX_IMAGE_PIXELS and refuses past twice that; both refuse.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            return Image.open(io.BytesIO(data), formats=list(ACCEPTED))
        except (Image.DecompressionBombWarning, Image.DecompressionBombError):
            raise _too_many_pixels("far too many pixels") from None
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
            pass
    other = _format_name(data)
    if other is not None:
        raise InvalidInput(
            f"This is a {other} image, which Rapport does not take: upload {ACCEPTED_TEXT}.",
            field=FIELD,
            code="photo_unsupported_format",
        )
    raise InvalidInput(
        f"This file is not an image Rapport can read: upload {ACCEPTED_TEXT}.",
        field=FIELD,
        code="photo_not_an_image",
    )


def _format_name(data: bytes) -> str | None:
    """The format of an image no accepted reader took (GIF, HEIC, TIFF...), to name it
    in the refusal; None when no reader knows the file. Only the header is read."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            with Image.open(io.BytesIO(data)) as other:
                return other.format
        except Exception:  # any reader's failure: not an image it knows
            return None


def _too_many_pixels(what: str) -> InvalidInput:
    return InvalidInput(
        f"The image has {what}; a photo may have at most {MAX_MEGAPIXELS} megapixels. "
        "Choose a smaller one, or resize it first.",
        field=FIELD,
        code="photo_too_many_pixels",
    )


def _reason(error: BaseException) -> str:
    text = str(error).strip().rstrip(".")
    return text[:1].lower() + text[1:] if text else type(error).__name__


def _in_srgb(image: Image.Image) -> Image.Image:
    """The image as 8-bit sRGB pixels, its colour profile applied (it is not kept), and
    transparency laid over white (a photo has no holes to see the page through)."""
    profile = image.info.get("icc_profile")
    if profile and image.mode in ("RGB", "RGBA", "CMYK"):
        # A damaged profile: the pixels as they are are close enough.
        with contextlib.suppress(ImageCms.PyCMSError, OSError, ValueError):
            # Pillow types the result "Image | None": None is only for inPlace=True.
            image = cast(
                Image.Image,
                ImageCms.profileToProfile(
                    image,
                    ImageCms.ImageCmsProfile(io.BytesIO(profile)),
                    ImageCms.createProfile("sRGB"),
                    outputMode="RGBA" if image.mode == "RGBA" else "RGB",
                ),
            )
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        with_alpha = image.convert("RGBA")
        flat = Image.new("RGB", with_alpha.size, (255, 255, 255))
        flat.paste(with_alpha, mask=with_alpha.getchannel("A"))
        return flat
    return image.convert("RGB")


def _encoded(image: Image.Image) -> bytes:
    """WebP of the image's pixels and nothing else: a new image is made from the pixel
    values, so no EXIF, XMP, comment or profile of the upload can ride along."""
    clean = Image.frombytes("RGB", image.size, image.tobytes())
    out = io.BytesIO()
    clean.save(out, format="WEBP", quality=QUALITY, method=6)
    return out.getvalue()
