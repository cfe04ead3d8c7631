from django.apps import AppConfig


class SafetyConfig(AppConfig):
    """Blocks and reports: a blocked member cannot request, message, introduce,
    match with or find the member who blocked them."""

    name = "rapport.safety"
    label = "safety"
