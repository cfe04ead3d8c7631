"""An import job in the data export: the member's file by the name they gave it, never
where the server keeps it (a path tells the server's layout, not the member's data)."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from rapport.imports.services import import_job_create
from rapport.members.data_export import member_data_export
from tests.imports.conftest import sample


@pytest.fixture
def ana(make_member):
    return make_member("Ana Ruiz", username="ana")


def test_an_uploaded_file_is_exported_by_its_name_not_its_server_path(ana, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    upload = SimpleUploadedFile("Contacts from my phone.vcf", b"BEGIN:VCARD\r\nEND:VCARD\r\n")
    job = import_job_create(owner=ana, source="vcard", upload=upload)
    assert job.path.startswith(str(tmp_path))

    export = member_data_export(member=ana)
    (row,) = export["records"]["imports.ImportJob"]

    assert row["filename"] == "Contacts from my phone.vcf"
    assert row["source"] == "vcard"
    assert "path" not in row
    assert str(tmp_path) not in json.dumps(export, default=str)


def test_a_file_read_in_place_is_exported_without_its_folder(ana):
    job = import_job_create(owner=ana, source="vcard", path=sample("vcard", "apple-contacts.vcf"))

    export = member_data_export(member=ana)
    (row,) = export["records"]["imports.ImportJob"]

    assert row["filename"] == "apple-contacts.vcf"
    assert "path" not in row
    assert job.path not in json.dumps(export, default=str)


def test_the_server_columns_left_out_exist():
    """A renamed column would otherwise slip back into the export unnoticed."""
    from django.apps import apps

    from rapport.members.data_export import SERVER_COLUMNS

    for label, columns in SERVER_COLUMNS.items():
        names = {field.attname for field in apps.get_model(label)._meta.concrete_fields}
        assert set(columns) <= names, (label, set(columns) - names)
