"""Image files for the photo tests, made here with Pillow: a photo as a phone writes it
(EXIF with a GPS position, an orientation, a camera), and files that must be refused."""

from __future__ import annotations

import io
import struct
import zlib
from fractions import Fraction

from PIL import Image

# Where the test photo says it was taken: a house in Manchester, to the metre.
LATITUDE = (Fraction(53), Fraction(28), Fraction(4607, 100))
LONGITUDE = (Fraction(2), Fraction(14), Fraction(3318, 100))
CAMERA = "PocketPhone 12"
# EXIF tags: the GPS IFD, orientation, camera make, and the GPS fields.
GPS_IFD, ORIENTATION, MAKE = 0x8825, 0x0112, 0x010F
GPS_LATITUDE_REF, GPS_LATITUDE, GPS_LONGITUDE_REF, GPS_LONGITUDE = 1, 2, 3, 4


def picture(width: int, height: int, *, mode: str = "RGB") -> Image.Image:
    """Left half red, right half blue, a green band along the top: which way is up and
    what was cut away can be read from the pixels."""
    image = Image.new(mode, (width, height), (200, 30, 30) if mode != "L" else 90)
    if mode != "L":
        image.paste((30, 30, 200), (width // 2, 0, width, height))
        image.paste((30, 170, 60), (0, 0, width, max(1, height // 8)))
    return image


def encoded(image: Image.Image, format: str, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, format=format, **options)
    return out.getvalue()


def phone_jpeg(width: int = 400, height: int = 300, *, orientation: int = 1) -> bytes:
    """A JPEG as a phone saves it: EXIF with the camera, the orientation and the GPS
    position of where it was taken, and a comment."""
    exif = Image.Exif()
    exif[MAKE] = CAMERA
    exif[ORIENTATION] = orientation
    gps = exif.get_ifd(GPS_IFD)
    gps[GPS_LATITUDE_REF] = "N"
    gps[GPS_LATITUDE] = LATITUDE
    gps[GPS_LONGITUDE_REF] = "W"
    gps[GPS_LONGITUDE] = LONGITUDE
    return encoded(
        picture(width, height), "JPEG", exif=exif.tobytes(), comment=b"Taken at home", quality=90
    )


def png(width: int = 200, height: int = 200, **options) -> bytes:
    return encoded(picture(width, height), "PNG", **options)


def webp(width: int = 200, height: int = 200) -> bytes:
    return encoded(picture(width, height), "WEBP")


def gif(width: int = 100, height: int = 100) -> bytes:
    return encoded(picture(width, height).convert("P"), "GIF")


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header says it is ``width``x``height``: a decompression bomb's
    shape. Only the header matters: nothing past it is ever decoded."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 64)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )
