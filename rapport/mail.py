"""Mail from templates: each message Rapport sends is a subject template beside a body
template, ``<name>_subject.txt`` and ``<name>.txt`` (and ``<name>.html`` for one with
an HTML part).

The subject's whitespace is folded to single spaces: a template ends in a newline, and
a header with a line break in it is refused by Django (``BadHeaderError``).

The subject and the plain-text body are rendered without HTML escaping, whatever the
template says: nothing reads them as HTML, so an escaped name (``O&#x27;Neil &amp;
Co``) is what the reader would see. Only the HTML part escapes.

Mail is sent by the worker, with no request to say where the site is: its links are
made absolute with ``RAPPORT_SITE_URL`` (``site_link``, or ``{{ site_url }}`` before a
``{% url %}`` in a template: every mail's context has it).
"""

from __future__ import annotations

from collections.abc import Mapping

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import Context
from django.template.loader import get_template, render_to_string


def site_link(path: str) -> str:
    """``path`` (as ``reverse`` gives it) as an absolute link to this site."""
    return settings.RAPPORT_SITE_URL + path


def _plain_text(name: str, context: Mapping[str, object]) -> str:
    """Template ``name`` rendered with autoescaping off, for a part read as plain text."""
    template = get_template(name).template  # type: ignore[attr-defined]  # Django's engine
    return str(template.render(Context(dict(context), autoescape=False)))


def templated_email(
    name: str,
    context: Mapping[str, object],
    *,
    to: str,
    html: bool = False,
    headers: Mapping[str, str] | None = None,
) -> EmailMultiAlternatives:
    """The message ``name``'s templates make with ``context``, from the site's sender,
    to ``to``, with any extra ``headers``; rendered now, in whatever time zone is active
    (``member_time_zone``)."""
    context = {"site_url": settings.RAPPORT_SITE_URL, **context}
    message = EmailMultiAlternatives(
        subject=" ".join(_plain_text(f"{name}_subject.txt", context).split()),
        body=_plain_text(f"{name}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers=dict(headers or {}),
    )
    if html:
        message.attach_alternative(render_to_string(f"{name}.html", context), "text/html")
    return message
