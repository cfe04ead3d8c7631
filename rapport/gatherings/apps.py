from django.apps import AppConfig


class GatheringsConfig(AppConfig):
    """Gatherings: a time, a place, conversation; afterwards attendees may connect
    with "met at" as a verified context."""

    name = "rapport.gatherings"
    label = "gatherings"
