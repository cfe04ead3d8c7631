"""``{% page_link %}``: the help page's links to where each thing is done.

A member gets the link. A visitor who is not signed in gets the page's name alone:
every one of those pages would only send them to log in, and a page of links that all
lead to the same log-in form tells them nothing the one "Log in" link does not.
"""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag(takes_context=True)
def page_link(context: template.Context, name: str, text: str) -> SafeString:
    """A link to the page named ``name`` (a URL name), reading ``text``; ``text`` alone
    for a visitor who is not signed in."""
    user = getattr(context.get("request"), "user", None)
    if user is None or not user.is_authenticated:
        return format_html("{}", text)
    return format_html('<a href="{}">{}</a>', reverse(name), text)
