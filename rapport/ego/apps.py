from django.apps import AppConfig


class EgoConfig(AppConfig):
    """A member's insights: their own ego network read from the database and put
    through the pure engine in ``rapport.insights``. No models of its own."""

    name = "rapport.ego"
    label = "ego"
