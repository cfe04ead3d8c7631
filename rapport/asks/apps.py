from django.apps import AppConfig


class AsksConfig(AppConfig):
    """Asks and offers, seen only by the poster's own connections."""

    name = "rapport.asks"
    label = "asks"
