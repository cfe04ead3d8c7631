"""The upload page says what it needs: the addresses box is required for a mail
archive only (rapport/web/required_fields.py's ``required_when``), as the service
refuses a mail archive without them."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests.web.test_required_fields import field, help_text, said_required


def logged_in(member):
    client = Client()
    client.force_login(member)
    return client


def test_the_addresses_box_says_it_is_needed_for_a_mail_archive(ana):
    response = logged_in(ana).get(reverse("imports"))

    assert not said_required(response, "id_me")  # nothing chosen yet
    assert help_text(response, "id_me").startswith("Required for “Mail archive (mbox)”")
    box, label = field(response, "id_me")
    assert box["data-required-when"] == "source=mbox"
    assert box["aria-describedby"] == "id_me_helptext"
    assert label == "Your email addresses:"


@pytest.mark.parametrize(("source", "needed"), [("mbox", True), ("vcard", False)])
def test_the_page_sent_back_marks_the_box_for_the_choice_made(ana, source, needed):
    # No file: the form comes back with the source chosen.
    response = logged_in(ana).post(reverse("imports"), {"source": source})

    assert response.status_code == 422
    assert said_required(response, "id_me") is needed
    _box, label = field(response, "id_me")
    assert label == ("Your email addresses (required):" if needed else "Your email addresses:")


def test_a_mail_archive_sent_without_addresses_is_refused_beside_the_box(ana):
    upload = SimpleUploadedFile("mail.mbox", b"From someone\n")

    response = logged_in(ana).post(reverse("imports"), {"source": "mbox", "file": upload})

    assert response.status_code == 422
    assert said_required(response, "id_me")
    box, _label = field(response, "id_me")
    assert box["aria-invalid"] == "true"
