"""The photo form on the profile page, and how its upload is received.

The form only reads what was sent; ``photo_process`` judges it. The upload is kept
in memory and never written to a temporary file (``PhotoUploadHandler``): the original
bytes, with whatever metadata they carry, are never stored, not even for a moment.
"""

from __future__ import annotations

import io
from typing import Any

from django import forms
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler

from rapport.photos.processing import LIMITS_TEXT, MAX_BYTES

ACCEPT = "image/jpeg,image/png,image/webp"


class PhotoForm(forms.Form):
    """Not a ``RequiredFieldsForm``: a profile needs no photo (members see initials
    without one), and "(required)" on its only field read as if it did. Sent empty,
    the upload names what is missing itself ("Choose a photo to upload.")."""

    photo = forms.FileField(
        label="Your photo",
        required=False,
        help_text=f"A photo of you, so that people you know recognise you: {LIMITS_TEXT}. "
        "Rapport keeps a square of it from the middle, without the file's details "
        "(camera, date, place). Members who may see your profile see it.",
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
    )


class PhotoUploadHandler(FileUploadHandler):
    """Keeps an uploaded file in memory, at most ``MAX_BYTES`` and one more byte: enough
    to refuse a larger one by its size, which is still counted to the end to be named.
    Django's own handlers write a file over 2.5 MB to a temporary file on disk."""

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.kept = io.BytesIO()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        room = MAX_BYTES + 1 - self.kept.tell()
        if room > 0:
            self.kept.write(raw_data[:room])

    def file_complete(self, file_size: int) -> InMemoryUploadedFile:
        self.kept.seek(0)
        return InMemoryUploadedFile(
            file=self.kept,
            field_name=self.field_name,
            name=self.file_name,
            content_type=self.content_type,
            size=file_size,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )
