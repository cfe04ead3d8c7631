from django.apps import AppConfig


class KeeperConfig(AppConfig):
    """The keeper: each member's private book of the people they know."""

    name = "rapport.keeper"
    label = "keeper"
