"""The ``{% url %}`` builtin that remembers addresses writes exactly what Django's own
tag writes, for names with and without arguments, and still fails the same way."""

from __future__ import annotations

import pytest
from django.template import Context, Engine, RequestContext, Template
from django.template.defaulttags import URLNode
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse

from rapport.web.templatetags.rapport_urls import RememberedURLNode

CASES = [
    ("{% url 'home' %}", {}),
    ("{% url 'search' %}", {}),
    ("{% url 'conversation' 12 %}", {}),
    ("{% url 'conversation' pk %}", {"pk": 987}),
    ("{% url 'member_profile' pk %}?from=home", {"pk": 0}),
    ("{% url 'member_profile' pk %}", {"pk": "41"}),  # text: reversed each time
    ("{% url 'conversation' conversation_id=pk %}", {"pk": 5}),  # keyword: the same
    ("{% url 'requests_inbox' as inbox %}[{{ inbox }}]", {}),
    ("{% url 'no_such_page' as missing %}[{{ missing }}]", {}),
]


def _render(source: str, values: dict, *, remembered: bool, request=None) -> str:
    """Through the project's engine (the remembering builtin) or a plain Django one."""
    engine = Engine.get_default() if remembered else Engine()
    template = Template(source, engine=engine)
    context = RequestContext(request, values) if request else Context(values)
    return template.render(context)


@pytest.mark.parametrize(("source", "values"), CASES)
def test_the_remembered_tag_writes_what_django_writes(source, values):
    request = RequestFactory().get("/")
    for _ in range(3):  # the first call learns, the next ones remember
        assert _render(source, values, remembered=True, request=request) == _render(
            source, values, remembered=False
        )


def test_it_is_the_builtin_for_every_template():
    template = Engine.get_default().from_string("{% url 'home' %}")
    assert isinstance(template.nodelist[0], RememberedURLNode)
    plain = Engine().from_string("{% url 'home' %}")
    assert type(plain.nodelist[0]) is URLNode


def test_a_wrong_name_or_argument_still_fails_loudly():
    with pytest.raises(NoReverseMatch):
        _render("{% url 'no_such_page' %}", {}, remembered=True)
    with pytest.raises(NoReverseMatch):
        _render("{% url 'conversation' pk %}", {"pk": -3}, remembered=True)


def test_addresses_follow_the_script_prefix(settings):
    from django.urls import get_script_prefix, set_script_prefix

    before = get_script_prefix()
    try:
        set_script_prefix("/rapport/")
        assert _render("{% url 'home' %}", {}, remembered=True) == reverse("home")
        assert _render("{% url 'conversation' 3 %}", {}, remembered=True) == reverse(
            "conversation", args=[3]
        )
        assert reverse("home").startswith("/rapport/")
    finally:
        set_script_prefix(before)
