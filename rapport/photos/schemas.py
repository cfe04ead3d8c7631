"""What the photo operations give back."""

from __future__ import annotations

import datetime as dt

from ninja import Schema
from pydantic import Field


class PhotoOut(Schema):
    """Your photo as Rapport keeps it: square WebP images, without the file's metadata."""

    photo_url: str = Field(
        description="The 256x256 image. Its address changes with the photo, so it may be "
        "kept as long as you like; fetch it with your session or your token."
    )
    photo_small_url: str = Field(description="The 64x64 image, for lists.")
    uploaded_at: dt.datetime
