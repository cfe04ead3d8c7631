from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """Running Rapport: the serve and worker commands."""

    name = "rapport.operations"
    label = "operations"
