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

The site may be served under a path of its host (``https://example.org/rapport``).
``{% url %}`` and ``reverse`` put Django's script prefix first, which only a request
sets: the worker's scheduler runs in a thread where it was never set (Django ticket
#34028). So a mail's templates are rendered under the site's own prefix, with
``site_url`` the scheme and host alone, and ``site_link`` puts the site's path in place
of whatever prefix its caller's ``reverse`` used.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.urls import get_script_prefix, set_script_prefix


def site_link(path: str) -> str:
    """``path`` (as ``reverse`` gives it, in the caller's thread) as an absolute link to
    this site, under the site's path whatever script prefix that thread knew."""
    return f"{settings.RAPPORT_SITE_URL}/{path.removeprefix(get_script_prefix())}"


def _origin() -> str:
    """The site's scheme and host (and port), without its path."""
    parts = urlsplit(settings.RAPPORT_SITE_URL)
    return f"{parts.scheme}://{parts.netloc}"


@contextmanager
def _site_script_prefix() -> Iterator[None]:
    """``{% url %}`` gives the addresses a member's browser asks for, in any thread;
    the thread's own prefix is back afterwards."""
    before = get_script_prefix()
    set_script_prefix(urlsplit(settings.RAPPORT_SITE_URL).path + "/")
    try:
        yield
    finally:
        set_script_prefix(before)


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
    context = {"site_url": _origin(), **context}
    with _site_script_prefix():
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
