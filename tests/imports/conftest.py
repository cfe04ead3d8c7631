"""Sample files and helpers for the import tests."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent.parent / "data" / "imports"


def sample(*parts: str) -> Path:
    return DATA.joinpath(*parts)


def linkedin_files(layout: str) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted((DATA / "linkedin" / layout).iterdir())}


def zipped(files: dict[str, bytes], folder: str = "Basic_LinkedInDataExport_11-01-2026") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(f"{folder}/{name}", data)
    return buffer.getvalue()


@pytest.fixture
def ana(make_member):
    return make_member("Ana Ruiz", username="ana")
