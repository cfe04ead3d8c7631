from django.apps import AppConfig


class CoffeeConfig(AppConfig):
    """Coffee rounds: members who opt in are paired one to one across clusters and
    organisations, people who would not otherwise meet."""

    name = "rapport.coffee"
    label = "coffee"
