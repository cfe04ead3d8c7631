"""What Rapport keeps of an uploaded photo: the centre square, upright, at 256 and 64
pixels, as WebP, with none of the file's metadata; and what it refuses, naming why."""

from __future__ import annotations

import hashlib
import io

import pytest
from PIL import Image

from rapport.errors import InvalidInput
from rapport.photos.processing import MAX_BYTES, PhotoTooLarge, photo_process
from tests.photos.images import (
    CAMERA,
    GPS_IFD,
    GPS_LATITUDE,
    GPS_LONGITUDE,
    LATITUDE,
    LONGITUDE,
    encoded,
    gif,
    phone_jpeg,
    picture,
    png,
    png_claiming,
    webp,
)

# RIFF chunks that would carry metadata in a WebP file, and the markers of EXIF and
# of the GPS position's values inside it.
METADATA_CHUNKS = (b"EXIF", b"XMP ", b"ICCP")


def _opened(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def _colour_at(image: Image.Image, x: float, y: float) -> str:
    """ "red", "blue" or "green": the test picture's colours, at a fraction of the size."""
    r, g, b = image.convert("RGB").getpixel((int(x * image.width), int(y * image.height)))
    return max((("red", r), ("green", g), ("blue", b)), key=lambda pair: pair[1])[0]


def test_a_phone_photo_loses_its_gps_position_camera_and_comment():
    upload = phone_jpeg()
    gps = _opened(upload).getexif().get_ifd(GPS_IFD)
    assert gps[GPS_LATITUDE] == LATITUDE and gps[GPS_LONGITUDE] == LONGITUDE  # it had them
    assert CAMERA.encode() in upload

    kept = photo_process(upload)

    for data in (kept.large, kept.small):
        image = _opened(data)
        assert image.format == "WEBP"
        assert not image.getexif()
        assert not {"exif", "xmp", "icc_profile", "comment"} & set(image.info)
        assert not any(chunk in data for chunk in METADATA_CHUNKS)
        assert CAMERA.encode() not in data and b"Taken at home" not in data
        assert b"Exif" not in data


def test_a_photo_is_kept_as_a_square_of_256_and_one_of_64():
    kept = photo_process(png(300, 200))
    assert _opened(kept.large).size == (256, 256)
    assert _opened(kept.small).size == (64, 64)
    assert kept.content_hash == hashlib.sha256(kept.large).hexdigest()


def test_the_square_is_cut_from_the_middle():
    """A wide picture, red on the left half, blue on the right: the middle square keeps
    both halves, split down its middle."""
    image = _opened(photo_process(png(600, 200)).large)
    assert _colour_at(image, 0.2, 0.6) == "red"
    assert _colour_at(image, 0.8, 0.6) == "blue"


def test_the_orientation_a_phone_wrote_is_applied_to_the_pixels():
    """Orientation 6: the camera held upright, the sensor's picture stored turned a
    quarter to the left. Kept upright, the green band (the picture's top) comes to the
    right-hand side, and the red half (its left) to the top."""
    stored_sideways = _opened(photo_process(phone_jpeg(400, 400, orientation=1)).large)
    upright = _opened(photo_process(phone_jpeg(400, 400, orientation=6)).large)
    assert _colour_at(stored_sideways, 0.5, 0.03) == "green"
    assert _colour_at(upright, 0.97, 0.5) == "green"
    assert _colour_at(upright, 0.3, 0.2) == "red"
    assert _colour_at(upright, 0.3, 0.8) == "blue"


@pytest.mark.parametrize(
    "upload",
    [png(200, 200), webp(200, 200), encoded(picture(150, 150, mode="L"), "JPEG")],
    ids=["png", "webp", "greyscale-jpeg"],
)
def test_png_webp_and_jpeg_are_taken(upload):
    assert _opened(photo_process(upload).large).size == (256, 256)


def test_a_transparent_png_is_laid_over_white():
    clear = Image.new("RGBA", (100, 100), (0, 0, 0, 0))
    image = _opened(photo_process(encoded(clear, "PNG")).large).convert("RGB")
    assert min(image.getpixel((128, 128))) > 240


def test_a_colour_profile_is_applied_then_dropped():
    from PIL import ImageCms

    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("LAB")).tobytes()
    upload = encoded(picture(120, 120), "JPEG", icc_profile=profile)
    kept = photo_process(upload)
    assert "icc_profile" not in _opened(kept.large).info


def _refused(upload: bytes) -> InvalidInput:
    with pytest.raises(InvalidInput) as refused:
        photo_process(upload)
    assert refused.value.field == "photo"
    return refused.value


def test_a_file_over_8_mb_is_refused_with_413_naming_the_limit():
    with pytest.raises(PhotoTooLarge) as refused:
        photo_process(b"\xff" * (MAX_BYTES + 1))
    assert refused.value.status == 413
    assert refused.value.code == "photo_too_large"
    assert "at most 8 MB" in refused.value.message


def test_a_decompression_bomb_is_refused_before_a_pixel_is_decoded():
    """40 000 x 40 000 pixels (4.8 GB of pixels) in a file of a hundred bytes."""
    error = _refused(png_claiming(40_000, 40_000))
    assert error.code == "photo_too_many_pixels"
    assert "at most 40 megapixels" in error.message


def test_an_image_over_the_pixel_limit_says_its_size():
    error = _refused(png_claiming(8000, 6000))
    assert error.code == "photo_too_many_pixels"
    assert "8000x6000 pixels (48 megapixels)" in error.message


def test_a_small_image_is_refused_naming_the_least():
    error = _refused(png(63, 200))
    assert error.code == "photo_too_small"
    assert "63x200" in error.message and "at least 64x64" in error.message


def test_another_format_is_named_in_its_refusal():
    error = _refused(gif())
    assert error.code == "photo_unsupported_format"
    assert "GIF" in error.message and "JPEG, PNG or WebP" in error.message


@pytest.mark.parametrize(
    "upload", [b"", b"hello, this is text", b"%PDF-1.7\n..."], ids=["empty", "text", "pdf"]
)
def test_what_is_not_an_image_is_refused(upload):
    error = _refused(upload)
    assert error.code == "photo_not_an_image"


def test_a_truncated_image_is_refused_as_damaged():
    whole = png(300, 300)
    error = _refused(whole[: len(whole) // 2])
    assert error.code == "photo_not_an_image"
    assert "damaged or incomplete" in error.message
