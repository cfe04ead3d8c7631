"""``{% url %}``, remembering what it reversed before.

A template builtin (settings.TEMPLATES): it replaces Django's own ``url`` tag in every
template, with the same syntax and output. The navigation alone reverses some twenty
names on every signed-in page, and lists reverse one per row; reversing was a seventh
of the home page's time (docs/benchmarks.md, "Load").

- A name without arguments gives the same address for the life of the process, given
  the URLconf, the script prefix, the language and the current app: those make the key.
- A name with whole-number arguments (``{% url 'conversation' item.pk %}``) is reversed
  once with marker numbers; the address is then the text around the markers with the
  arguments in their place, which is what reversing gives for ``<int:...>`` parts.
  Anything else (text, keyword or negative arguments) is reversed each time.
"""

from __future__ import annotations

from typing import TypeVar

from django import template
from django.conf import settings
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as django_url
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape
from django.utils.translation import get_language

register = template.Library()

# Markers stand for arguments; numbers no real id reaches, so none can clash.
_MARKER_BASE = 987_654_321_000
# The address around each argument, or None when markers cannot be trusted (the
# pattern changed them, a converter other than int); keyed like ``_addresses``.
_shapes: dict[tuple[object, ...], list[str] | None] = {}
_addresses: dict[tuple[object, ...], str] = {}
# Names are a fixed set, so these stay small; the bound guards against surprises.
_REMEMBERED_MAX = 4096

V = TypeVar("V")


# The URLconf, the script prefix, the language and the current app.
KeyBase = tuple[str, str, str | None, str | None]


def _key_base(context: template.Context) -> KeyBase:
    """What else decides an address: fixed for one request, so read once per request
    (each part is a context-local lookup, and a page asks dozens of times)."""
    request = getattr(context, "request", None)
    base: KeyBase | None = getattr(request, "_remembered_url_key", None)
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


def _shape(view_name: str, arity: int, current_app: str | None) -> list[str] | None:
    markers = [str(_MARKER_BASE + position) for position in range(arity)]
    try:
        address = reverse(view_name, args=markers, current_app=current_app)
    except NoReverseMatch:
        return None
    parts = []
    rest = address
    for marker in markers:
        if rest.count(marker) != 1:
            return None
        before, rest = rest.split(marker)
        parts.append(before)
    parts.append(rest)
    # A converter that rewrites numbers (zero-padding, say) would keep the markers
    # and still differ: check the shape against one real reversal before trusting it.
    probe = [7 + position for position in range(arity)]
    expected = reverse(view_name, args=probe, current_app=current_app)
    if _fill(parts, probe) != expected:
        return None
    return parts


def _fill(parts: list[str], args: list[int]) -> str:
    return parts[0] + "".join(str(arg) + part for arg, part in zip(args, parts[1:], strict=True))


def _remember(store: dict[tuple[object, ...], V], key: tuple[object, ...], value: V) -> None:
    if len(store) < _REMEMBERED_MAX:
        store[key] = value


def _remembered_shape(view_name: str, arity: int, base: KeyBase) -> list[str] | None:
    key = (view_name, arity, *base)
    if key not in _shapes:
        _remember(_shapes, key, _shape(view_name, arity, base[3]))
    return _shapes.get(key)


def address_with_ids(context: template.Context, view_name: str, *ids: int) -> str:
    """What ``{% url view_name id ... %}`` gives in ``context``, for Python that writes
    markup itself (rapport_lists): the remembered shape, filled."""
    base = _key_base(context)
    parts = _remembered_shape(view_name, len(ids), base)
    if parts is None or any(type(arg) is not int or arg < 0 for arg in ids):
        return reverse(view_name, args=ids, current_app=base[3])
    return _fill(parts, list(ids))


class RememberedURLNode(URLNode):
    def render(self, context: template.Context) -> str:
        if self.kwargs:
            return super().render(context)
        args = [arg.resolve(context) for arg in self.args]
        if any(type(arg) is not int or arg < 0 for arg in args):
            return super().render(context)
        view_name = self.view_name.resolve(context)
        base = _key_base(context)
        address: str | None
        if args:
            parts = _remembered_shape(view_name, len(args), base)
            if parts is None:
                return super().render(context)
            address = _fill(parts, args)
        else:
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
                    _remember(_addresses, key, address)
        if self.asvar:
            context[self.asvar] = address
            return ""
        return conditional_escape(address) if context.autoescape else address


@register.tag
def url(parser: template.base.Parser, token: template.base.Token) -> URLNode:
    node = django_url(parser, token)
    return RememberedURLNode(node.view_name, node.args, node.kwargs, node.asvar)
