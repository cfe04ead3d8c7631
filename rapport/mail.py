"""Mail from templates: each message Rapport sends is a subject template beside a body
template, ``<name>_subject.txt`` and ``<name>.txt`` (and ``<name>.html`` for one with
an HTML part).

The subject's whitespace is folded to single spaces: a template ends in a newline, and
a header with a line break in it is refused by Django (``BadHeaderError``).
"""

from __future__ import annotations

from collections.abc import Mapping

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def templated_email(
    name: str, context: Mapping[str, object], *, to: str, html: bool = False
) -> EmailMultiAlternatives:
    """The message ``name``'s templates make with ``context``, from the site's sender,
    to ``to``; rendered now, in whatever time zone is active (``member_time_zone``)."""
    message = EmailMultiAlternatives(
        subject=" ".join(render_to_string(f"{name}_subject.txt", context).split()),
        body=render_to_string(f"{name}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
    )
    if html:
        message.attach_alternative(render_to_string(f"{name}.html", context), "text/html")
    return message
