from django.apps import AppConfig


class WebConfig(AppConfig):
    """The site's shell: base template, stylesheet, home and account pages."""

    name = "rapport.web"
    label = "web"
