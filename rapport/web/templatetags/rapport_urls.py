"""``{% url %}``, remembering the addresses that take no arguments.

A template builtin (settings.TEMPLATES): it replaces Django's own ``url`` tag in every
template, with the same syntax and output. The navigation alone reverses some twenty
names on every signed-in page, and reversing was a seventh of the home page's time
(docs/benchmarks.md, "Load"). A name without arguments gives the same address for the
life of the process, given the URLconf, the script prefix, the language and the
current app, so those make the key; anything with arguments is reversed each time.
"""

from __future__ import annotations

from django import template
from django.conf import settings
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as django_url
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape
from django.utils.translation import get_language

register = template.Library()

_addresses: dict[tuple[str, str, str, str | None, str | None], str] = {}
# Names are a fixed set, so this stays small; the bound guards against surprises.
_ADDRESSES_MAX = 4096


def _key_base(context: template.Context) -> tuple[str, str, str | None, str | None]:
    """What else decides an address: fixed for one request, so read once per request
    (each part is a context-local lookup, and the navigation asks twenty times)."""
    request = getattr(context, "request", None)
    base = getattr(request, "_remembered_url_key", None)
    if base is not None:
        return base
    current_app = getattr(request, "current_app", None)
    if current_app is None:
        current_app = getattr(getattr(request, "resolver_match", None), "namespace", None)
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    base = (str(urlconf), get_script_prefix(), get_language(), current_app)
    if request is not None:
        request._remembered_url_key = base
    return base


class RememberedURLNode(URLNode):
    def render(self, context: template.Context) -> str:
        if self.args or self.kwargs:
            return super().render(context)
        view_name = self.view_name.resolve(context)
        base = _key_base(context)
        key = (view_name, *base)
        address = _addresses.get(key)
        if address is None:
            try:
                address = reverse(view_name, current_app=base[3])
            except NoReverseMatch:
                if self.asvar is None:
                    raise
                address = ""
            else:
                if len(_addresses) < _ADDRESSES_MAX:
                    _addresses[key] = address
        if self.asvar:
            context[self.asvar] = address
            return ""
        return conditional_escape(address) if context.autoescape else address


@register.tag
def url(parser: template.base.Parser, token: template.base.Token) -> URLNode:
    node = django_url(parser, token)
    return RememberedURLNode(node.view_name, node.args, node.kwargs, node.asvar)
