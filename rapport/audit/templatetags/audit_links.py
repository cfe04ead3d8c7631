"""The audit's sentences on its page, where what they name can be a link: the same
sentences reach the API and the downloaded file as plain words."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from rapport.audit.report import IMPORT_PAGE

register = template.Library()


@register.filter
def import_page_linked(sentence: str) -> SafeString:
    """``sentence``, escaped, with its mention of the import page a link to it."""
    link = format_html('<a href="{}">{}</a>', reverse("imports"), IMPORT_PAGE)
    return mark_safe(escape(sentence).replace(IMPORT_PAGE, link, 1))  # noqa: S308
