"""An import's upload, refused while it arrives once it passes the limit.

Django's own upload handlers write a file over 2.5 MB to a temporary file as it
arrives, and only then could anything look at its size: a member could fill the
server's disk with whatever the reverse proxy lets through. ``ImportUploadLimit``,
put first among a request's upload handlers before anything reads the body, counts
each file's bytes and stops the upload the moment one passes
``RAPPORT_IMPORT_MAX_BYTES``: Django then closes, and so deletes, what the handlers
after it had written, and the request answers ``UploadTooLarge`` (413) naming the limit.
"""

from __future__ import annotations

from typing import Any

from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest

from rapport.errors import RapportError
from rapport.imports.services import max_bytes

MEGABYTE = 1024 * 1024


class UploadTooLarge(RapportError):
    """A file past the import limit, stopped before its end: its size is not known."""

    status = 413
    code = "file_too_large"


def _size(limit: int) -> str:
    if limit >= MEGABYTE:
        return f"{limit / MEGABYTE:.1f}".removesuffix(".0") + " MB"
    return f"{limit:,} bytes"


def upload_too_large(limit: int) -> UploadTooLarge:
    return UploadTooLarge(
        f"The file is larger than {_size(limit)}, the most an import takes "
        "(RAPPORT_IMPORT_MAX_BYTES). Send a smaller file, or ask whoever runs this "
        "site to raise the limit.",
        field="file",
    )


class ImportUploadLimit(FileUploadHandler):
    """Passes each chunk on to the handlers after it, counting; past the limit, stops
    the upload. The refusal is raised once Django has cleaned up (``upload_complete``),
    from whatever first reads the form: the CSRF check on the page, the sign-in or the
    parameters in the API.

    ``connection_reset``: whether to stop reading the body there. An API client reads
    the 413 at once; a browser still sending when the answer comes shows "connection
    reset" rather than the page (Django's ``StopUpload``), so the page reads the rest,
    and throws it away.
    """

    def __init__(self, request: HttpRequest, *, connection_reset: bool) -> None:
        super().__init__(request)
        self.limit = max_bytes()
        self.connection_reset = connection_reset
        self.received = 0
        self.refused = False

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > self.limit:
            self.refused = True
            raise StopUpload(connection_reset=self.connection_reset)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None  # the handlers after this one keep the file

    def upload_complete(self) -> None:
        if self.refused:
            raise upload_too_large(self.limit)


def import_upload_limited(request: HttpRequest, *, connection_reset: bool) -> None:
    """Put the limit first among the request's upload handlers; before the body is read."""
    request.upload_handlers.insert(0, ImportUploadLimit(request, connection_reset=connection_reset))
