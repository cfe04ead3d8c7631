"""``{% remember %}``: markup that is the same for everyone, rendered once per process.

Every page renders the same ``<head>`` and navigation: some twenty addresses, four
static file names and as many comparisons with the current page, a third of the home
page's rendering (docs/benchmarks.md, "Load"). Inside ``{% remember %}`` that markup is
rendered the first time and its text reused afterwards::

    {% remember nav_current %} ...links, {% if nav_current == 'home' %}...{% endremember %}

The text depends on nothing but what the tag names, by construction: the block is
rendered in a context holding only the named variables (no ``user``, no ``request``,
no CSRF token, nothing a view passed), so anything personal inside it comes out
empty on the first render, where a test sees it, rather than once for everyone. The
kept text is keyed by the block, the named variables' values and what else decides
an address or a file name (URLconf, script prefix, language, autoescaping), and is
forgotten when settings change (tests). A bounded number of texts is kept; past the
bound a block is rendered each time, as without the tag. A ``{% block %}`` inside is
refused: a child template's block would differ by page.
"""

from __future__ import annotations

import itertools
from typing import cast

from django import template
from django.core.signals import setting_changed
from django.template.loader_tags import BlockNode
from django.urls import get_script_prefix, get_urlconf
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()

# Names and the few values each takes (nav_current: one per page): a few hundred at most.
_REMEMBERED_MAX = 2048
_texts: dict[tuple[object, ...], str] = {}
# Each block's own number: unlike id(), never reused by a block parsed after a template
# was reloaded (development), so a reloaded template never gets an old text.
_blocks = itertools.count()


def _forget(**kwargs: object) -> None:
    _texts.clear()


setting_changed.connect(_forget, dispatch_uid="rapport.web.remembered_fragments")


class RememberNode(template.Node):
    # Not searched for {% block %}s (an {% extends %} searches its parent's whole tree on
    # every render): a block inside would differ by page, which this tag must not hold.
    child_nodelists = ()

    def __init__(self, nodelist: template.NodeList, names: list[str]) -> None:
        self.nodelist = nodelist
        self.names = names
        self.number = next(_blocks)

    def render(self, context: template.Context) -> str:
        # What decides addresses is fixed for one rendering: looked up once for all blocks.
        # django-stubs types these keys as includes and names; Django's own tags key it
        # by anything (their nodes), as this one does.
        shared = cast("dict[object, object]", context.render_context.dicts[0])
        setting = shared.get(RememberNode)
        if setting is None:
            setting = shared[RememberNode] = (get_urlconf(), get_script_prefix(), get_language())
        values = tuple(context.get(name) for name in self.names)
        key = (self.number, values, setting, context.autoescape)
        text = _texts.get(key)
        if text is None:
            isolated = context.new(dict(zip(self.names, values, strict=True)))
            isolated.request = None  # type: ignore[attr-defined]
            text = self.nodelist.render(isolated)
            if len(_texts) < _REMEMBERED_MAX:
                _texts[key] = text
        return mark_safe(text)  # noqa: S308 - the block's own rendering, escaped as it went


@register.tag
def remember(parser: template.base.Parser, token: template.base.Token) -> RememberNode:
    names = token.split_contents()[1:]
    for name in names:
        if not name.isidentifier():
            raise template.TemplateSyntaxError(
                f"{{% remember %}} takes variable names, not {name!r}."
            )
    nodelist = parser.parse(("endremember",))
    parser.delete_first_token()
    if nodelist.get_nodes_by_type(BlockNode):
        raise template.TemplateSyntaxError("{% remember %} cannot hold a {% block %}.")
    return RememberNode(nodelist, names)
