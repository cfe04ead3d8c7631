from django.apps import AppConfig


class IntroductionsConfig(AppConfig):
    """Double-opt-in introductions: each side says yes privately before either
    learns of the other."""

    name = "rapport.introductions"
    label = "introductions"
