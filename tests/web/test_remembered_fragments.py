"""``{% remember %}`` (rapport/web/templatetags/rapport_fragments.py): markup that is
the same for everyone is rendered once, and nothing personal can be kept in it."""

from __future__ import annotations

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.test import RequestFactory
from django.urls import reverse

from rapport.web.templatetags import rapport_fragments


def _render(source: str, **context) -> str:
    request = RequestFactory().get("/")
    return Template("{% load rapport_fragments %}" + source).render(
        Context({**context, "request": request})
    )


def test_a_block_renders_as_it_would_without_the_tag():
    inner = "<a href=\"{% url 'search' %}\">{% if page == 'search' %}here{% endif %}</a>"
    for page in ("search", "home", None):
        remembered = _render("{% remember page %}" + inner + "{% endremember %}", page=page)
        assert remembered == _render(inner, page=page)


def test_the_text_is_kept_per_value_of_the_names_it_lists(monkeypatch):
    renders = []
    original = rapport_fragments.template.NodeList.render

    def counting(self, context):
        renders.append(1)
        return original(self, context)

    template = Template(
        "{% load rapport_fragments %}{% remember page %}[{{ page }}]{% endremember %}"
    )
    monkeypatch.setattr(rapport_fragments.template.NodeList, "render", counting)
    outputs = [template.render(Context({"page": page})) for page in ("a", "b", "a", "b", "a")]
    assert outputs == ["[a]", "[b]", "[a]", "[b]", "[a]"]
    # The template's own list once per render, the block's list once per value.
    assert len(renders) == 5 + 2


def test_nothing_but_the_named_variables_reaches_the_block():
    source = (
        "{% remember page %}{{ page }}|{{ user }}|{{ secret }}|{{ request.path }}|"
        "{% csrf_token %}{% endremember %}"
    )
    for user in ("Ana Ruiz", "Ben Okafor"):
        text = _render(source, page="home", user=user, secret="s3cret", csrf_token="t0ken")
        assert text == "home||||"


def test_a_block_inside_is_refused():
    with pytest.raises(TemplateSyntaxError, match="cannot hold a"):
        Template(
            "{% load rapport_fragments %}{% remember %}{% block x %}{% endblock %}{% endremember %}"
        )


def test_only_variable_names_are_taken():
    with pytest.raises(TemplateSyntaxError, match="takes variable names"):
        Template("{% load rapport_fragments %}{% remember 'home' %}{% endremember %}")


def test_changed_settings_forget_what_was_kept(settings):
    source = "{% remember %}{% load static %}{% static 'rapport/rapport.css' %}{% endremember %}"
    before = _render(source)
    settings.STATIC_URL = "/elsewhere/"
    after = _render(source)
    assert before != after and after.startswith("/elsewhere/")


@pytest.mark.django_db
def test_the_navigation_marks_each_page_and_names_each_member(make_member, signed_in):
    ana, ben = make_member("Ana Ruiz"), make_member("Ben Okafor")
    home = signed_in(ana).get(reverse("home")).content.decode()
    search = signed_in(ben).get(reverse("search")).content.decode()
    assert f'<a href="{reverse("home")}" aria-current="page">Home</a>' in home
    assert f'<a href="{reverse("search")}" aria-current="page">' not in home
    assert f'<a href="{reverse("search")}" aria-current="page">Find members</a>' in search
    assert f'<a href="{reverse("home")}" aria-current="page">' not in search
    assert "<summary>Ana Ruiz</summary>" in home and "Ben Okafor" not in home
    assert "<summary>Ben Okafor</summary>" in search and "Ana Ruiz" not in search
    assert 'name="csrfmiddlewaretoken"' in home and 'name="csrfmiddlewaretoken"' in search
