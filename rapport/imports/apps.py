from django.apps import AppConfig


class ImportsConfig(AppConfig):
    """Bringing a network in: LinkedIn exports, vCards, contact CSVs and mail archives,
    parsed, matched against the keeper and written all or nothing."""

    name = "rapport.imports"
    label = "imports"
