from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo community that `rapport demo` seeds."""

    name = "rapport.demo"
    label = "demo"
